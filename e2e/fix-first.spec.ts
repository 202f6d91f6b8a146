/**
 * Fix first (issue 18), against the e2e stack with the demo cluster (which carries Trivy
 * Operator reports and at least one full attack path): from the overview's "Fix first" list to
 * the workload's risk page, along its attack path to the finding that cuts it, and to all of the
 * workload's findings; then vulnerabilities in depth: image → CVE → the workloads running it.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectOnlyFindingsOf } from './support/findings';
import { scannedClusterSuite } from './support/suite';

const RUN = randomBytes(3).toString('hex');
const suite = scannedClusterSuite('fixfirst', { noPageErrors: true, labels: { run: RUN } });
let cluster: { id: string; name: string };
test.beforeEach(() => {
  cluster = suite.cluster();
});

test('overview → fix first → the workload → its attack path → the finding that cuts it', async ({ page }) => {
  // The overview narrowed to this spec's cluster by its label (the fleet list ranks the clusters shown).
  await page.goto(`/?label=${encodeURIComponent(`run=${RUN}`)}`);
  const list = page.getByRole('list', { name: 'Workloads to fix first' });
  await expect(list).toBeVisible();
  // At 1280 px the clusters table fits: its last column (open findings) is not cut off.
  const clusters = page.getByRole('table', { name: /Registered clusters/ });
  expect(await clusters.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  const items = list.locator(':scope > li');
  expect(await items.count()).toBeGreaterThanOrEqual(3);
  // Ranked by score, highest first; each with its reasons.
  const scores = (await items.locator('[title="Risk score (0–100)"]').allInnerTexts()).map(Number);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  await expect(items.first().locator('ul li').first()).toContainText(/^\+\d+ /);

  // The first workload with a full path.
  const withPath = items.filter({ hasText: /path to (cluster-admin|the node)/ }).first();
  await expect(withPath).toBeVisible();
  const workload = withPath.getByRole('link').first();
  const label = (await workload.innerText()).trim();
  const score = await withPath.locator('[title="Risk score (0–100)"]').innerText();
  await workload.click();

  // The workload's page: the same score, the reasons, the path from the internet to the goal.
  await expect(page).toHaveURL(/\/risk\/[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
  await expect(page.getByText(`Risk score ${score} / 100`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Risk reasons' }).locator(':scope > li').first()).toBeVisible();
  const hops = page.getByTestId('attack-hop');
  expect(await hops.count()).toBeGreaterThanOrEqual(4);
  await expect(hops.first()).toContainText('Start');
  await expect(hops.last()).toContainText('Goal');
  await expect(hops.filter({ hasText: 'cut here' })).toHaveCount(1);
  await expect(page.getByRole('note', { name: 'Smallest fix' })).toContainText('Smallest fix that cuts the path');

  // The whole workload is one click away: its findings, and only its own.
  const [kind, ref] = [label.split(' ')[0]!, label.split(' ')[1]!];
  const [namespace, name] = ref.split('/');
  await page.getByRole('link', { name: `All findings of ${label}` }).click();
  await expect(page).toHaveURL(/\/findings\?/);
  await expectOnlyFindingsOf(page, { kind, namespace, name: name! });
  await page.goBack();

  // The finding that cuts the path.
  const cut = page.getByTestId('cut-finding');
  const checkId = /\(([^)]+)\)$/.exec((await cut.innerText()).trim())![1]!;
  await cut.click();
  await expect(page).toHaveURL(/\/findings\/[\w-]+$/);
  await expect(page.locator('dd', { hasText: checkId }).first()).toHaveText(checkId);
  await expect(page.getByRole('heading', { name: 'How to fix it' })).toBeVisible();
});

test('the cluster page ranks its own workloads the same way', async ({ page }) => {
  await page.goto(`/clusters/${cluster.id}`);
  const list = page.getByRole('list', { name: 'Workloads to fix first' });
  await expect(list).toBeVisible();
  const first = list.locator(':scope > li').first();
  const label = (await first.getByRole('link').first().innerText()).trim();
  const score = await first.locator('[title="Risk score (0–100)"]').innerText();
  await first.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
  await expect(page.getByText(`Risk score ${score} / 100`)).toBeVisible();
  await expect(page.getByText(/^Ranked 1 in the cluster/)).toBeVisible();
  // Back to the cluster it belongs to.
  await page.getByRole('link', { name: cluster.name }).first().click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${cluster.id}$`));
});

test('vulnerabilities: image → its CVEs and workloads; CVE → the workloads running it', async ({ page }) => {
  await page.goto('/vulnerabilities');
  const inventory = page.getByRole('table', { name: /Image inventory/ });
  await expect(inventory).toBeVisible();
  // Most critical CVEs first.
  const runner = inventory.getByRole('row').filter({ hasText: 'ci/runner' });
  await expect(runner).toContainText('critical');
  await runner.getByRole('link', { name: /ci\/runner/ }).click();

  // The image: where it runs (this cluster among them) and its CVEs with package, versions, fix.
  await expect(page).toHaveURL(/\/vulnerabilities\/image\?ref=/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ci/runner');
  await expect(page.getByRole('link', { name: `Findings of Deployment ci/build-runner in ${cluster.name}` })).toBeVisible();
  const cves = page.getByRole('table', { name: /Known vulnerabilities of/ });
  const xz = cves.getByRole('row').filter({ hasText: 'CVE-2024-3094' });
  await expect(xz).toContainText('liblzma5');
  await expect(xz).toContainText('5.6.0-0.1');
  await expect(xz).toContainText('5.6.1+really5.4.5-1');
  await xz.getByRole('link', { name: 'CVE-2024-3094' }).click();

  // The CVE: which images carry it and the workloads running them, in the fleet.
  await expect(page).toHaveURL(/\/vulnerabilities\/cve\/CVE-2024-3094$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CVE-2024-3094');
  const carriers = page.getByRole('table', { name: /Images carrying CVE-2024-3094/ });
  await expect(carriers).toContainText('ci/runner');
  // A workload opens its findings: only that workload's, in its cluster.
  const workload = carriers.getByRole('link', { name: `Findings of Deployment ci/build-runner in ${cluster.name}` });
  await workload.click();
  await expect(page).toHaveURL(new RegExp(`cluster=${cluster.id}`));
  await expectOnlyFindingsOf(page, { kind: 'Deployment', namespace: 'ci', name: 'build-runner' });
  await expect(page.locator('[data-finding-row]').filter({ hasText: /vulnerab/i }).first()).toBeVisible();
});
