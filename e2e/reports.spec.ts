/**
 * Reports in the browser, against the e2e stack (e2e/support/start-stack.ts): an analyst-level
 * user (the e2e admin) registers the demo cluster served by kube-sim, runs a real scan through
 * the API (POST /api/clusters/<id>/scans, the worker inside `rampart serve` runs it), then builds
 * a filtered report on the Reports page and downloads the PDF.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { scannedDemoCluster } from './support/clusters';
import { signIn } from './support/sign-in';

test.describe('reports', () => {
  test('build a filtered remediation report on the Reports page and download the PDF', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page);
    const cluster = await scannedDemoCluster(page);

    await page.goto('/reports');
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Build a remediation report' });
    await form.getByLabel(cluster.name, { exact: true }).check();
    await form.getByLabel('5 Running containers securely').check();
    await form.getByLabel('critical', { exact: true }).check();
    await form.getByLabel('high', { exact: true }).check();
    await form.getByLabel('Trend period').selectOption('7');

    const downloadPromise = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Generate PDF' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^rampart-report-${cluster.name}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(form.getByRole('status')).toContainText('Downloaded');

    // The same scope's machine exports are one click away.
    const csv = await page.request.get(await form.getByRole('link', { name: 'CSV' }).getAttribute('href').then((h) => h ?? ''));
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^cluster,severity,status,/);
  });

  test('a large report renders in the background and is listed with its progress, then downloads', async ({ page }) => {
    test.setTimeout(150_000);
    await signIn(page);
    // Queue through the API (the form does the same for reports over the streaming limit).
    const queued = await page.request.post('/api/reports', { data: {} });
    expect(queued.status(), await queued.text()).toBe(202);
    const id = ((await queued.json()) as { report: { id: string } }).report.id;
    await page.goto('/reports');
    const row = page.locator(`tr[data-report-id="${id}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 90_000 });
    const downloadPromise = page.waitForEvent('download');
    await row.getByRole('link', { name: 'Download' }).click();
    expect((await downloadPromise).suggestedFilename()).toMatch(/\.pdf$/);
  });
});
