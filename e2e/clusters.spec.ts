/**
 * Cluster registry in the browser, against the e2e stack (e2e/support/start-stack.ts): the demo
 * cluster served by kube-sim over HTTPS, a fresh PostgreSQL database and `rampart serve`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_KUBECONFIG as STACK_KUBECONFIG, E2E_KUBECONFIG_BAD_TOKEN as STACK_KUBECONFIG_BAD_TOKEN } from './support/env';

// Overridable to run this spec against another stack (e.g. `next dev` while developing).
const E2E_KUBECONFIG = process.env.RAMPART_E2E_KUBECONFIG ?? STACK_KUBECONFIG;
const E2E_KUBECONFIG_BAD_TOKEN = process.env.RAMPART_E2E_KUBECONFIG_BAD_TOKEN ?? STACK_KUBECONFIG_BAD_TOKEN;

const SCREENSHOTS = 'docs/screenshots';
const VERSION = /v1\.\d+\.\d+/;

function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** A screenshot of the whole page at its natural height (the app shell's fixed sidebar breaks fullPage captures). */
async function snap(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight));
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 4000) });
  await page.screenshot({ path: `${SCREENSHOTS}/${file}` });
  await page.setViewportSize(viewport);
}

async function openNewClusterForm(page: Page, name: string): Promise<void> {
  await page.goto('/clusters');
  await page.getByRole('link', { name: 'Register cluster' }).first().click();
  await expect(page).toHaveURL(/\/clusters\/new$/);
  await page.getByLabel('Name', { exact: true }).fill(name);
}

test.describe('cluster registry', () => {
  test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('admin uploads the demo kubeconfig, picks the context, tests, saves and sees it connected', async ({ page }) => {
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = uniqueName('demo');
    await openNewClusterForm(page, name);
    await page.getByLabel('Environment', { exact: true }).selectOption('staging');
    await page.getByLabel('Labels', { exact: true }).fill('team=platform');
    await page.getByLabel('Labels', { exact: true }).press('Enter');
    await page.getByTestId('kubeconfig-file').setInputFiles(E2E_KUBECONFIG);
    await expect(page.getByText('Loaded demo-kubeconfig.yaml')).toBeVisible();

    const context = page.getByLabel('Context', { exact: true });
    await expect(context).toBeVisible();
    await expect(context.locator('option')).toHaveCount(1);
    await context.selectOption('demo');

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-test-result');
    await expect(result).toContainText('Connected.');
    await expect(result).toContainText(VERSION);
    await snap(page, 'cluster-new.png');

    await page.getByRole('button', { name: 'Save cluster' }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    const row = page.getByTestId(`cluster-row-${name}`);
    await expect(row).toContainText('Connected');
    await expect(row).toContainText(VERSION);
    await expect(row).toContainText('Staging');
    await expect(row).toContainText('team=platform');
    await snap(page, 'clusters-list.png');

    await row.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    await expect(page.getByText('Scans', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('connection-test-result')).toContainText(VERSION);
    await snap(page, 'cluster-details.png');

    // The credentials never reach the browser.
    const token = /token: (\S+)/.exec(readFileSync(E2E_KUBECONFIG, 'utf8'))?.[1];
    expect(token).toBeTruthy();
    const list = await page.request.get('/api/clusters');
    expect(await list.text()).not.toContain(token!);
    expect(await page.content()).not.toContain(token!);
  });

  test('a corrupt kubeconfig shows a clear error and cannot be saved', async ({ page }) => {
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = uniqueName('corrupt');
    await openNewClusterForm(page, name);
    await page.getByRole('textbox', { name: 'Kubeconfig', exact: true }).fill('apiVersion: v1\nclusters:\n  - name: broken\n   cluster: [unclosed\n');
    await expect(page.getByText(/The kubeconfig is not valid YAML at line \d+/).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    await page.getByRole('button', { name: 'Save cluster' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first' })).toBeVisible();
    await expect(page).toHaveURL(/\/clusters\/new$/);
    const list = await (await page.request.get('/api/clusters')).json();
    expect(list.clusters.map((c: { name: string }) => c.name)).not.toContain(name);
  });

  test('a wrong token shows the 401 error, before and after saving', async ({ page }) => {
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = uniqueName('badtoken');
    await openNewClusterForm(page, name);
    await page.getByTestId('kubeconfig-file').setInputFiles(E2E_KUBECONFIG_BAD_TOKEN);
    await expect(page.getByLabel('Context', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-test-result');
    await expect(result).toContainText('Credentials rejected (401)');
    await expect(result).toContainText('the token or client certificate is wrong, expired or revoked');
    await snap(page, 'cluster-new-401.png');

    await page.getByRole('button', { name: 'Save cluster' }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    const row = page.getByTestId(`cluster-row-${name}`);
    await expect(row).toContainText('Connection failed');
    await expect(row).toContainText('401 Unauthorized');
  });

  test('admin edits, disables and deletes a cluster (typing its name to confirm)', async ({ page }) => {
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = uniqueName('lifecycle');
    const created = await page.request.post('/api/clusters', {
      data: { name, environment: 'development', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8') } },
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).cluster.id as string;

    await page.goto(`/clusters/${id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${id}/edit$`));
    await page.getByLabel('Environment', { exact: true }).selectOption('production');
    await page.getByLabel('Scan schedule (cron)').fill('not a cron');
    await expect(page.getByText(/must have 5 fields/)).toBeVisible();
    await page.getByLabel('Scan schedule (cron)').fill('30 2 * * 1');
    await expect(page.getByRole('checkbox', { name: /Watch mode/ })).not.toBeChecked();
    await page.getByRole('checkbox', { name: /Watch mode/ }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Production');
    await expect(page.getByText('30 2 * * 1')).toBeVisible();
    await expect(page.getByText('On: re-evaluated within a minute of a change')).toBeVisible();
    // The switch is audited with the admin as actor.
    const audit = await (await page.request.get(`/api/audit?action=cluster.updated&targetId=${id}`)).json();
    expect(JSON.stringify(audit)).toContain('"watchMode":true');
    expect(JSON.stringify(audit)).toContain(E2E_ADMIN_EMAIL);

    await page.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Disabled');
    await expect(page.getByText('none — the cluster is disabled')).toBeVisible();
    await page.getByRole('button', { name: 'Enable' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Enabled');

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete cluster' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Cluster name to confirm deletion').fill('wrong-name');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Cluster name to confirm deletion').fill(name);
    await snap(page, 'cluster-delete-dialog.png');
    await confirm.click();
    await expect(page).toHaveURL(/\/clusters$/);
    await expect(page.getByTestId(`cluster-row-${name}`)).toHaveCount(0);
    expect((await page.request.get(`/api/clusters/${id}`)).status()).toBe(404);
  });

  test('a viewer sees the list read-only and the server refuses a DELETE', async ({ page, browser }) => {
    // The admin registers a cluster and creates a viewer account.
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const created = await page.request.post('/api/clusters', {
      data: { name: uniqueName('viewer-sees'), environment: 'development', credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8') } },
    });
    expect(created.status()).toBe(201);
    const clusterId = (await created.json()).cluster.id as string;
    const viewerEmail = `viewer-${randomBytes(3).toString('hex')}@rampart.test`;
    const viewerPassword = `viewer-password-${randomBytes(6).toString('hex')}`;
    const user = await page.request.post('/api/users', { data: { email: viewerEmail, name: 'Vera Viewer', role: 'viewer', password: viewerPassword, requirePasswordChange: false } });
    expect(user.status()).toBe(201);

    const context = await browser.newContext();
    const viewer = await context.newPage();
    await signIn(viewer, viewerEmail, viewerPassword);
    await viewer.goto('/clusters');
    await expect(viewer.getByRole('heading', { name: 'Clusters', level: 1 })).toBeVisible();
    await expect(viewer.getByRole('table')).toBeVisible();
    await expect(viewer.getByRole('link', { name: 'Register cluster' })).toHaveCount(0);
    await expect(viewer.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
    await expect(viewer.getByRole('button', { name: /^Test/ })).toHaveCount(0);
    await snap(viewer, 'clusters-list-viewer.png');

    await viewer.goto(`/clusters/${clusterId}`);
    await expect(viewer.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(viewer.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(viewer.getByRole('link', { name: 'Edit' })).toHaveCount(0);

    const status = await viewer.evaluate(async (id) => (await fetch(`/api/clusters/${id}`, { method: 'DELETE' })).status, clusterId);
    expect(status).toBe(403);
    await viewer.goto('/clusters/new');
    await expect(viewer.getByLabel('Name', { exact: true })).toHaveCount(0);
    await context.close();

    expect((await page.request.get(`/api/clusters/${clusterId}`)).status()).toBe(200);
  });
});
