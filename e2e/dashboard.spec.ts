/**
 * An analyst's day on the dashboard, against the e2e stack (e2e/support/start-stack.ts): the demo
 * cluster (kube-sim) is registered and scanned by the worker inside `rampart serve`, then:
 * Overview → the cluster → a guide section → a finding → copy the remediation command →
 * accept it as a risk and approve the request under Settings → Exceptions (the score goes up) →
 * bulk-accept in the findings browser →
 * the findings browser, whose filters live in the URL and survive a reload.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_KUBECONFIG as STACK_KUBECONFIG } from './support/env';

const E2E_KUBECONFIG = process.env.RAMPART_E2E_KUBECONFIG ?? STACK_KUBECONFIG;

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Registers the demo cluster and runs one scan through the API; waits until it succeeded. */
async function scannedDemoCluster(page: Page, name: string): Promise<string> {
  const res = await page.request.post('/api/clusters', {
    data: { name, environment: 'production', labels: { team: 'payments' }, credentials: { authType: 'kubeconfig', kubeconfig: readFileSync(E2E_KUBECONFIG, 'utf8'), context: 'demo' } },
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

/** The walk itself (exported shape kept small so it can run against any seeded deployment). */
async function analystDay(page: Page, clusterName: string): Promise<void> {
  // Overview: the cluster with grade, score and its six section scores.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: clusterName, exact: true }) });
  await expect(row.getByLabel(/^Grade [A-F]$/)).toBeVisible();
  await expect(row.getByRole('link', { name: /^§5/ })).toBeVisible();
  await row.getByRole('link', { name: clusterName, exact: true }).click();

  // Cluster page: overall grade with its explanation, six section scorecards.
  await expect(page).toHaveURL(/\/clusters\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(clusterName);
  await expect(page.getByTestId('overall-score')).toContainText('/ 100');
  await page.getByText('How is the score calculated?').click();
  await expect(page.getByText(/critical 10, high 7, medium 4, low 1, info 0/)).toBeVisible();
  const workloads = page.getByTestId('scorecard-workloads');
  await expect(workloads).toBeVisible();
  await workloads.getByRole('link', { name: '5. Running containers securely' }).click();

  // Section page: its checks with pass / fail counts, then the worst open finding.
  await expect(page.getByRole('heading', { level: 1, name: '5. Running containers securely' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Checks of this section/ })).toBeVisible();
  await page.getByTestId('section-findings').getByRole('link').first().click();

  // Finding: why it matters, the manifest with the field highlighted, remediation to copy.
  await expect(page).toHaveURL(/\/findings\/[^/?]+$/);
  await expect(page.getByText('Why it matters:')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'How to fix it' })).toBeVisible();
  // Steps show commands and fields as code, never as literal backticks.
  await expect(page.locator('ol > li', { hasText: '`' })).toHaveCount(0);
  const command = page.getByTestId('kubectl-command');
  if (await command.count()) {
    await page.getByRole('button', { name: 'Copy command' }).click();
    await expect(page.getByRole('button', { name: 'Copied to clipboard' })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await command.textContent())?.trim());
    expect(copied).toMatch(/^kubectl /);
  }
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Lifecycle events' }).getByText('Opened')).toBeVisible();

  // Accept this finding as a risk: it shows as excepted and the cluster's score goes up.
  const findingUrl = page.url();
  const clusterHref = await page.getByRole('link', { name: clusterName, exact: true }).first().getAttribute('href');
  const overallScore = async () => Number(/(\d+)/.exec((await page.getByTestId('overall-score').textContent()) ?? '')?.[1]);
  // The cluster's excepted count (one truth: the same number everywhere) goes up by one; under
  // scoring v2 the score counts it as passed, so it never goes down (it may round to the same).
  const exceptedCount = async () => Number((await page.locator('dt:text-is("Excepted") + dd').first().textContent())?.trim());
  await page.goto(clusterHref!);
  const before = await overallScore();
  const exceptedBefore = await exceptedCount();
  await page.goto(findingUrl);
  await page.getByRole('button', { name: 'Accept risk' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('Compensated by the node-level sandbox; ticket SEC-42.');
  await dialog.getByRole('button', { name: 'Accept risk' }).click();
  await expect(dialog).toBeHidden();
  // A request waits for approval (this walk's instance allows self-approval: see the test below).
  await expect(page.getByRole('status').filter({ hasText: 'Request recorded' })).toBeVisible();
  await page.goto('/settings/exceptions');
  await page.getByRole('tab', { name: 'Awaiting approval' }).click();
  await page.getByRole('button', { name: /^Approve exception / }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve exception' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.goto(findingUrl);
  await expect(page.getByText('Excepted').first()).toBeVisible();
  await page.goto(clusterHref!);
  await expect.poll(exceptedCount).toBe(exceptedBefore + 1);
  expect(await overallScore()).toBeGreaterThanOrEqual(before);

  // Bulk: select two open findings in the browser and accept them together.
  await page.goto('/findings?status=open');
  const boxes = page.locator('input[data-finding-select]');
  expect(await boxes.count()).toBeGreaterThan(2);
  const chosen = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole('button', { name: 'Accept selected as risk' }).click();
  await page.screenshot({ path: 'docs/screenshots/findings-bulk-accept.png' });
  await dialog.getByLabel('Reason').fill('Legacy batch jobs, replaced next quarter (PLAT-7).');
  await dialog.getByRole('button', { name: 'Accept risk' }).click();
  await expect(dialog).toBeHidden();
  // Approve the two requests together; excepted findings leave the open list.
  const listed = (await (await page.request.get('/api/exceptions?status=requested&limit=500')).json()) as { exceptions: Array<{ id: string; finding: { id: string } | null }> };
  const pending = listed.exceptions.filter((e) => e.finding && chosen.includes(e.finding.id));
  expect(pending).toHaveLength(2);
  const approved = await page.request.post('/api/exceptions/approve', { data: { ids: pending.map((e) => e.id) } });
  expect(approved.status(), await approved.text()).toBe(200);
  await page.reload();
  for (const id of chosen) await expect(page.locator(`input[data-finding-select][value="${id}"]`)).toHaveCount(0);

  // Findings browser: filter, and the filters survive a reload through the URL.
  await page.goto('/findings');
  await page.getByLabel('Severity').selectOption('critical,high');
  await expect(page).toHaveURL(/severity=critical%2Chigh/);
  await page.getByLabel('Guide section').selectOption('workloads');
  await expect(page).toHaveURL(/section=workloads/);
  await page.getByLabel('Search', { exact: true }).fill('d');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=d/);
  await page.reload();
  await expect(page.getByLabel('Severity')).toHaveValue('critical,high');
  await expect(page.getByLabel('Guide section')).toHaveValue('workloads');
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue('d');
  const rows = page.getByRole('table', { name: 'Findings matching the filters' }).getByRole('row');
  if ((await rows.count()) > 1) {
    // Column 1 holds the analyst's selection checkbox, column 2 the severity.
    for (const badge of await rows.locator('td:nth-child(2)').allTextContents()) expect(badge.toLowerCase()).toMatch(/critical|high/);
  }
  // Grouping by check keeps the filters.
  await page.getByRole('link', { name: 'By check' }).click();
  await expect(page).toHaveURL(/group=check/);
  await expect(page).toHaveURL(/section=workloads/);
}

test.describe('dashboard', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test("an analyst's day: overview → cluster → section → finding → copy the fix → filtered findings", async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    const name = process.env.RAMPART_E2E_DASHBOARD_CLUSTER ?? `day-${randomBytes(3).toString('hex')}`;
    if (!process.env.RAMPART_E2E_DASHBOARD_CLUSTER) await scannedDemoCluster(page, name);
    // One person walks the day, so the instance lets a requester approve their own risk acceptance.
    expect((await page.request.put('/api/settings/exceptions', { data: { allowSelfApproval: true } })).status()).toBe(200);
    try {
      await analystDay(page, name);
    } finally {
      await page.request.put('/api/settings/exceptions', { data: { allowSelfApproval: false } });
    }
  });

  test('the check catalog answers "which checks fail most": a table to search, filter and sort, prose one click away', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
    await scannedDemoCluster(page, `catalog-${randomBytes(3).toString('hex')}`);
    await page.goto('/checks');
    const rows = page.getByTestId('check-row');
    const total = await rows.count();
    expect(total).toBeGreaterThan(60);
    // Default order: most failing results first.
    const failed = await page.getByTestId('check-failed').allInnerTexts();
    const counts = failed.map((t) => Number(t.replace('—', '0')));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBeGreaterThan(0);

    // Search is case-insensitive over titles, ids and descriptions; filters narrow; all in the URL.
    await page.getByLabel('Search').fill('PRIVILEGED');
    await page.locator('select[name=section]').selectOption('workloads');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=PRIVILEGED/);
    await expect(page.getByTestId('checks-count')).toContainText(`of ${total} checks`);
    const ids = await rows.locator('.font-mono').allInnerTexts();
    expect(ids).toContain('privileged-container');
    expect(ids.length).toBeLessThan(total);
    const row = page.locator('tr#privileged-container');
    await row.getByText('What it checks and how to fix it').click();
    await expect(row.getByText(/Hardening guide §/)).toBeVisible();

    // A bad address is not an error page: the page says what it ignored.
    await page.goto('/checks?severity=CRIT&sort=random');
    await expect(page.getByTestId('checks-ignored')).toContainText('severity, sort');
    await expect(rows).toHaveCount(total);
  });
});
