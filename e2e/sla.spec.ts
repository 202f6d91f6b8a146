/**
 * Remediation SLAs per team in the browser: an admin gives a team owning one namespace of the demo
 * cluster its own days for high findings under Settings › Teams; a high finding of that namespace
 * first seen 10 days ago is then overdue (the instance policy gives 30 days) on its row in the
 * findings browser's overdue view and on its page, and the overview's "SLA compliance by team"
 * counts it for the team.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { scannedDemoCluster } from './support/clusters';
import { backdateFinding } from './support/findings';
import { signIn } from './support/sign-in';

test("a team's own SLA days make its finding overdue everywhere it shows", async ({ page }) => {
  test.setTimeout(240_000);
  const suffix = randomBytes(3).toString('hex');
  await signIn(page);
  const cluster = await scannedDemoCluster(page, 'sla');
  const open = (await (await page.request.get(`/api/findings?cluster=${cluster.id}&status=open&severity=high&limit=200`)).json()) as { findings: Array<{ id: string; resource: { namespace: string | null } }> };
  const finding = open.findings.find((f) => f.resource.namespace)!;
  const namespace = finding.resource.namespace!;
  await backdateFinding(finding.id, 10);

  const name = `Checkout ${suffix}`;
  const team = await page.request.post('/api/teams', { data: { name } });
  expect(team.status(), await team.text()).toBe(201);
  const teamId = ((await team.json()) as { team: { id: string } }).team.id;
  expect((await page.request.post(`/api/teams/${teamId}/scopes`, { data: { clusterId: cluster.id, kind: 'namespace', value: namespace } })).ok()).toBe(true);
  // Within the instance policy's 30 days: not overdue yet.
  await page.goto(`/findings?cluster=${cluster.id}&sla=overdue&namespace=${encodeURIComponent(namespace)}`);
  await expect(page.locator(`[data-finding-row] a[href="/findings/${finding.id}"]`)).toHaveCount(0);

  // Settings › Teams: 5 days for the team's high findings (the field shows the instance's 30 until set).
  await page.goto('/settings/teams');
  const form = page.getByRole('form', { name: `Set the remediation SLA of ${name}` });
  await expect(form.getByLabel('high (days)')).toHaveAttribute('placeholder', '30');
  await form.getByLabel('high (days)').fill('5');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/teams/${teamId}/sla`) && r.request().method() === 'PUT');
  await form.getByRole('button', { name: 'Save SLA' }).click();
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('form', { name: `Set the remediation SLA of ${name}` }).getByLabel('high (days)')).toHaveValue('5');
  await page.getByRole('region', { name: `Remediation SLA of ${name}` }).screenshot({ path: 'test-results/sla-team-form.png' });

  // The overdue view and the finding's page.
  await page.goto(`/findings?cluster=${cluster.id}&sla=overdue&namespace=${encodeURIComponent(namespace)}`);
  const row = page.locator('[data-finding-row]').filter({ has: page.locator(`a[href="/findings/${finding.id}"]`) });
  await expect(row.getByText('Overdue')).toBeVisible();
  await expect(row.locator('[data-owner]')).toHaveText(name);
  await page.goto(`/findings/${finding.id}`);
  await expect(page.getByText('Overdue').first()).toBeVisible();

  // The overview: the team's row counts it, as the findings API does.
  const overdueOfTeam = ((await (await page.request.get(`/api/findings?sla=overdue&limit=200`)).json()) as { findings: Array<{ owner: { teamId: string } | null }> }).findings.filter((f) => f.owner?.teamId === teamId).length;
  expect(overdueOfTeam).toBeGreaterThan(0);
  await page.goto('/');
  const table = page.getByRole('region', { name: 'SLA compliance by team' });
  const teamRow = table.getByTestId(`team-sla-${teamId}`);
  await expect(teamRow).toBeVisible();
  await expect(teamRow.getByRole('cell').nth(1)).toHaveText('7/5/90/180');
  await expect(teamRow.getByRole('cell').nth(3)).toHaveText(String(overdueOfTeam));
  await table.screenshot({ path: 'test-results/sla-overview.png' });
});
