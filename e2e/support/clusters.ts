/** Cluster set-up shared by browser specs (through the API, as a signed-in analyst or admin). */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { E2E_BASE_URL, E2E_KUBECONFIG } from './env';
import { signIn } from './sign-in';

/** Registers the demo cluster (served by kube-sim) through the API, unscanned; returns its name and id. */
export async function registeredDemoCluster(page: Page, prefix = 'demo', labels: Record<string, string> = {}): Promise<{ id: string; name: string }> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  const created = await page.request.post('/api/clusters', {
    data: { name, environment: 'production', labels, credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  return { id: ((await created.json()) as { cluster: { id: string } }).cluster.id, name };
}

/** Registers the demo cluster and scans it to completion through the API; returns the cluster's name and id. */
export async function scannedDemoCluster(page: Page, prefix = 'report', labels: Record<string, string> = {}): Promise<{ id: string; name: string }> {
  const { id, name } = await registeredDemoCluster(page, prefix, labels);
  await scanToCompletion(page, id);
  return { id, name };
}

/** Starts a scan of the cluster through the API and waits until it succeeded; returns the scan's id. */
export async function scanToCompletion(page: Page, clusterId: string): Promise<string> {
  const started = await page.request.post(`/api/clusters/${clusterId}/scans`);
  expect([200, 201, 202], await started.text()).toContain(started.status());
  const scanId = ((await started.json()) as { scan: { id: string } }).scan.id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/scans/${scanId}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000, intervals: [1000] })
    .toBe('succeeded');
  return scanId;
}

/**
 * For a spec's beforeAll: signs in as the stack's admin in a context of its own, registers and
 * scans the demo cluster, and returns it, so the tests of a file share one scan.
 */
export async function sharedScannedCluster(browser: Browser, prefix = 'shared', labels: Record<string, string> = {}): Promise<{ id: string; name: string }> {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  try {
    const page = await context.newPage();
    await signIn(page);
    return await scannedDemoCluster(page, prefix, labels);
  } finally {
    await context.close();
  }
}
