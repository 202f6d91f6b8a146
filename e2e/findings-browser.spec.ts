/**
 * The findings browser at triage (issue 14, item 1), against the e2e stack: the demo cluster is
 * registered and scanned once, then: the total and page navigation both ways, case-insensitive
 * substring search over resource, namespace and message, every sort order in both directions,
 * by-resource grouping ordered by risk with paging, group by namespace, filter by owner, compact
 * rows, and plain-language errors for addresses that are not understood.
 *
 * The browser's rows are checked against GET /api/findings (the same read model), and the order
 * of the API's rows is checked against each sort's definition (lib/dashboard/findings-order.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectOnlyFindingsOf } from './support/findings';
import { scannedClusterSuite } from './support/suite';
import { watchPageErrors } from './support/watch';

interface ApiFinding {
  id: string;
  checkId: string;
  severity: string;
  resource: { kind: string; namespace: string | null; name: string };
  message: string;
  checkTitle: string;
  firstSeenAt: string;
  status: string;
}
interface ApiGroup {
  key: string;
  severity: string;
  count: number;
  namespace?: { name: string | null };
}

const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info'];
const suite = scannedClusterSuite('browse');
let cluster: { id: string; name: string };
test.beforeEach(() => {
  cluster = suite.cluster();
});

const rows = (page: Page) => page.locator('[data-finding-row]');
const rowIds = (page: Page) => page.locator('[data-finding-row] input[data-finding-select]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const summary = (page: Page) => page.getByTestId('findings-total').first();

async function apiFindings(page: Page, query: string): Promise<{ findings: ApiFinding[]; total: { count: number; exact: boolean } }> {
  const res = await page.request.get(`/api/findings?${query}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { findings: ApiFinding[]; total: { count: number; exact: boolean } };
}

test('the total is shown, and pages move forward, back, by number and to the end', async ({ page }) => {
  const { total } = await apiFindings(page, `cluster=${cluster.id}&limit=1`);
  expect(total.exact).toBe(true);
  expect(total.count).toBeGreaterThan(30);
  const pages = Math.ceil(total.count / 10);

  await page.goto(`/findings?cluster=${cluster.id}&limit=10`);
  await expect(summary(page)).toHaveText(`${total.count.toLocaleString('en-US')} findings · page 1 of ${pages}`);
  await expect(rows(page)).toHaveCount(10);
  const first = await rowIds(page);
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager.getByText('Previous')).toHaveAttribute('aria-disabled', 'true');

  await pager.getByRole('link', { name: 'Next' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page 2 of ${pages}$`));
  await expect(pager.locator('[aria-current="page"]')).toHaveText('2');
  const second = await rowIds(page);
  expect(second).toHaveLength(10);
  expect(second.filter((id) => first.includes(id))).toEqual([]);

  await pager.getByRole('link', { name: 'Previous' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page 1 of ${pages}$`));
  expect(await rowIds(page)).toEqual(first);

  // A page number is a direct jump; it shows the same rows as walking there.
  await pager.getByRole('link', { name: 'Page 3' }).click();
  await expect(pager.locator('[aria-current="page"]')).toHaveText('3');
  const third = await rowIds(page);
  await pager.getByRole('link', { name: 'Previous' }).click();
  await expect(pager.locator('[aria-current="page"]')).toHaveText('2');
  expect(await rowIds(page)).toEqual(second);
  await pager.getByRole('link', { name: 'Next' }).click();
  await expect(pager.locator('[aria-current="page"]')).toHaveText('3');
  expect(await rowIds(page)).toEqual(third);

  // The last page holds the remainder, and Previous from it goes back one page.
  await pager.getByRole('link', { name: 'Last' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page ${pages} of ${pages}$`));
  await expect(rows(page)).toHaveCount(total.count - (pages - 1) * 10);
  await expect(pager.getByText('Next')).toHaveAttribute('aria-disabled', 'true');
  await pager.getByRole('link', { name: 'Previous' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page ${pages - 1} of ${pages}$`));
  await expect(rows(page)).toHaveCount(10);
});

test('search is a case-insensitive substring of resource, namespace and message', async ({ page }) => {
  const search = async (q: string) => {
    await page.goto(`/findings?cluster=${cluster.id}&limit=200`);
    await page.getByLabel('Search', { exact: true }).fill(q);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${q}`));
    await expect(rows(page).first()).toBeVisible();
  };

  // "MYSQL" in capitals finds the lower-case mysql-legacy StatefulSet, and the rows match the API's.
  await search('MYSQL');
  const texts = (await rows(page).allInnerTexts()).map((t) => t.toLowerCase());
  for (const t of texts) expect(t).toContain('mysql');
  expect(texts.some((t) => t.includes('mysql-legacy'))).toBe(true);
  const api = await apiFindings(page, `cluster=${cluster.id}&q=mysql&limit=200`);
  expect(await rowIds(page)).toEqual(api.findings.map((f) => f.id));

  // A word found only in a finding's message (not its resource, namespace or check) finds it.
  const everything = (await apiFindings(page, `cluster=${cluster.id}&limit=200`)).findings;
  const candidates = everything.flatMap((f) =>
    (f.message.match(/[A-Za-z]{7,}/g) ?? [])
      .filter((w) => !`${f.resource.name} ${f.resource.namespace ?? ''} ${f.checkId} ${f.checkTitle}`.toLowerCase().includes(w.toLowerCase()))
      .map((w) => ({ f, w })),
  );
  expect(candidates.length).toBeGreaterThan(0);
  const { f: target, w: word } = candidates.sort((a, b) => b.w.length - a.w.length)[0]!;
  await search(word.toUpperCase());
  await expect(rows(page).locator(`input[value="${target.id}"]`)).toHaveCount(1);

  // A substring inside a namespace name ("aymen" of payments), any case.
  await search('AyMeN');
  const namespaces = await rows(page).locator('td:nth-child(4)').allInnerTexts();
  expect(namespaces.length).toBeGreaterThan(0);
  const viaNamespace = (await apiFindings(page, `cluster=${cluster.id}&q=aymen&limit=200`)).findings;
  expect(viaNamespace.map((f) => f.id)).toEqual(await rowIds(page));
  for (const f of viaNamespace) expect(`${f.resource.name} ${f.resource.namespace} ${f.message} ${f.checkTitle} ${f.checkId}`.toLowerCase()).toContain('aymen');
  expect(namespaces).toContain('payments');
});

/** Whether the API's rows are in the order the sort defines (natural direction, or its exact reverse). */
function inOrder(sort: string, dir: 'asc' | 'desc', list: ApiFinding[]): boolean {
  const cmpStr = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const sev = (f: ApiFinding) => SEVERITY_RANK.indexOf(f.severity);
  const seen = (f: ApiFinding) => Date.parse(f.firstSeenAt);
  const key: Record<string, (a: ApiFinding, b: ApiFinding) => number> = {
    severity: (a, b) => sev(a) - sev(b) || seen(b) - seen(a),
    newest: (a, b) => seen(b) - seen(a),
    oldest: (a, b) => seen(a) - seen(b),
    resource: (a, b) => cmpStr(a.resource.name, b.resource.name),
    check: (a, b) => cmpStr(a.checkId, b.checkId) || sev(a) - sev(b),
    namespace: (a, b) => cmpStr(a.resource.namespace, b.resource.namespace) || cmpStr(a.resource.name, b.resource.name),
  };
  const sign = dir === 'asc' ? 1 : -1;
  return list.every((f, i) => i === 0 || sign * key[sort]!(list[i - 1]!, f) <= 0);
}

test('every sort order, both directions, from the sort control and the column headers', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/findings?cluster=${cluster.id}&status=all&limit=100`);
  const sortSelect = page.getByLabel('Sort', { exact: true });
  const dirSelect = page.getByLabel('Direction');
  for (const sort of ['severity', 'newest', 'oldest', 'resource', 'check', 'namespace'] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      await sortSelect.selectOption(sort);
      if (sort !== 'severity') await expect(page).toHaveURL(new RegExp(`sort=${sort}`));
      if (dir === 'desc') {
        await dirSelect.selectOption('desc');
        await expect(page).toHaveURL(/dir=desc/);
      }
      const api = await apiFindings(page, `cluster=${cluster.id}&status=all&limit=100&sort=${sort}&dir=${dir}`);
      expect(api.findings.length).toBeGreaterThan(50);
      expect(inOrder(sort, dir, api.findings), `${sort} ${dir}`).toBe(true);
      // The page shows the same rows in the same order (open findings carry a selection box).
      const open = api.findings.filter((f) => f.status === 'open').map((f) => f.id);
      await expect.poll(() => rowIds(page), { message: `${sort} ${dir}` }).toEqual(open);
      if (dir === 'desc') {
        await dirSelect.selectOption('asc');
        await expect(page).not.toHaveURL(/dir=desc/);
      }
    }
  }

  // A header sorts by its column; a second click reverses it.
  await page.goto(`/findings?cluster=${cluster.id}&limit=100`);
  const table = page.getByRole('table', { name: 'Findings matching the filters' });
  await table.getByRole('columnheader', { name: 'Resource' }).getByRole('link').click();
  await expect(page).toHaveURL(/sort=resource/);
  await expect(table.getByRole('columnheader', { name: 'Resource' })).toHaveAttribute('aria-sort', 'ascending');
  // Cluster-wide findings sort by the cluster's stored key but show its name: left out here.
  const names = async () =>
    (await table.locator('[data-finding-row] td:nth-child(5)').allInnerTexts())
      .map((t) => t.trim().split(/\s+/))
      .filter((parts) => parts[0] !== 'Cluster')
      .map((parts) => parts.at(-1)!);
  const asc = await names();
  expect(asc).toEqual([...asc].sort());
  await table.getByRole('columnheader', { name: 'Resource' }).getByRole('link').click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(table.getByRole('columnheader', { name: 'Resource' })).toHaveAttribute('aria-sort', 'descending');
  const desc = await names();
  expect(desc).toEqual([...desc].sort().reverse());
});

test('by resource: riskiest first, in pages', async ({ page }) => {
  const res = await page.request.get(`/api/findings?cluster=${cluster.id}&group=resource&limit=200`);
  const { groups: all, total } = (await res.json()) as { groups: ApiGroup[]; total: { count: number; exact: boolean } };
  expect(total.exact).toBe(true);
  expect(all.length).toBeGreaterThan(20);
  const riskier = (a: ApiGroup, b: ApiGroup) => SEVERITY_RANK.indexOf(a.severity) < SEVERITY_RANK.indexOf(b.severity) || (a.severity === b.severity && a.count >= b.count);

  await page.goto(`/findings?cluster=${cluster.id}&limit=10`);
  await page.getByRole('link', { name: 'By resource' }).click();
  await expect(page).toHaveURL(/group=resource/);
  const groupRows = page.locator('[data-group-row]');
  await expect(groupRows).toHaveCount(10);
  const pages = Math.ceil(total.count / 10);
  await expect(summary(page)).toHaveText(`${total.count.toLocaleString('en-US')} resources · page 1 of ${pages}, riskiest first`);
  const read = async () =>
    Promise.all(
      (await groupRows.all()).map(async (r) => ({
        key: '',
        severity: (await r.locator('td:nth-child(2)').innerText()).trim().toLowerCase(),
        count: Number((await r.locator('td:nth-child(3)').innerText()).replace(/,/g, '')),
      })),
    );
  const page1 = await read();
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page 2 of ${pages}`));
  const page2 = await read();
  const walked = [...page1, ...page2];
  for (let i = 1; i < walked.length; i++) expect(riskier(walked[i - 1]!, walked[i]!), `group ${i}`).toBe(true);
  expect(walked.map((g) => [g.severity, g.count])).toEqual(all.slice(0, 20).map((g) => [g.severity, g.count]));
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Previous' }).click();
  await expect(summary(page)).toHaveText(new RegExp(`page 1 of ${pages}`));
  expect(await read()).toEqual(page1);

  // A group opens the findings of that resource.
  const top = groupRows.first().getByRole('link').first();
  const label = (await top.innerText()).trim();
  await top.click();
  await expect(page).not.toHaveURL(/group=/);
  await expect(page).toHaveURL(/kind=/);
  await expect(summary(page)).toContainText(`${page1[0]!.count} finding`);
  // Only that resource's findings (the label is "Kind namespace/name" or "Kind name").
  const [kind, ref] = label.split(' ');
  const parts = ref!.split('/');
  await expectOnlyFindingsOf(page, { kind: kind!, namespace: parts.length > 1 ? parts[0] : null, name: parts.at(-1)! });
});

test('group by namespace, then the findings of one namespace', async ({ page }) => {
  await page.goto(`/findings?cluster=${cluster.id}`);
  await page.getByRole('link', { name: 'By namespace' }).click();
  await expect(page).toHaveURL(/group=namespace/);
  const groupRows = page.locator('[data-group-row]');
  await expect(groupRows.first()).toBeVisible();
  const names = (await groupRows.locator('td:first-child a').allInnerTexts()).map((t) => t.trim());
  expect(names).toEqual(expect.arrayContaining(['legacy', 'payments', 'ci']));
  const legacy = groupRows.filter({ has: page.getByRole('link', { name: 'legacy', exact: true }) });
  const count = Number((await legacy.locator('td:nth-child(3)').innerText()).replace(/,/g, ''));
  await legacy.getByRole('link', { name: 'legacy', exact: true }).click();
  await expect(page).toHaveURL(/namespace=legacy/);
  await expect(summary(page)).toContainText(`${count} finding`);
  for (const ns of await rows(page).locator('td:nth-child(4)').allInnerTexts()) expect(ns.trim()).toBe('legacy');
});

test('filter by owner (the namespace "team" label)', async ({ page }) => {
  await page.goto(`/findings?cluster=${cluster.id}&limit=200`);
  const owner = page.getByLabel(/^Owner/);
  await expect(owner.locator('option', { hasText: 'payments' })).toHaveCount(1);
  await owner.selectOption('payments');
  await expect(page).toHaveURL(/owner=payments/);
  await expect(rows(page).first()).toBeVisible();
  const namespaces = new Set((await rows(page).locator('td:nth-child(4)').allInnerTexts()).map((t) => t.trim()));
  expect([...namespaces]).toEqual(['payments']);
  // Another team's namespaces are other rows.
  await owner.selectOption('data-platform');
  await expect(page).toHaveURL(/owner=data-platform/);
  await expect(rows(page).first()).toBeVisible();
  expect(new Set((await rows(page).locator('td:nth-child(4)').allInnerTexts()).map((t) => t.trim()))).toEqual(new Set(['data']));
});

test('rows are compact: one line each at 1280 px', async ({ page }) => {
  await page.goto(`/findings?cluster=${cluster.id}`);
  await expect(rows(page)).toHaveCount(50);
  const heights = await rows(page).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  for (const h of heights) expect(h).toBeLessThanOrEqual(44);
  // Nothing spills out sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test('an address that is not understood gets a plain sentence, never a validation dump', async ({ page }) => {
  const problems = watchPageErrors(page);
  await page.goto(`/findings?cluster=${cluster.id}&severity=CRIT&sort=random&limit=abc`);
  const alert = page.getByRole('alert').filter({ hasText: 'Part of this address was not understood' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Unknown severity "CRIT": use critical, high, medium, low or info');
  await expect(alert).toContainText('Unknown sort order "random"');
  await expect(alert).toContainText('Rows per page must be a whole number from 1 to 200, not "abc"');
  const text = await alert.innerText();
  for (const raw of ['invalid_enum_value', 'invalid_value', 'ZodError', 'Expected', '"code"', 'received']) expect(text).not.toContain(raw);
  // The rest of the address still applies, and the way out drops what was not understood.
  await expect(rows(page).first()).toBeVisible();
  await alert.getByRole('link', { name: 'Show the address without it' }).click();
  await expect(page).toHaveURL(new RegExp(`/findings\\?cluster=${cluster.id}$`));
  await expect(page.getByRole('alert').filter({ hasText: 'not understood' })).toHaveCount(0);

  // A damaged page link says so and leads back to the first page.
  await page.goto(`/findings?cluster=${cluster.id}&cursor=not-a-cursor&page=2`);
  const damaged = page.getByRole('alert').filter({ hasText: 'Could not open this page of results' });
  await expect(damaged).toBeVisible();
  await damaged.getByRole('link', { name: 'Back to the first page' }).click();
  await expect(rows(page).first()).toBeVisible();
  // The page rendered its errors as content: nothing failed underneath.
  expect(problems).toEqual([]);

  // The API answers the same sentence with a 400.
  const res = await page.request.get('/api/findings?severity=CRIT');
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: string }).error).toContain('Unknown severity "CRIT"');
});

test('cluster-wide findings are named by the cluster, never by an internal id', async ({ page }) => {
  const api = await apiFindings(page, `cluster=${cluster.id}&kind=Cluster&status=all&limit=200`);
  expect(api.findings.length).toBeGreaterThan(0);
  await page.goto(`/findings?cluster=${cluster.id}&kind=Cluster&status=all&limit=200`);
  await expect(rows(page)).toHaveCount(api.findings.length);
  for (const t of await rows(page).locator('td:nth-child(5)').allInnerTexts()) expect(t.trim()).toBe(`Cluster ${cluster.name}`);
  // Grouped by resource, the same name.
  await page.goto(`/findings?cluster=${cluster.id}&kind=Cluster&group=resource`);
  await expect(page.locator('[data-group-row]').first()).toContainText(`Cluster ${cluster.name}`);
  expect(await page.locator('main').innerText()).not.toContain(cluster.id);
});
