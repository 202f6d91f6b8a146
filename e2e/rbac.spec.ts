/**
 * The RBAC explorer in the browser, against the e2e stack (e2e/support/start-stack.ts): an admin
 * registers the demo cluster, scans it, opens its RBAC view, focuses the graph on the
 * ci/build-runner service account (bound to cluster-admin), sees its binding and its risky
 * permissions highlighted, and asks who can read secrets in payments.
 *
 * Needs the scan to store the "rbac-snapshot" artifact (lib/scans/run.ts: rbacArtifactFromSnapshot).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_KUBECONFIG as STACK_KUBECONFIG } from './support/env';

const E2E_KUBECONFIG = process.env.RAMPART_E2E_KUBECONFIG ?? STACK_KUBECONFIG;
const SCREENSHOTS = 'docs/screenshots';

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Registers the demo cluster, runs a scan through the API and waits for it to succeed; returns the cluster id. */
async function scannedDemoCluster(page: Page): Promise<string> {
  const res = await page.request.post('/api/clusters', {
    data: { name: `rbac-${randomBytes(3).toString('hex')}`, environment: 'staging', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { cluster: { id: string } }).cluster.id;
  const scanRes = await page.request.post(`/api/clusters/${id}/scans`);
  expect(scanRes.status(), await scanRes.text()).toBe(202);
  const scanId = ((await scanRes.json()) as { scan: { id: string } }).scan.id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/scans/${scanId}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000, intervals: [1000] })
    .toBe('succeeded');
  return id;
}

test.describe('RBAC explorer', () => {
  test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('focus a service account, see its risky binding, ask who can read secrets', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const id = await scannedDemoCluster(page);

    await page.goto('/rbac');
    // This test's cluster (other tests of the run register rbac-… clusters too, in any order).
    await page.locator(`a[href="/rbac/${id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/rbac/${id}`));
    await expect(page.getByRole('tab', { name: 'Graph' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('graph-caption')).toContainText('system subjects hidden');

    // Search and focus the service account.
    await page.getByLabel('Focus on').fill('build-runner');
    await page.getByRole('option', { name: /ci\/build-runner/ }).first().click();
    const graph = page.getByTestId('rbac-graph');
    const sa = graph.locator('[data-node-id="subject:ServiceAccount:ci/build-runner"]');
    await expect(sa).toBeVisible();
    await expect(sa).toHaveAttribute('data-risky', 'true');
    // Its binding to cluster-admin, highlighted as risky.
    const binding = graph.locator('[data-node-id="binding:ClusterRoleBinding:ci-build-runner-admin"]');
    await expect(binding).toBeVisible();
    await expect(binding).toHaveAttribute('data-risky', 'true');
    await expect(binding.getByTestId('risk-badge')).toBeVisible();
    await expect(graph.locator('[data-node-id="role:ClusterRole:cluster-admin"]')).toBeVisible();
    // The side panel: the subject's risky permissions, grouped, with the chain.
    const panel = page.getByTestId('subject-panel');
    await expect(panel.locator('[data-risk="cluster-admin"]')).toContainText('ClusterRoleBinding ci-build-runner-admin');
    await expect(panel.getByRole('link', { name: /Findings about build-runner/ })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/rbac-graph-light.png` });
    await page.evaluate(() => {
      document.documentElement.classList.add('dark');
      document.documentElement.style.colorScheme = 'dark';
    });
    await page.screenshot({ path: `${SCREENSHOTS}/rbac-graph-dark.png` });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));

    // Export the graph as SVG.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('rbac-graph.svg');

    // Who can get secrets in payments? No request of this tab may fail (the CSV link once got
    // prefetched without its query and answered 400).
    const failedWhoCan: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/rbac/who-can') && r.status() >= 400) failedWhoCan.push(`${r.status()} ${r.url()}`);
    });
    await page.getByRole('tab', { name: 'Who can' }).click();
    await page.getByLabel('Verb').fill('get');
    await page.getByLabel('Resource').fill('secrets');
    await page.getByLabel('Namespace').fill('payments');
    await page.getByRole('button', { name: 'Who can?' }).click();
    const row = page.getByTestId('who-can-row').filter({ hasText: 'ServiceAccount ci/build-runner' });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('grant-chain').first()).toContainText('ClusterRole cluster-admin');
    const csv = await page.request.get(`/api/clusters/${id}/rbac/who-can?verb=get&resource=secrets&namespace=payments&format=csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('"ServiceAccount ci/build-runner"');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(readFileSync(await csvDownload.path(), 'utf8')).toContain('"ServiceAccount ci/build-runner"');

    // Risky subjects: the exposed dashboard service account ranks first.
    await page.getByRole('tab', { name: 'Risky subjects' }).click();
    await expect(page.getByTestId('risky-row').first()).toContainText('kubernetes-dashboard');
    await expect(page.getByTestId('risky-row').first()).toContainText('exposed');
    expect(failedWhoCan).toEqual([]);
  });

  test('follow an attack path from the cluster page onto the RBAC graph and to the finding that cuts it', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const id = await scannedDemoCluster(page);

    await page.goto(`/clusters/${id}`);
    await page.getByRole('list', { name: 'Workloads to fix first' }).getByRole('link', { name: 'Deployment kubernetes-dashboard/kubernetes-dashboard' }).click();
    await expect(page).toHaveURL(/\/risk\//);
    await page.getByTestId('attack-path-graph-link').click();
    await expect(page).toHaveURL(new RegExp(`/rbac/${id}\\?path=`));
    await expect(page.getByRole('tab', { name: 'Attack path' })).toHaveAttribute('aria-selected', 'true');

    // The hops in order; those on the RBAC graph are numbered there, from the workload to cluster-admin.
    const hops = page.getByTestId('attack-path-hop');
    await expect(hops).toHaveCount(5);
    await expect(hops.nth(0)).toContainText('Internet');
    await expect(hops.nth(1)).toContainText('Service kubernetes-dashboard/kubernetes-dashboard');
    const graph = page.getByTestId('rbac-graph');
    await expect(graph.locator('[data-node-id="workload:Deployment:kubernetes-dashboard/kubernetes-dashboard"]')).toHaveAttribute('data-path-step', '1');
    await expect(graph.locator('[data-node-id="subject:ServiceAccount:kubernetes-dashboard/kubernetes-dashboard"]')).toHaveAttribute('data-path-step', '2');
    await expect(graph.locator('[data-node-id="role:ClusterRole:cluster-admin"][data-path-step]')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/attack-path-graph-light.png` });

    // The cut hop links to the finding that breaks the path.
    const cut = hops.filter({ hasText: 'cut here' });
    await expect(cut).toHaveCount(1);
    await cut.getByRole('link').first().click();
    await expect(page).toHaveURL(/\/findings\/[A-Za-z0-9_-]+$/);
    await expect(page.getByText('rbac-cluster-admin-binding', { exact: true })).toBeVisible();
  });

  test('the RBAC API requires a signed-in user', async ({ request }) => {
    const res = await request.get('/api/clusters/anything/rbac/graph');
    expect(res.status()).toBe(401);
  });
});
