/**
 * Daily triage beyond the findings list (issue 14, items 2–4), against the e2e stack:
 * - a scan's own page: what it opened, resolved and reopened, its phases, and a diff against an
 *   earlier scan (a workload comes, goes and comes back in the kube-sim cluster);
 * - namespace posture: the heat map (namespace × section) and scorecards, owners from the `team`
 *   label, filter by owner, each cell a link to those findings;
 * - the check catalog table: search, filter by section, severity and framework, sort by failures,
 *   and the failing count that is the findings browser's count.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { registeredDemoCluster, scanToCompletion } from './support/clusters';
import { E2E_CLUSTER_DIR, E2E_CONTROL_URL } from './support/env';
import { scannedClusterSuite } from './support/suite';

const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info'];
const suite = scannedClusterSuite('triage');
let cluster: { id: string; name: string };
test.beforeEach(() => {
  cluster = suite.cluster();
});

const ADDED = path.join(E2E_CLUSTER_DIR, 'zz-e2e-comes-back.yaml');
const WORKLOAD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: { name: comes-back, namespace: default }',
  'spec:',
  '  selector: { matchLabels: { app: comes-back } }',
  '  template:',
  '    metadata: { labels: { app: comes-back } }',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: busybox:latest',
  '          securityContext: { privileged: true }',
  '',
].join('\n');


async function reload(page: Page): Promise<void> {
  expect((await page.request.post(`${E2E_CONTROL_URL}/reload`)).status()).toBe(204);
}

test('a scan page: opened, resolved and reopened findings, phases, and a diff against any earlier scan', async ({ page }) => {
  test.setTimeout(300_000);
  const { id } = await registeredDemoCluster(page);
  let added: string, gone: string, back: string;
  try {
    await scanToCompletion(page, id);
    writeFileSync(ADDED, WORKLOAD);
    await reload(page);
    added = await scanToCompletion(page, id);
    rmSync(ADDED, { force: true });
    await reload(page);
    gone = await scanToCompletion(page, id);
    writeFileSync(ADDED, WORKLOAD);
    await reload(page);
    back = await scanToCompletion(page, id);
  } finally {
    rmSync(ADDED, { force: true });
    await reload(page);
  }

  // The scan that added the workload opened its findings; each links to its finding.
  await page.goto(`/scans/${added}`);
  const openedCount = Number(await page.getByTestId('scan-opened-count').innerText());
  expect(openedCount).toBeGreaterThan(0);
  await expect(page.getByTestId('scan-opened').getByTestId('scan-change-row')).toHaveCount(openedCount);
  for (const t of await page.getByTestId('scan-opened').getByTestId('scan-change-row').allInnerTexts()) expect(t).toContain('comes-back');

  // The scan after it was removed resolved the same number.
  await page.goto(`/scans/${gone}`);
  await expect(page.getByTestId('scan-resolved-count')).toHaveText(String(openedCount));
  await expect(page.getByTestId('scan-opened-count')).toHaveText('0');
  await expect(page.getByTestId('scan-reopened-count')).toHaveText('0');

  // It came back: reopened, not opened anew.
  await page.goto(`/scans/${back}`);
  await expect(page.getByTestId('scan-reopened-count')).toHaveText(String(openedCount));
  await expect(page.getByTestId('scan-opened-count')).toHaveText('0');
  await expect(page.getByTestId('scan-resolved-count')).toHaveText('0');
  await expect(page.getByTestId('scan-reopened')).toContainText('Deployment default/comes-back');
  await expect(page.getByTestId('scan-phases')).toContainText('List resources');
  await expect(page.getByTestId('scan-phases')).toContainText('Evaluate checks');

  // Against the scan before it (the default): it is new again. Against the scan that first had it: nothing changed.
  await expect(page.getByTestId('scan-comparison-summary')).toContainText(`${openedCount} new`);
  await expect(page.getByTestId('scan-comparison-summary')).toContainText('0 fixed');
  const select = page.getByTestId('scan-compare-select');
  await expect(select.locator('option')).toHaveCount(3);
  await select.selectOption(added);
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`compare=${added}`));
  await expect(page.getByTestId('scan-comparison-summary')).toContainText('0 new');
  await expect(page.getByTestId('scan-comparison-summary')).toContainText('0 fixed');

  // The reopened finding opens, and its history tells the story.
  await page.getByTestId('scan-reopened').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/findings\/[\w-]+$/);
  const history = page.getByRole('list', { name: 'Lifecycle events' });
  await expect(history.getByText('Opened', { exact: true })).toBeVisible();
  await expect(history.getByText('Resolved', { exact: true })).toBeVisible();
  await expect(history.getByText('Reopened', { exact: true })).toBeVisible();
  // Each event names the scan that recorded it, and opens that scan's page.
  await history.locator('li').filter({ hasText: 'Reopened' }).getByRole('link', { name: 'scan' }).click();
  await expect(page).toHaveURL(new RegExp(`/scans/${back}$`));

  // The cluster's scan list opens each scan.
  await page.goto(`/clusters/${id}`);
  await page.getByTestId('scan-row').first().getByTestId('scan-open').click();
  await expect(page).toHaveURL(new RegExp(`/scans/${back}$`));
});

test('namespace posture: heat map and scorecards, owners from the team label, filter by owner', async ({ page }) => {
  await page.goto(`/clusters/${cluster.id}`);
  await page.getByRole('link', { name: /^Namespaces/ }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${cluster.id}/namespaces$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Namespaces' })).toBeVisible();

  const heatmap = page.getByTestId('namespace-heatmap');
  const rowsOf = heatmap.locator('tbody tr[data-namespace]');
  const names = await rowsOf.evaluateAll((els) => els.map((e) => e.getAttribute('data-namespace')));
  expect(names).toEqual(expect.arrayContaining(['legacy', 'payments', 'shop-frontend', 'ci', 'data']));
  // Worst namespace first.
  const overall = (await rowsOf.locator('td:nth-child(2)').allInnerTexts()).map(Number);
  expect(overall).toEqual([...overall].sort((a, b) => a - b));
  // Six sections, each cell a score that links to that namespace's findings of that section.
  await expect(heatmap.locator('thead th')).toHaveCount(8);
  // The whole map fits at 1280 px: no column scrolled out of sight.
  expect(await heatmap.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  const legacy = heatmap.locator('tr[data-namespace="legacy"]');
  await expect(legacy).toContainText('unknown');
  const cell = legacy.locator('a[data-section="workloads"]');
  await expect(cell).toHaveText(/^\d+$/);
  await cell.click();
  await expect(page).toHaveURL(/\/findings\?/);
  await expect(page).toHaveURL(/namespace=legacy/);
  await expect(page).toHaveURL(/section=workloads/);
  await expect(page.locator('[data-finding-row]').first()).toBeVisible();
  for (const n of await page.locator('[data-finding-row] td:nth-child(4)').allInnerTexts()) expect(n.trim()).toBe('legacy');
  await page.goBack();

  // Scorecards: the same namespaces, with owner and the open findings now.
  const card = page.locator('[data-namespace-card="payments"]');
  await expect(card).toContainText('Owner: payments');
  const openLink = card.getByRole('link', { name: /open finding/ });
  const open = Number((await openLink.innerText()).replace(/[^\d]/g, ''));
  await openLink.click();
  await expect(page.getByTestId('findings-total').first()).toContainText(`${open} finding`);
  await page.goBack();

  // Filter by owner: only that team's namespaces.
  const owners = page.getByRole('navigation', { name: 'Filter by owner' });
  await owners.getByRole('link', { name: 'payments', exact: true }).click();
  await expect(page).toHaveURL(/owner=payments/);
  await expect(owners.getByRole('link', { name: 'payments', exact: true })).toHaveAttribute('aria-current', 'page');
  expect(await rowsOf.evaluateAll((els) => els.map((e) => e.getAttribute('data-namespace')))).toEqual(['payments']);
  await owners.getByRole('link', { name: 'All', exact: true }).click();
  await expect(rowsOf).toHaveCount(names.length);

  // Group by namespace in the findings browser, from here.
  await page.getByRole('link', { name: 'Findings by namespace' }).click();
  await expect(page).toHaveURL(/group=namespace/);
  await expect(page.locator('[data-group-row]').first()).toBeVisible();
});

test('the check catalog: filter by section, severity and framework, sort, and counts that match the findings', async ({ page }) => {
  await page.goto('/checks');
  const rows = page.getByTestId('check-row');
  const total = await rows.count();
  expect(total).toBeGreaterThan(60);
  const filters = page.getByTestId('checks-filters');
  const apply = async (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) await filters.locator(`[name=${name}]`).selectOption(value);
    await filters.getByRole('button', { name: 'Apply' }).click();
    for (const [name, value] of Object.entries(values)) if (value) await expect(page).toHaveURL(new RegExp(`${name}=${value}`));
  };

  // Severity: every row carries it.
  await apply({ severity: 'critical' });
  const critical = await rows.count();
  expect(critical).toBeGreaterThan(0);
  expect(critical).toBeLessThan(total);
  for (const s of await rows.locator('td:nth-child(3)').allInnerTexts()) expect(s.trim().toLowerCase()).toBe('critical');

  // Framework: Pod Security Standards checks only, then CIS.
  await apply({ severity: '', framework: 'pss' });
  expect(await rows.count()).toBeLessThan(total);
  for (const f of await rows.locator('td:nth-child(4)').allInnerTexts()) expect(f).toContain('PSS');
  await apply({ framework: 'cis' });
  for (const f of await rows.locator('td:nth-child(4)').allInnerTexts()) expect(f).toContain('CIS');

  // Section, combined with the framework.
  await apply({ section: 'authorization' });
  expect(await rows.count()).toBeGreaterThan(0);
  for (const s of await rows.locator('td:nth-child(2)').allInnerTexts()) expect(s.trim()).toBe('3. Authorization');
  for (const f of await rows.locator('td:nth-child(4)').allInnerTexts()) expect(f).toContain('CIS');
  await expect(page.getByTestId('checks-count')).toContainText(`of ${total} checks`);

  // Sorts: severity, then failures (the default) is "which checks fail most".
  await page.goto('/checks?sort=severity');
  const severities = (await rows.locator('td:nth-child(3)').allInnerTexts()).map((s) => SEVERITY_RANK.indexOf(s.trim().toLowerCase()));
  expect(severities).toEqual([...severities].sort((a, b) => a - b));
  await page.goto('/checks?sort=failures');
  const failed = (await page.getByTestId('check-failed').allInnerTexts()).map((t) => Number(t.replace(/[^\d]/g, '') || 0));
  expect(failed).toEqual([...failed].sort((a, b) => b - a));

  // The top check's failing count is the findings browser's count of its open findings.
  const top = rows.first();
  const topId = (await top.locator('.font-mono').first().innerText()).trim();
  await top.getByTestId('check-failed').click();
  await expect(page).toHaveURL(new RegExp(`/findings\\?check=${topId}`));
  await expect(page.getByTestId('findings-total').first()).toContainText(`${failed[0]!.toLocaleString('en-US')} finding`);
});
