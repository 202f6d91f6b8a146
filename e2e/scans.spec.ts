/**
 * Scans in the browser, against the e2e stack (e2e/support/start-stack.ts): an admin registers
 * the demo cluster (served by kube-sim over HTTPS), presses "Scan now", watches the live
 * progress and sees the scan succeed with findings, a score and a grade — run by the worker
 * inside `rampart serve`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_CLUSTER_DIR, E2E_CONTROL_URL, E2E_KUBECONFIG as STACK_KUBECONFIG } from './support/env';

const E2E_KUBECONFIG = process.env.RAMPART_E2E_KUBECONFIG ?? STACK_KUBECONFIG;
const SCREENSHOTS = 'docs/screenshots';

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Registers the demo cluster through the API with the signed-in session; returns its id. */
async function registerDemoCluster(page: Page, name: string): Promise<string> {
  const res = await page.request.post('/api/clusters', {
    data: { name, environment: 'staging', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { cluster: { id: string } }).cluster.id;
}

test.describe('scans', () => {
  test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('Scan now: live progress, then a succeeded scan with findings, score and grade', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = `scan-${randomBytes(3).toString('hex')}`;
    const id = await registerDemoCluster(page, name);

    await page.goto(`/clusters/${id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    const scans = page.getByTestId('cluster-scans');
    await expect(scans.getByText('No scans yet')).toBeVisible();

    await scans.getByRole('button', { name: 'Scan now' }).click();
    const progress = page.getByTestId('scan-progress');
    await expect(progress).toBeVisible();
    await expect(progress.getByRole('list', { name: 'Scan phases' })).toBeVisible();

    const row = page.getByTestId('scan-row').first();
    await expect(row.getByTestId('scan-status')).toHaveText('Succeeded', { timeout: 90_000 });
    await expect(progress).toContainText('Scan finished');
    await expect(page.getByTestId('scan-objects')).not.toHaveText('0');
    await expect(row.getByTestId('scan-score')).toHaveText(/^\d+$/);
    await expect(row.getByLabel(/^Grade [A-F]$/)).toBeVisible();
    await expect(row).toContainText('Manual');
    await expect(row).toContainText(/\+\d+/);
    await scans.screenshot({ path: `${SCREENSHOTS}/cluster-scans.png` });

    // Pressing again starts a second scan once the first is done; it opens nothing new.
    await scans.getByRole('button', { name: 'Scan now' }).click();
    await expect(page.getByTestId('scan-row')).toHaveCount(2);
    await expect(page.getByTestId('scan-row').first().getByTestId('scan-status')).toHaveText('Succeeded', { timeout: 90_000 });
    await expect(page.getByTestId('scan-row').first()).toContainText('+0');
  });

  test('changing the cluster and scanning again shows new, then resolved findings', async ({ page, request }) => {
    test.setTimeout(180_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const id = await registerDemoCluster(page, `change-${randomBytes(3).toString('hex')}`);
    await page.goto(`/clusters/${id}`);
    const scans = page.getByTestId('cluster-scans');
    const latest = () => page.getByTestId('scan-row').first();
    const scanNow = async (count: number) => {
      await scans.getByRole('button', { name: 'Scan now' }).click();
      await expect(page.getByTestId('scan-row')).toHaveCount(count);
      await expect(latest().getByTestId('scan-status')).toHaveText('Succeeded', { timeout: 90_000 });
    };
    await scanNow(1);

    // A new privileged workload appears in the cluster.
    const added = path.join(E2E_CLUSTER_DIR, 'zz-e2e-added.yaml');
    writeFileSync(
      added,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: e2e-added, namespace: default }',
        'spec:',
        '  selector: { matchLabels: { app: e2e-added } }',
        '  template:',
        '    metadata: { labels: { app: e2e-added } }',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          image: busybox:latest',
        '          securityContext: { privileged: true }',
        '',
      ].join('\n'),
    );
    try {
      expect((await request.post(`${E2E_CONTROL_URL}/reload`)).status()).toBe(204);
      await scanNow(2);
      await expect(latest()).toContainText(/\+[1-9]\d*/);
      await expect(latest()).toContainText('−0');
    } finally {
      rmSync(added, { force: true });
      expect((await request.post(`${E2E_CONTROL_URL}/reload`)).status()).toBe(204);
    }

    // It is removed again: its findings are resolved.
    await scanNow(3);
    await expect(latest()).toContainText('+0');
    await expect(latest()).toContainText(/−[1-9]\d*/);

    // The scan opens: what it resolved (the workload's findings, each linking to its finding), its
    // phases, and against the first scan nothing is new or fixed (the workload came and went).
    await latest().getByTestId('scan-open').click();
    await expect(page).toHaveURL(/\/scans\/[\w-]+$/);
    await expect(page.getByTestId('scan-opened-count')).toHaveText('0');
    await expect(page.getByTestId('scan-resolved')).toContainText('Deployment default/e2e-added');
    await expect(page.getByTestId('scan-phases')).toContainText('Evaluate checks');
    await expect(page.getByTestId('scan-comparison-summary')).toContainText(/[1-9]\d* fixed/);
    const select = page.getByTestId('scan-compare-select');
    await expect(select.locator('option')).toHaveCount(2);
    await select.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.getByTestId('scan-comparison-summary')).toContainText('0 new');
    await expect(page.getByTestId('scan-comparison-summary')).toContainText('0 fixed');
    await page.getByTestId('scan-resolved').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/findings\/[\w-]+$/);
  });
});
