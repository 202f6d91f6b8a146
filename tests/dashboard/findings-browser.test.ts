/**
 * The findings browser for triage (lib/dashboard/findings*.ts) on real PostgreSQL: substring
 * search, totals, paging both ways, every sort order in both directions, by-resource and
 * by-namespace ranking, the namespace owner filter and plain-word errors for bad parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, getCheck } from '@/lib/checks';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { listFindings, findingScope } from '@/lib/dashboard/findings';
import { groupFindings } from '@/lib/dashboard/findings-groups';
import { FINDING_SORTS, parseFindingFilters, safeParseFindingFilters, type FindingFiltersInput } from '@/lib/dashboard/findings-filters';
import { riskierOrEqual } from '@/lib/dashboard/findings-groups';
import { estimateRows, findingsSql, formatTotal, totalFindings } from '@/lib/dashboard/findings-total';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let prod: SeededHistory;
let staging: SeededHistory;
const title = (id: string) => getCheck(id)?.title;
const filters = (input: FindingFiltersInput) => parseFindingFilters(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)])));

beforeAll(async () => {
  t = await createTestDatabase();
  prod = await seedClusterHistory(t.db, { name: 'prod-eu', scans: 3, days: 10 });
  staging = await seedClusterHistory(t.db, { name: 'staging', scans: 1, days: 1, environment: 'staging' });
}, 120_000);
afterAll(() => t?.drop());

type Input = Record<string, string | number>;

async function walk(input: Input, direction: 'forward' | 'backward') {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  const numbers: number[] = [];
  for (;;) {
    const p = await listFindings(t.db, filters({ ...input, ...(direction === 'forward' ? (cursor ? { cursor } : {}) : cursor ? { before: cursor } : { last: '1' }) }), title);
    numbers.push(p.page);
    if (direction === 'forward') ids.push(...p.findings.map((f) => f.id));
    else ids.unshift(...p.findings.map((f) => f.id));
    cursor = (direction === 'forward' ? p.nextCursor : p.prevCursor) ?? undefined;
    if (!cursor || ++pages > 500) break;
  }
  return { ids, numbers };
}

describe('search', () => {
  it('is a case-insensitive substring of resource name, namespace, message, check id and check title', async () => {
    const all = await t.db.finding.findMany({ select: { id: true, resourceName: true, resourceNamespace: true, message: true, checkId: true } });
    const sample = all.find((f) => f.resourceName.length > 6)!;
    const checkTitleWord = CHECKS.find((c) => all.some((f) => f.checkId === c.id))!.title.split(' ').find((w) => w.length > 5)!;
    const queries = [sample.resourceName.slice(2, 6).toUpperCase(), 'ayMEN', 'PRIVILEGED', checkTitleWord.toUpperCase(), all[0].message.slice(5, 14).toUpperCase()];
    for (const q of queries) {
      const needle = q.toLowerCase();
      const titled = new Set(CHECKS.filter((c) => c.id.includes(needle) || c.title.toLowerCase().includes(needle)).map((c) => c.id));
      const want = all.filter((f) => f.resourceName.toLowerCase().includes(needle) || (f.resourceNamespace ?? '').toLowerCase().includes(needle) || f.message.toLowerCase().includes(needle) || titled.has(f.checkId));
      expect(want.length, q).toBeGreaterThan(0);
      const page = await listFindings(t.db, filters({ q, status: 'all', limit: 200 }), title);
      if (want.length <= 200) expect(new Set(page.findings.map((f) => f.id)), q).toEqual(new Set(want.map((f) => f.id)));
      expect(page.total, q).toEqual({ count: want.length, exact: true });
    }
    // Upper and lower case find the same rows.
    const lower = await listFindings(t.db, filters({ q: 'payments', status: 'all', limit: 200 }), title);
    const upper = await listFindings(t.db, filters({ q: 'PAYMENTS', status: 'all', limit: 200 }), title);
    expect(lower.findings.length).toBeGreaterThan(0);
    expect(upper.findings.map((f) => f.id)).toEqual(lower.findings.map((f) => f.id));
  });

  it('treats % and _ as plain characters', async () => {
    const n = await t.db.finding.count({ where: { OR: [{ message: { contains: '\\%' } }, { resourceName: { contains: '\\%' } }] } });
    expect((await listFindings(t.db, filters({ q: '%', status: 'all' }), title)).total.count).toBe(n);
    expect((await listFindings(t.db, filters({ q: 'p_yments', status: 'all' }), title)).total.count).toBe(0);
  });
});

describe('totals', () => {
  it('are exact from the open-finding counts, and from a count for other filters', async () => {
    const open = await t.db.finding.count({ where: { status: 'open', exceptionId: null } });
    expect((await listFindings(t.db, filters({}), title)).total).toEqual({ count: open, exact: true });
    const prodHigh = await t.db.finding.count({ where: { clusterId: prod.clusterId, status: 'open', exceptionId: null, severity: { in: ['critical', 'high'] }, section: 'workloads' } });
    expect((await listFindings(t.db, filters({ cluster: prod.clusterId, severity: 'critical,high', section: 'workloads' }), title)).total).toEqual({ count: prodHigh, exact: true });
    const resolved = await t.db.finding.count({ where: { status: 'resolved' } });
    expect((await listFindings(t.db, filters({ status: 'resolved' }), title)).total).toEqual({ count: resolved, exact: true });
  });

  it('are "about N" from the planner above the exact-count limit', async () => {
    const f = filters({ status: 'all' });
    const scope = await findingScope(t.db, f);
    const total = await totalFindings(t.db, f, scope, new Date(), 5);
    expect(total.exact).toBe(false);
    expect(total.count).toBeGreaterThan(5);
    expect(formatTotal({ count: 1_234_567, exact: false })).toBe('about 1.2M findings');
    expect(formatTotal({ count: 12_345, exact: false })).toBe('about 12k findings');
    expect(formatTotal({ count: 1, exact: true })).toBe('1 finding');
  });

  it('estimate the same rows the list selects (the SQL and Prisma filters agree)', async () => {
    const owned = [{ clusterId: prod.clusterId, namespace: 'payments' }];
    for (const input of [{}, { status: 'all', q: 'admin' }, { cluster: prod.clusterId, severity: 'high', kind: 'Deployment' }, { status: 'excepted' }, { status: 'resolved', namespace: 'legacy' }] as Input[]) {
      const f = filters(input);
      const where = (await findingScope(t.db, f)).where;
      const viaPrisma = await t.db.finding.count({ where });
      const viaSql = await t.db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM findings f WHERE ${findingsSql(f, [], null)}`;
      expect(viaSql[0].n, JSON.stringify(input)).toBe(viaPrisma);
      expect(await estimateRows(t.db, findingsSql(f, [], owned))).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('paging both ways and sort orders', () => {
  it.each(FINDING_SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => [sort, dir] as const)))('sort=%s dir=%s: forwards and backwards visit the same rows in the same order', async (sort, dir) => {
    const input = { sort, dir, limit: 40, status: 'all' };
    const expected = await t.db.finding.count();
    const fwd = await walk(input, 'forward');
    expect(fwd.ids.length).toBe(expected);
    expect(new Set(fwd.ids).size).toBe(expected);
    expect(fwd.numbers[0]).toBe(1);
    const back = await walk(input, 'backward');
    expect(back.ids).toEqual(fwd.ids);
    expect(back.numbers[0]).toBe(Math.ceil(expected / 40));
    // The reversed direction is the exact reverse order.
    const reversed = await walk({ ...input, dir: dir === 'asc' ? 'desc' : 'asc' }, 'forward');
    expect(reversed.ids).toEqual([...fwd.ids].reverse());
  });

  it('orders by each column as named', async () => {
    const rows = async (sort: string, dir = 'asc') => (await listFindings(t.db, filters({ sort, dir, status: 'all', limit: 200 }), title)).findings;
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    const sev = await rows('severity');
    for (let i = 1; i < sev.length; i++) expect(rank.indexOf(sev[i - 1].severity)).toBeLessThanOrEqual(rank.indexOf(sev[i].severity));
    const leastFirst = await rows('severity', 'desc');
    expect(rank.indexOf(leastFirst[0].severity)).toBeGreaterThanOrEqual(rank.indexOf(leastFirst.at(-1)!.severity));
    const newest = await rows('newest');
    for (let i = 1; i < newest.length; i++) expect(newest[i - 1].firstSeenAt >= newest[i].firstSeenAt).toBe(true);
    const check = await rows('check');
    for (let i = 1; i < check.length; i++) expect(check[i - 1].checkId <= check[i].checkId || check[i - 1].checkId.localeCompare(check[i].checkId) <= 0).toBe(true);
    const ns = await listFindings(t.db, filters({ sort: 'namespace', status: 'all', limit: 200, last: '1' }), title);
    expect(ns.findings.at(-1)!.resource.namespace).toBeNull(); // cluster-scoped last
    const nsDesc = await rows('namespace', 'desc');
    expect(nsDesc[0].resource.namespace).toBeNull();
  });

  it('jumps to a page number and back with previous', async () => {
    const p1 = await listFindings(t.db, filters({ limit: 5 }), title);
    const p2 = await listFindings(t.db, filters({ limit: 5, cursor: p1.nextCursor!, page: 2 }), title);
    const p3 = await listFindings(t.db, filters({ limit: 5, cursor: p2.nextCursor!, page: 3 }), title);
    const jumped = await listFindings(t.db, filters({ limit: 5, page: 3 }), title);
    expect(jumped.findings.map((f) => f.id)).toEqual(p3.findings.map((f) => f.id));
    expect(jumped.page).toBe(3);
    const back = await listFindings(t.db, filters({ limit: 5, before: jumped.prevCursor!, page: 2 }), title);
    expect(back.findings.map((f) => f.id)).toEqual(p2.findings.map((f) => f.id));
    expect(p1.prevCursor).toBeNull();
    expect(back.nextCursor).not.toBeNull();
  });
});

describe('groupings', () => {
  it('by resource: riskiest first, paged without overlap, with a total', async () => {
    const all = await groupFindings(t.db, filters({}), 'resource', title, new Date(), 10_000);
    expect(all.total).toEqual({ count: all.groups.length, exact: true });
    for (let i = 1; i < all.groups.length; i++) expect(riskierOrEqual(all.groups[i - 1], all.groups[i])).toBe(true);
    expect(all.groups[0].severity).toBe('critical');
    const p1 = await groupFindings(t.db, filters({}), 'resource', title, new Date(), 4);
    const p2 = await groupFindings(t.db, filters({ page: 2 }), 'resource', title, new Date(), 4);
    expect(p1.truncated).toBe(true);
    expect([...p1.groups, ...p2.groups].map((g) => g.key)).toEqual(all.groups.slice(0, 8).map((g) => g.key));
  });

  it('by namespace: counts add up to the list totals, riskiest first', async () => {
    const { groups, total } = await groupFindings(t.db, filters({ cluster: prod.clusterId }), 'namespace', title);
    expect(total!.count).toBe(groups.length);
    for (let i = 1; i < groups.length; i++) expect(riskierOrEqual(groups[i - 1], groups[i])).toBe(true);
    for (const g of groups.filter((x) => x.namespace!.name)) {
      const listed = await listFindings(t.db, filters({ cluster: prod.clusterId, namespace: g.namespace!.name! }), title);
      expect(listed.total.count, g.namespace!.name!).toBe(g.count);
    }
    const live = await groupFindings(t.db, filters({ cluster: prod.clusterId, since: '1970-01-01' }), 'namespace', title);
    expect(new Map(live.groups.map((g) => [g.key, g.count]))).toEqual(new Map(groups.map((g) => [g.key, g.count])));
  });
});

describe('namespace owner filter', () => {
  it('keeps the findings of the namespaces whose owner label matches', async () => {
    const owned = await t.db.clusterNamespace.findMany({ where: { labels: { path: ['team'], equals: 'payments' } } });
    expect(owned.map((n) => n.name)).toContain('payments');
    const page = await listFindings(t.db, filters({ owner: 'payments', status: 'all', limit: 200 }), title);
    expect(page.findings.length).toBeGreaterThan(0);
    expect(new Set(page.findings.map((f) => f.resource.namespace))).toEqual(new Set(['payments']));
    expect(new Set(page.findings.map((f) => f.clusterId))).toEqual(new Set([prod.clusterId, staging.clusterId]));
    const one = await listFindings(t.db, filters({ owner: 'payments', cluster: staging.clusterId, status: 'all', limit: 200 }), title);
    expect(new Set(one.findings.map((f) => f.clusterId))).toEqual(new Set([staging.clusterId]));
    expect((await listFindings(t.db, filters({ owner: 'nobody' }), title)).total).toEqual({ count: 0, exact: true });
    const grouped = await groupFindings(t.db, filters({ owner: 'payments' }), 'namespace', title);
    expect(grouped.groups.map((g) => g.namespace!.name)).toEqual(['payments', 'payments']);
  });
});

describe('the last page', () => {
  it('holds the rows of the same page number reached forwards, and previous from it is the page before', async () => {
    const input = { cluster: prod.clusterId, status: 'all', limit: 7 };
    const first = await listFindings(t.db, filters(input), title);
    const pages = Math.ceil(first.total.count / 7);
    expect(first.total.count % 7).not.toBe(0);
    const last = await listFindings(t.db, filters({ ...input, last: '1' }), title);
    const byNumber = await listFindings(t.db, filters({ ...input, page: pages }), title);
    expect(last.page).toBe(pages);
    expect(last.findings.map((f) => f.id)).toEqual(byNumber.findings.map((f) => f.id));
    const before = await listFindings(t.db, filters({ ...input, before: last.prevCursor!, page: pages - 1 }), title);
    expect(before.findings.map((f) => f.id)).toEqual((await listFindings(t.db, filters({ ...input, page: pages - 1 }), title)).findings.map((f) => f.id));
  });
});

describe('one resource', () => {
  it('name= keeps exactly that resource (a search would also match others containing the name)', async () => {
    // A resource whose name is contained in another one's name, namespace or message (same kind and namespace).
    const all = (await listFindings(t.db, filters({ cluster: prod.clusterId, status: 'all', limit: 200 }), title)).findings;
    const target = all.find(
      (f) =>
        f.resource.namespace &&
        all.some((o) => o.resource.namespace === f.resource.namespace && o.resource.kind === f.resource.kind && o.resource.name !== f.resource.name && `${o.resource.name} ${o.resource.namespace} ${o.message}`.includes(f.resource.name)),
    );
    expect(target).toBeDefined();
    const { kind, namespace, name } = target!.resource;
    const input = { cluster: prod.clusterId, kind, namespace: namespace!, status: 'all', limit: 200 };
    const bySearch = await listFindings(t.db, filters({ ...input, q: name }), title);
    expect(bySearch.findings.some((f) => f.resource.name !== name)).toBe(true);
    const exact = await listFindings(t.db, filters({ ...input, name }), title);
    expect(exact.findings.length).toBeGreaterThan(0);
    expect(new Set(exact.findings.map((f) => `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`))).toEqual(new Set([`${kind} ${namespace}/${name}`]));
    expect(exact.total).toEqual({ count: exact.findings.length, exact: true });
    expect((await groupFindings(t.db, filters({ ...input, name }), 'resource', title)).groups).toHaveLength(1);
    // The estimate's SQL selects the same rows.
    const f = filters({ ...input, name });
    const viaSql = await t.db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM findings f WHERE ${findingsSql(f, [], null)}`;
    expect(viaSql[0].n).toBe(exact.findings.length);
  });
});

describe('bad parameters', () => {
  it('are explained in plain words, and the other filters still apply', () => {
    const r = safeParseFindingFilters({ severity: 'urgent,high', sort: 'size', limit: 'lots', namespace: 'payments', since: 'yesterday' });
    expect(r.filters.namespace).toBe('payments');
    expect(r.filters.sort).toBe('severity');
    expect(r.error).toContain('Unknown severity "urgent": use critical, high, medium, low or info');
    expect(r.error).toContain('Unknown sort order "size"');
    expect(r.error).toContain('Rows per page must be a whole number from 1 to 200');
    expect(r.error).toContain('"yesterday" is not a date');
    expect(r.error).not.toMatch(/invalid_|Invalid option|expected|received/i);
    expect(safeParseFindingFilters({ status: 'open' }).error).toBeNull();
  });
});
