/**
 * Notifications people read: a finding past its due date shows as overdue in the findings
 * browser, and it is in the weekly digest of the team that owns its namespace. The digest is read
 * from the SMTP server the test stack runs (e2e/support/start-stack.ts writes every message it
 * receives to E2E_MAIL_DIR), parsed with mailparser. A webhook narrowed to a framework control
 * and a team in Settings › Webhooks (what it receives: tests/notifications/webhook-filters.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { scannedDemoCluster } from './support/clusters';
import { E2E_MAIL_DIR } from './support/env';
import { backdateFinding } from './support/findings';
import { signIn } from './support/sign-in';

async function mailTo(address: string, subject: RegExp): Promise<ParsedMail | undefined> {
  let files: string[] = [];
  try {
    files = readdirSync(E2E_MAIL_DIR).filter((f) => f.endsWith('.eml'));
  } catch {
    return undefined;
  }
  for (const f of files.sort().reverse()) {
    const mail = await simpleParser(readFileSync(path.join(E2E_MAIL_DIR, f)));
    const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));
    if (to.includes(address) && subject.test(mail.subject ?? '')) return mail;
  }
  return undefined;
}

test('an overdue finding shows in the team digest read from the SMTP server', async ({ page }) => {
  test.setTimeout(240_000);
  const suffix = randomBytes(3).toString('hex');
  await signIn(page);
  const { id: clusterId } = await scannedDemoCluster(page);

  // The most severe open finding in a namespace, made 30 days old: overdue under any critical/high SLA.
  const open = (await (await page.request.get(`/api/findings?cluster=${clusterId}&status=open&severity=critical,high&limit=200`)).json()) as {
    findings: Array<{ id: string; checkTitle: string; resource: { kind: string; namespace: string | null; name: string } }>;
  };
  const finding = open.findings.find((f) => f.resource.namespace)!;
  const namespace = finding.resource.namespace!;
  await backdateFinding(finding.id, 30);

  // The browser: the overdue filter lists it with its badge.
  await page.goto(`/findings?cluster=${clusterId}&sla=overdue&namespace=${encodeURIComponent(namespace)}`);
  const row = page.locator('[data-finding-row]').filter({ has: page.locator(`a[href="/findings/${finding.id}"]`) });
  await expect(row.getByText('Overdue')).toBeVisible();
  await expect(page.getByLabel('Due date')).toHaveValue('overdue');

  // A team owning that namespace, with one member who sees only the team's part of the fleet.
  const member = { email: `owner-${suffix}@rampart.test`, password: `owner-password-${suffix}-42`, name: `Owner ${suffix}` };
  const user = await page.request.post('/api/users', { data: { ...member, role: 'viewer', requirePasswordChange: false } });
  expect(user.status(), await user.text()).toBe(201);
  const userId = ((await user.json()) as { user: { id: string } }).user.id;
  expect((await page.request.put(`/api/users/${userId}/access`, { data: { fleetAccess: false } })).status()).toBe(200);
  const team = await page.request.post('/api/teams', { data: { name: `Payments ${suffix}` } });
  expect(team.status(), await team.text()).toBe(201);
  const teamId = ((await team.json()) as { team: { id: string } }).team.id;
  expect((await page.request.put(`/api/teams/${teamId}/members`, { data: { userId, role: 'viewer' } })).ok()).toBe(true);
  expect((await page.request.post(`/api/teams/${teamId}/scopes`, { data: { clusterId, kind: 'namespace', value: namespace } })).ok()).toBe(true);

  // An admin sends the digest now (Settings → Webhooks); the worker sends it.
  await page.goto('/settings/webhooks');
  await page.getByRole('button', { name: 'Send digest now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Digest queued' })).toBeVisible();

  let mail: ParsedMail | undefined;
  await expect.poll(async () => (mail = await mailTo(member.email, new RegExp(`Weekly digest for Payments ${suffix}`))) !== undefined, { timeout: 60_000, intervals: [1000] }).toBe(true);
  const resource = `${finding.resource.kind} ${namespace}/${finding.resource.name}`;
  for (const part of [mail!.text ?? '', String(mail!.html)]) {
    expect(part).toMatch(/Overdue findings: [1-9]/);
    expect(part).toContain(resource);
    expect(part).toContain(`/findings/${finding.id}`);
  }
  // The team's digest lists findings of the team's namespace only.
  const listed = (mail!.text ?? '').split('\n').filter((l) => l.startsWith('  - ['));
  expect(listed.length).toBeGreaterThan(0);
  for (const line of listed) expect(line).toContain(` ${namespace}/`);
});

test('a webhook narrowed to a framework control and a team shows its filters in Settings › Webhooks', async ({ page }) => {
  const suffix = randomBytes(3).toString('hex');
  const name = `CIS ${suffix}`;
  const only = 'Only CIS Kubernetes Benchmark v1.10 control 5.2.2 (Privileged containers are not admitted)';
  await signIn(page);
  const team = await page.request.post('/api/teams', { data: { name: `Checkout ${suffix}` } });
  expect(team.status(), await team.text()).toBe(201);

  await page.goto('/settings/webhooks');
  await page.getByRole('button', { name: 'New webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'New webhook' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('URL').fill('https://hooks.example.com/rampart');
  await expect(dialog.getByLabel('Control')).toBeDisabled();
  await dialog.getByLabel('Framework').selectOption('cis-1.10');
  await dialog.getByLabel('Control').selectOption('5.2.2');
  await dialog.getByLabel('Team').selectOption({ label: `Checkout ${suffix}` });
  await dialog.getByRole('button', { name: 'Create webhook' }).click();
  await page.getByRole('dialog', { name: 'Signing secret' }).getByRole('button', { name: 'Done' }).click();
  const item = page.getByRole('listitem').filter({ hasText: name });
  await expect(item.getByTestId('webhook-filters')).toHaveText(`${only} · team Checkout ${suffix}`);

  // Filters can be changed later: the team filter removed.
  await item.getByRole('button', { name: `Filters of webhook ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Filters of “${name}”` });
  await edit.getByLabel('Team').selectOption('');
  await edit.getByRole('button', { name: 'Save filters' }).click();
  await expect(item.getByTestId('webhook-filters')).toHaveText(only);

  // Leave no receiver behind for the other specs' events.
  const hooks = (await (await page.request.get('/api/webhooks')).json()) as { webhooks: Array<{ id: string; name: string }> };
  expect((await page.request.delete(`/api/webhooks/${hooks.webhooks.find((w) => w.name === name)!.id}`)).status()).toBe(204);
});
