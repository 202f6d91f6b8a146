/**
 * Teams in the browser: an admin creates two teams under Settings → Teams, each owning one
 * namespace of the demo cluster, and limits a person to their team; that person then sees only
 * their namespace in the findings browser, on the overview (their cluster only, its open findings
 * and score those of their namespace), on the cluster's page (the same score as their namespace's
 * scorecard) and in their part of the RBAC explorer, and another team's finding or another cluster
 * is "not found" for them.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { scannedDemoCluster } from './support/clusters';
import { signIn } from './support/sign-in';

interface Group {
  namespace: { name: string | null } | undefined;
}

async function namespacesWithFindings(page: Page, clusterId: string): Promise<string[]> {
  const res = await page.request.get(`/api/findings?cluster=${clusterId}&group=namespace`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { groups: Group[] }).groups.map((g) => g.namespace?.name).filter((n): n is string => Boolean(n));
}

async function addTeam(page: Page, name: string, clusterName: string, namespace: string): Promise<void> {
  const create = page.getByRole('form', { name: 'Create a team' });
  await create.getByLabel('Team name').fill(name);
  await create.getByRole('button', { name: 'Create team' }).click();
  const scopes = page.getByRole('form', { name: `Add a scope to ${name}` });
  await expect(scopes).toBeVisible();
  await scopes.getByLabel('Cluster').selectOption({ label: clusterName });
  await scopes.getByLabel('Matches').selectOption({ label: 'Namespace' });
  await scopes.getByLabel('Value').fill(namespace);
  await scopes.getByRole('button', { name: 'Add scope' }).click();
  await expect(page.getByText(`namespace ${namespace} in ${clusterName}`)).toBeVisible();
}

test('a team member sees only their namespaces', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const suffix = randomBytes(3).toString('hex');
  await signIn(page);
  const cluster = await scannedDemoCluster(page);
  const other = await scannedDemoCluster(page);
  const [mine, theirs] = await namespacesWithFindings(page, cluster.id);
  expect(mine && theirs, 'the demo cluster has findings in two namespaces').toBeTruthy();
  const theirFinding = ((await (await page.request.get(`/api/findings?cluster=${cluster.id}&namespace=${theirs}&limit=1`)).json()) as { findings: Array<{ id: string }> }).findings[0]!.id;
  const openMine = ((await (await page.request.get(`/api/findings?cluster=${cluster.id}&namespace=${mine}&status=open&limit=1`)).json()) as { total: { count: number } }).total.count;
  expect(openMine, 'their namespace has open findings').toBeGreaterThan(0);

  // A person, and two teams made under Settings → Teams.
  const person = { email: `member-${suffix}@rampart.test`, password: `member-password-${suffix}-42`, name: `Mia ${suffix}` };
  expect((await page.request.post('/api/users', { data: { ...person, role: 'analyst', requirePasswordChange: false } })).status()).toBe(201);
  await page.goto('/settings/teams');
  const team = `Payments ${suffix}`;
  await addTeam(page, team, cluster.name, mine!);
  await addTeam(page, `Other ${suffix}`, cluster.name, theirs!);
  const members = page.getByRole('form', { name: `Add a member to ${team}` });
  await members.getByLabel('Person').selectOption({ label: `${person.name} (${person.email})` });
  await members.getByLabel('Role').selectOption({ label: 'Viewer' });
  await members.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('region', { name: `Members of ${team}` }).getByText(person.email)).toBeVisible();
  const fleetView = page.getByRole('checkbox', { name: `Fleet view for ${person.email}` });
  await expect(fleetView).toBeChecked();
  await fleetView.click();
  await expect(fleetView).not.toBeChecked();

  // The member: their namespace only, owned by their team.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signIn(member, person.email, person.password);
  await member.goto('/findings?limit=200');
  const rows = member.locator('[data-finding-row]');
  await expect(rows.first()).toBeVisible();
  const owners = await member.locator('[data-finding-row] [data-owner]').allInnerTexts();
  expect(owners.length).toBeGreaterThan(0);
  expect(new Set(owners)).toEqual(new Set([team]));

  // Their namespace's scorecard, not the other team's.
  await member.goto(`/clusters/${cluster.id}/namespaces`);
  const card = member.locator(`[data-namespace-card="${mine}"]`);
  await expect(card).toBeVisible();
  await expect(member.locator(`[data-namespace-card="${theirs}"]`)).toHaveCount(0);
  const score = (await card.locator('[data-namespace-score]').innerText()).trim();

  // The overview: their cluster only, with their namespace's open findings and score.
  await member.getByRole('link', { name: 'Overview' }).click();
  const row = member.getByRole('row').filter({ has: member.getByRole('link', { name: cluster.name, exact: true }) });
  await expect(row).toBeVisible();
  await expect(member.getByRole('link', { name: other.name, exact: true })).toHaveCount(0);
  await expect(row.getByTestId('part-note')).toHaveText('your namespace');
  await expect(row.getByText(`${openMine} open in all`)).toBeVisible();
  await expect(row.getByRole('cell').filter({ hasText: '/ 100' }).getByText(score, { exact: true })).toBeVisible();

  // Its cluster page: the same score, said to be their namespace's; the other team's namespace is not named.
  await row.getByRole('link', { name: cluster.name, exact: true }).click();
  await expect(member).toHaveURL(new RegExp(`/clusters/${cluster.id}$`));
  await expect(member.getByTestId('part-scope')).toContainText(mine!);
  await expect(member.getByTestId('part-scope')).not.toContainText(theirs!);
  await expect(member.getByTestId('overall-score')).toHaveText(new RegExp(`^${score} `));

  // Another team's finding, and a cluster none of their teams touches, do not exist for them.
  // (The findings pages stream behind a loading state, so the answer is the not-found page rather than a 404 status.)
  await member.goto(`/findings/${theirFinding}`);
  await expect(member.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(member.getByRole('heading', { name: 'Ownership' })).toHaveCount(0);
  expect((await member.goto(`/clusters/${other.id}`))?.status()).toBe(404);
  expect((await member.request.get(`/api/findings?cluster=${cluster.id}&namespace=${theirs}`)).status()).toBe(200);
  expect(((await (await member.request.get(`/api/findings?cluster=${cluster.id}&namespace=${theirs}`)).json()) as { findings: unknown[] }).findings).toEqual([]);
  // Their part of the vulnerabilities and RBAC pages; another cluster's RBAC does not exist for them.
  expect((await member.goto('/vulnerabilities'))?.status()).toBe(200);
  expect((await member.goto(`/rbac/${cluster.id}`))?.status()).toBe(200);
  await expect(member.getByText("Limited to your teams' namespaces")).toBeVisible();
  expect((await member.goto(`/rbac/${other.id}`))?.status()).toBe(404);
  await memberContext.close();
});
