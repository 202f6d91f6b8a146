/**
 * Ownership and accountability in the browser: an analyst requests a risk acceptance, which
 * changes nothing and which they cannot approve themselves; an admin approves it under
 * Settings → Exceptions, and only then does the finding count as excepted.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { scannedDemoCluster } from './support/clusters';
import { signIn } from './support/sign-in';

async function exceptedCount(request: APIRequestContext, clusterId: string): Promise<number> {
  const res = await request.get(`/api/findings?cluster=${clusterId}&status=excepted&limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { findings: unknown[] }).findings.length;
}

test('an exception waits for a second approver', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const suffix = randomBytes(3).toString('hex');
  await signIn(page);
  expect((await page.request.put('/api/settings/exceptions', { data: { allowSelfApproval: false } })).status()).toBe(200);

  // An analyst, and the demo cluster scanned once.
  const analyst = { email: `analyst-${suffix}@rampart.test`, password: `analyst-password-${suffix}-42`, name: `Ana ${suffix}` };
  const created = await page.request.post('/api/users', { data: { ...analyst, role: 'analyst', requirePasswordChange: false } });
  expect(created.status(), await created.text()).toBe(201);
  const { id: clusterId } = await scannedDemoCluster(page);
  const crit = (await (await page.request.get(`/api/findings?cluster=${clusterId}&status=open&severity=critical&limit=1`)).json()) as { findings: Array<{ id: string }> };
  const findingId = crit.findings[0]!.id;

  // The analyst requests the acceptance on the finding's page.
  const analystContext = await browser.newContext();
  const analystPage = await analystContext.newPage();
  await signIn(analystPage, analyst.email, analyst.password);
  await analystPage.goto(`/findings/${findingId}`);
  await analystPage.getByRole('button', { name: 'Accept risk' }).click();
  const dialog = analystPage.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('Vendor agent needs it until the Q3 release; compensated by node isolation.');
  await dialog.getByLabel('Ticket link (optional)').fill('https://jira.example.com/browse/SEC-77');
  await dialog.getByRole('button', { name: 'Accept risk' }).click();
  await expect(dialog).toBeHidden();
  await expect(analystPage.getByRole('status').filter({ hasText: 'Request recorded' })).toBeVisible();
  expect(await exceptedCount(page.request, clusterId)).toBe(0);

  // The requester cannot approve their own request.
  await analystPage.goto('/settings/exceptions');
  await analystPage.getByRole('tab', { name: 'Awaiting approval' }).click();
  const ownRow = analystPage.getByRole('row').filter({ hasText: 'Vendor agent needs it' });
  await expect(ownRow.getByText('awaiting approval')).toBeVisible();
  await expect(ownRow.getByRole('button', { name: /^Approve exception / })).toBeDisabled();
  await analystContext.close();

  // A second person (the admin) approves it; now the finding is excepted.
  await page.goto('/settings/exceptions');
  await page.getByRole('tab', { name: 'Awaiting approval' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Vendor agent needs it' });
  await expect(row.getByRole('link', { name: 'Ticket' })).toHaveAttribute('href', 'https://jira.example.com/browse/SEC-77');
  await row.getByRole('button', { name: /^Approve exception / }).click();
  await page.getByRole('dialog').getByLabel('Note (optional, kept in the audit trail)').fill('Reviewed with the platform lead');
  await page.getByRole('dialog').getByRole('button', { name: 'Approve exception' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(row).toHaveCount(0);
  await page.getByRole('tab', { name: 'Active' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Vendor agent needs it' }).getByText(/approved by/)).toBeVisible();
  await expect.poll(() => exceptedCount(page.request, clusterId)).toBe(1);
  await page.goto(`/findings/${findingId}`);
  await expect(page.getByText('Excepted').first()).toBeVisible();
});
