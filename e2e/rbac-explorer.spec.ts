/**
 * The RBAC explorer as a first-time reader sees it (issue 14, item 5), against the e2e stack:
 * the default graph shows the riskiest subjects legibly at 1280 px (text of 11 px or more, the
 * canvas using the full width), graph nodes link to the findings of the subject and of its
 * workloads, risk chips stay inside their column, and no tab logs a console error or gets a
 * failed response (the "Who can" CSV link was once prefetched without its query: a 400).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectOnlyFindingsOf } from './support/findings';
import { scannedClusterSuite } from './support/suite';

const suite = scannedClusterSuite('rbac', { noPageErrors: true });
let cluster: { id: string; name: string };
test.beforeEach(() => {
  cluster = suite.cluster();
});

const graph = (page: Page) => page.getByTestId('rbac-graph');

test('the default graph: the riskiest subjects, legible at 1280 px, on the full width', async ({ page }) => {
  await page.goto(`/rbac/${cluster.id}`);
  const caption = page.getByTestId('graph-caption');
  await expect(caption).toContainText(/The 5 riskiest of \d+ risky subjects and 2 hops around them: \d+ nodes/);
  await expect(graph(page).getByTestId('graph-node').first()).toBeVisible();

  // The riskiest subject of the "Risky subjects" ranking is in the default graph.
  const risky = await page.request.get(`/api/clusters/${cluster.id}/rbac/risky`);
  expect(risky.status()).toBe(200);
  const top = ((await risky.json()) as { subjects: Array<{ subjectKey: string }> }).subjects[0]!;
  await expect(graph(page).locator(`[data-node-id="subject:${top.subjectKey}"]`)).toBeVisible();

  // Legible: the view opens at zoom 1 or more, so 11 px text is at least 11 px on screen.
  const scale = await page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
  expect(scale).toBeGreaterThanOrEqual(1);
  const smallest = await graph(page)
    .locator('[data-testid="graph-node"] span')
    .evaluateAll((els) => Math.min(...els.filter((e) => e.textContent?.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize))));
  expect(smallest * scale).toBeGreaterThanOrEqual(11);
  // The canvas spans the content column.
  const canvas = (await graph(page).boundingBox())!;
  const main = (await page.locator('main').boundingBox())!;
  expect(canvas.width).toBeGreaterThan(main.width * 0.85);
  // "Show all" widens to every risky subject.
  await caption.getByRole('button', { name: /^Show all \d+$/ }).click();
  await expect(caption).toContainText(/All \d+ risky subjects/);
});

test('graph nodes lead to findings: a workload node and a subject node', async ({ page }) => {
  await page.goto(`/rbac/${cluster.id}`);
  await page.getByLabel('Focus on').fill('kubernetes-dashboard');
  await page.getByRole('option', { name: /ServiceAccount.*kubernetes-dashboard/ }).first().click();
  const workload = graph(page).locator('[data-node-id^="workload:"]').first();
  await expect(workload).toBeVisible();
  const workloadId = (await workload.getAttribute('data-node-id'))!;
  const [, kind, rest] = /^workload:([^:]+):(.*)$/.exec(workloadId)!;
  const [namespace, name] = rest!.split('/');
  await workload.click();
  const details = page.getByTestId('node-details');
  await expect(details).toContainText('Token');
  const link = details.getByTestId('workload-findings-link');
  await expect(link).toHaveText(`Findings for ${kind} ${namespace}/${name}`);
  await link.click();
  await expect(page).toHaveURL(/\/findings\?/);
  // Only that workload's findings.
  await expectOnlyFindingsOf(page, { kind: kind!, namespace, name: name! });
  await page.goBack();

  // A subject node: its panel links to the findings about it.
  await page.getByLabel('Focus on').fill('build-runner');
  await page.getByRole('option', { name: /ci\/build-runner/ }).first().click();
  const panel = page.getByTestId('subject-panel');
  await expect(panel.locator('[data-risk="cluster-admin"]')).toBeVisible();
  await panel.getByRole('link', { name: /Findings about build-runner/ }).click();
  await expect(page).toHaveURL(/q=build-runner/);
  await expect(page.locator('[data-finding-row]').first()).toBeVisible();
});

test('who can, risky subjects and escalations: no console error, no failed request, chips inside their column', async ({ page }) => {
  await page.goto(`/rbac/${cluster.id}`);
  await expect(graph(page).getByTestId('graph-node').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Who can' }).click();
  await page.getByLabel('Verb').fill('create');
  await page.getByLabel('Resource').fill('pods/exec');
  await page.getByLabel('Namespace').fill('payments');
  await page.getByRole('button', { name: 'Who can?' }).click();
  await expect(page.getByTestId('who-can-row').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', /verb=create/);

  await page.getByRole('tab', { name: 'Risky subjects' }).click();
  const rows = page.getByTestId('risky-row');
  await expect(rows.first()).toBeVisible();
  // Every chip ends within its cell (they once ran into the next column).
  const overflow = await page.getByTestId('risk-cell').evaluateAll((cells) =>
    cells.flatMap((cell) => {
      const edge = cell.getBoundingClientRect().right;
      return [...cell.querySelectorAll('[data-testid="risk-chip"]')].filter((c) => c.getBoundingClientRect().right > edge + 0.5).map((c) => c.textContent);
    }),
  );
  expect(overflow).toEqual([]);
  await rows.first().getByRole('button').first().click();
  await expect(page.getByTestId('subject-panel')).toBeVisible();

  await page.getByRole('tab', { name: 'Escalation paths' }).click();
  await expect(page.getByRole('tabpanel')).toBeVisible();
  await page.getByRole('tab', { name: 'Changes' }).click();
  await expect(page.getByRole('tabpanel')).toBeVisible();
});
