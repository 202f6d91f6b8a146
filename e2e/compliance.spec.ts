/**
 * Compliance in the browser (issue 15), against the e2e stack: the demo cluster scanned once, then
 * - the framework view per cluster and for the fleet: control statuses and the percentage, which
 *   follows the formula the page states from the counts it shows;
 * - drill-down from a failing control to its findings (the same count), where the filter bar keeps
 *   the framework and control when another filter changes;
 * - attesting a manual control with a note and an expiry, shown on the control and in the audit log;
 * - the evidence pack: a JSON bundle and a PDF with one digest; `rampart verify-evidence` accepts the
 *   bundle and rejects a tampered copy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { scannedClusterSuite } from './support/suite';
import { watchPageErrors } from './support/watch';

const suite = scannedClusterSuite('comply');
let cluster: { id: string; name: string };
test.beforeEach(() => {
  cluster = suite.cluster();
});

const stat = (page: Page, label: string) => page.getByRole('region', { name: 'Compliance summary' }).locator(`p:text-is("${label}") + p`);
const num = async (l: Locator) => Number((await l.innerText()).replace(/[^\d]/g, ''));
const controlRow = (page: Page, id: string) => page.locator(`tr[data-control="${id}"]`);

test('per cluster: every control with its status, and a percentage that follows the stated formula', async ({ page }) => {
  const problems = watchPageErrors(page);
  await page.goto(`/clusters/${cluster.id}`);
  await page.getByRole('link', { name: /^Compliance \(/ }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${cluster.id}/compliance`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compliance: CIS Kubernetes Benchmark v1.10');
  await expect(page.getByRole('navigation', { name: 'Framework' }).locator('[aria-current="page"]')).toContainText('CIS');

  const [passed, failed, excepted] = await Promise.all([num(stat(page, 'Passed')), num(stat(page, 'Failed')), num(stat(page, 'Excepted'))]);
  expect(failed).toBeGreaterThan(0);
  expect(passed).toBeGreaterThan(0);
  await expect(page.getByTestId('compliance-percent')).toHaveText(`${Math.floor((100 * (passed + excepted)) / (passed + failed + excepted))} %`);
  await expect(page.getByText(/^Compliance = \(passed \+ excepted\)/)).toBeVisible();

  // The table has a row per control, and its statuses add up to the counts above.
  const statuses = await page.locator('tr[data-control] td:nth-child(3)').allInnerTexts();
  expect(statuses.filter((s) => s.startsWith('Failed'))).toHaveLength(failed);
  expect(statuses.filter((s) => s.startsWith('Passed'))).toHaveLength(passed);
  // Not-assessed controls say why; manual controls say whether someone attested them.
  expect(statuses.filter((s) => /^Not assessed: (needs node access|not applicable|coverage gap)/.test(s)).length).toBe(await num(stat(page, 'Not assessed')));
  await expect(controlRow(page, '1.1.1')).toContainText('Not assessed: needs node access');
  await expect(controlRow(page, '3.2.2')).toContainText('Manual: not attested');

  // Another framework: Pod Security Standards.
  await page.getByRole('navigation', { name: 'Framework' }).getByRole('link', { name: /Pod Security/ }).click();
  await expect(page).toHaveURL(/framework=pss/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pod Security');
  await expect(page.getByTestId('compliance-percent')).toHaveText(/^\d+ %$/);
  expect(problems).toEqual([]);
});

test('for the fleet: each cluster with its percentage, controls with failing and passing clusters', async ({ page }) => {
  await page.goto('/compliance');
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance' })).toBeVisible();
  const clusters = page.getByRole('table', { name: 'Compliance of each cluster' });
  const row = clusters.getByRole('row').filter({ has: page.getByRole('link', { name: cluster.name, exact: true }) });
  await expect(row).toBeVisible();
  const fleetPercent = await row.locator('td:nth-child(4)').innerText();
  expect(fleetPercent).toMatch(/^\d+ %$/);
  await expect(page.getByTestId('compliance-percent')).toHaveText(/^\d+ %$/);
  // A control failing on this cluster fails for the fleet and counts the failing clusters.
  await expect(page.locator('tr[data-control] td:nth-child(3)').filter({ hasText: /\d+ failing, \d+ passing clusters/ }).first()).toBeVisible();
  // The cluster's own page shows the same percentage.
  await row.getByRole('link', { name: cluster.name, exact: true }).click();
  await expect(page.getByTestId('compliance-percent')).toHaveText(fleetPercent);
});

test('drill-down: a failing control opens its findings, and the filter bar keeps the control', async ({ page }) => {
  await page.goto(`/clusters/${cluster.id}/compliance?framework=cis-1.10`);
  const failing = page.locator('tr[data-control]').filter({ has: page.getByRole('link', { name: /failing → findings/ }) });
  // The control with the most failing resources.
  const counts = await failing.locator('td:nth-child(4)').allInnerTexts();
  const worst = counts.map((c) => Number(c.split('/')[1])).reduce((best, n, i, all) => (n > all[best]! ? i : best), 0);
  const row = failing.nth(worst);
  const control = (await row.getAttribute('data-control'))!;
  const failed = Number((await row.locator('td:nth-child(4)').innerText()).split('/')[1]);
  expect(failed).toBeGreaterThan(1);
  await row.getByRole('link', { name: `${failed} failing → findings` }).click();
  await expect(page).toHaveURL(/\/findings\?/);
  await expect(page).toHaveURL(/framework=cis-1\.10/);
  await expect(page).toHaveURL(new RegExp(`control=${control.replace(/\./g, '\\.')}`));
  await expect(page.getByTestId('findings-total').first()).toContainText(`${failed} finding`);
  // The filter bar says which control it is narrowed to.
  const bar = page.getByRole('form', { name: 'Filter findings' });
  await expect(bar.getByTestId('framework-filter')).toContainText(`CIS Kubernetes Benchmark v1.10 ${control}`);

  // Changing another filter keeps the framework and the control.
  await bar.getByLabel('Status').selectOption('all');
  await expect(page).toHaveURL(/status=all/);
  await expect(page).toHaveURL(/framework=cis-1\.10/);
  await expect(page).toHaveURL(new RegExp(`control=${control.replace(/\./g, '\\.')}`));
  await bar.getByLabel('Search', { exact: true }).fill('a');
  await bar.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=a/);
  await expect(page).toHaveURL(/framework=cis-1\.10/);
  // Grouping keeps it too.
  await page.getByRole('link', { name: 'By check' }).click();
  await expect(page).toHaveURL(/group=check/);
  await expect(page).toHaveURL(/framework=cis-1\.10/);
  // And it can be removed on its own.
  await page.getByTestId('framework-filter').getByRole('button', { name: /Remove/ }).click();
  await expect(page).not.toHaveURL(/framework=/);
  await expect(page).not.toHaveURL(/control=/);
  await expect(page).toHaveURL(/group=check/);

  // The framework filter alone: only findings of checks mapped to it.
  await page.goto(`/findings?cluster=${cluster.id}&framework=pss&limit=200`);
  const all = (await (await page.request.get(`/api/findings?cluster=${cluster.id}&limit=1`)).json()) as { total: { count: number } };
  const pss = (await (await page.request.get(`/api/findings?cluster=${cluster.id}&framework=pss&limit=1`)).json()) as { total: { count: number } };
  expect(pss.total.count).toBeGreaterThan(0);
  expect(pss.total.count).toBeLessThan(all.total.count);
  await expect(page.getByTestId('findings-total').first()).toContainText(`${pss.total.count} finding`);
});

test('attest a manual control: note and expiry, shown on the control and in the audit log', async ({ page }) => {
  await page.goto(`/clusters/${cluster.id}/compliance?framework=cis-1.10`);
  const attestedBefore = Number(/\((\d+)\)/.exec(await stat(page, 'Manual (attested)').innerText())![1]);
  const row = controlRow(page, '3.2.2');
  await row.getByRole('button', { name: 'Attest 3.2.2' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('For this cluster');
  const note = 'Audit policy reviewed with the platform team; policy file in SEC-311.';
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByLabel('Note').fill(note);
  await dialog.getByLabel('Expires').fill(expires);
  await dialog.getByRole('button', { name: 'Attest' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Manual: attested');
  await expect(row).toContainText(`“${note}”`);
  await expect(row).toContainText(`until ${expires}`);
  await expect(stat(page, 'Manual (attested)')).toContainText(`(${attestedBefore + 1})`);

  // The audit log names who attested what, with the note and expiry.
  await page.goto('/settings/audit');
  await page.getByLabel('Action').selectOption('attestation.created');
  const event = page.getByRole('row').filter({ hasText: 'attestation.created' }).filter({ hasText: '3.2.2' }).first();
  await expect(event).toBeVisible();
  await expect(event).toContainText('admin@rampart.test');
  await expect(event).toContainText(note);
  await expect(event).toContainText(expires);
  // Named by its framework and control, not an internal id.
  await expect(event).toContainText('attestation CIS Kubernetes Benchmark v1.10 3.2.2');

  // An expiry more than a year ahead is refused with a message.
  await page.goto(`/clusters/${cluster.id}/compliance?framework=cis-1.10`);
  await page.locator('tr[data-control]').getByRole('button', { name: /^Attest / }).first().click();
  await dialog.getByLabel('Note').fill('Too far ahead.');
  await dialog.getByLabel('Expires').fill(new Date(Date.now() + 800 * 86_400_000).toISOString().slice(0, 10));
  await dialog.getByRole('button', { name: 'Attest' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The attestation was not recorded');
  await expect(dialog.getByRole('alert')).toContainText('An attestation may last at most');
  await expect(dialog.getByRole('alert')).not.toContainText('ZodError');
});

test('evidence pack: JSON bundle and PDF with one digest; verify-evidence accepts it and rejects a tampered copy', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/clusters/${cluster.id}/compliance?framework=cis-1.10`);
  // One click downloads two files: the bundle, then the PDF rendered from it.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Evidence pack (JSON + PDF)' }).click();
  await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(2);
  const [json, pdf] = downloads;
  expect(json!.suggestedFilename()).toMatch(new RegExp(`^rampart-evidence-cis-1\\.10-${cluster.name}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  expect(pdf!.suggestedFilename()).toMatch(/\.pdf$/);
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-evidence-'));
  const bundlePath = path.join(dir, 'bundle.json');
  await json!.saveAs(bundlePath);
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as { digest: { value: string }; framework: { id: string }; scope: { type: string }; controls: unknown[] };
  expect(bundle.framework.id).toBe('cis-1.10');
  expect(bundle.scope.type).toBe('cluster');
  expect(bundle.controls.length).toBeGreaterThan(100);
  await expect(page.getByTestId('evidence-digest')).toHaveText(`SHA-256 ${bundle.digest.value}`);
  const pdfBytes = readFileSync((await pdf!.path())!);
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');

  const verify = (file: string) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['bin/rampart.mjs', 'verify-evidence', file], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (e) {
      const err = e as { status: number; stderr: string };
      return { code: err.status, out: err.stderr };
    }
  };
  const ok = verify(bundlePath);
  expect(ok.code, ok.out).toBe(0);
  expect(ok.out).toContain(`SHA-256 ${bundle.digest.value} matches`);

  const tampered = path.join(dir, 'tampered.json');
  writeFileSync(tampered, JSON.stringify({ ...bundle, controls: bundle.controls.slice(1) }, null, 2));
  const bad = verify(tampered);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('FAILED');
  // The server refuses to render a PDF from it as well.
  const refused = await page.request.post('/api/compliance/evidence', { data: JSON.parse(readFileSync(tampered, 'utf8')) });
  expect(refused.status()).toBe(400);
});
