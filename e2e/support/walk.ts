/** Steps several browser tests share: sign in through the form, register and scan the demo cluster. */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { E2E_KUBECONFIG } from './env';

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Registers the demo cluster (kube-sim) and runs one scan through the API; waits until it succeeded. */
export async function scannedDemoCluster(page: Page, name: string, options: { kubeconfig?: string; labels?: Record<string, string> } = {}): Promise<string> {
  const res = await page.request.post('/api/clusters', {
    data: { name, environment: 'production', labels: options.labels ?? {}, credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(options.kubeconfig ?? E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { cluster: { id: string } }).cluster.id;
  const scan = await page.request.post(`/api/clusters/${id}/scans`);
  expect([200, 202]).toContain(scan.status());
  await expect
    .poll(async () => ((await (await page.request.get(`/api/clusters/${id}/scans?limit=1`)).json()) as { scans: Array<{ status: string }> }).scans[0]?.status, { timeout: 90_000 })
    .toBe('succeeded');
  return id;
}
