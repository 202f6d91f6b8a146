/** Cluster set-up shared by browser specs (through the API, as a signed-in analyst or admin). */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { E2E_KUBECONFIG } from './env';

/** Registers the demo cluster and scans it to completion through the API; returns the cluster's name and id. */
export async function scannedDemoCluster(page: Page): Promise<{ id: string; name: string }> {
  const name = `report-${randomBytes(3).toString('hex')}`;
  const created = await page.request.post('/api/clusters', {
    data: { name, environment: 'production', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = ((await created.json()) as { cluster: { id: string } }).cluster.id;
  const started = await page.request.post(`/api/clusters/${id}/scans`);
  expect([200, 201, 202]).toContain(started.status());
  const scanId = ((await started.json()) as { scan: { id: string } }).scan.id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/scans/${scanId}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000, intervals: [1000] })
    .toBe('succeeded');
  return { id, name };
}
