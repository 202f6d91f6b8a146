/**
 * OpenFindingCount stays the exact GROUP BY of each cluster's open findings through scans and
 * exception changes, and the findings browser's group-by-check reads it only where that is exact.
 * Real PostgreSQL, history seeded through the real pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCheck } from '@/lib/checks';
import type { Severity } from '@/lib/checks/types';
import { countsServeGrouping, groupFindings, resourceCountsServeGrouping } from '@/lib/dashboard/findings-groups';
import { riskierOrEqual } from '@/lib/dashboard/findings-groups';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { revokeException, sweepExpiredExceptions } from '@/lib/exceptions';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import { refreshOpenFindingCounts } from '@/lib/scans/open-finding-counts';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let prod: SeededHistory;
let staging: SeededHistory;
const title = (id: string) => getCheck(id)?.title;

beforeAll(async () => {
  t = await createTestDatabase();
  prod = await seedClusterHistory(t.db, { name: 'prod', scans: 6, days: 30 });
  staging = await seedClusterHistory(t.db, { name: 'staging', scans: 2, days: 7 });
}, 180_000);
afterAll(() => t?.drop());

type Key = string;
const key = (r: { clusterId: string; checkId: string; severity: Severity; excepted: boolean }): Key => `${r.clusterId}|${r.checkId}|${r.severity}|${r.excepted}`;

/** The live GROUP BY of the open findings, keyed like the table. */
async function liveCounts(): Promise<Map<Key, number>> {
  const rows = await t.db.finding.groupBy({ by: ['clusterId', 'checkId', 'severity', 'exceptionId'], where: { status: 'open' }, _count: { _all: true } });
  const out = new Map<Key, number>();
  for (const r of rows) {
    const k = key({ ...r, excepted: r.exceptionId !== null });
    out.set(k, (out.get(k) ?? 0) + r._count._all);
  }
  return out;
}

async function tableCounts(): Promise<Map<Key, number>> {
  return new Map((await t.db.openFindingCount.findMany()).map((r) => [key(r), r.count]));
}

/** Open findings per (cluster, namespace, excepted) by severity: live from the findings, and from OpenNamespaceCount. */
async function namespaceCounts(): Promise<{ live: Map<string, Record<Severity, number>>; table: Map<string, Record<Severity, number>> }> {
  const rows = await t.db.finding.groupBy({ by: ['clusterId', 'resourceNamespace', 'severity', 'exceptionId'], where: { status: 'open' }, _count: { _all: true } });
  const live = new Map<string, Record<Severity, number>>();
  for (const r of rows) {
    const k = `${r.clusterId}|${r.resourceNamespace ?? ''}|${r.exceptionId !== null}`;
    const c = live.get(k) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    c[r.severity] += r._count._all;
    live.set(k, c);
  }
  const table = new Map((await t.db.openNamespaceCount.findMany()).map((r) => [`${r.clusterId}|${r.resourceNamespace}|${r.excepted}`, { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info }]));
  return { live, table };
}

/** group-by-check as {checkId: count}, through the table and through the live query (a namespace-less filter that forces it). */
async function grouped(params: Record<string, string>) {
  const { groups } = await groupFindings(t.db, parseFindingFilters(params), 'check', title);
  return Object.fromEntries(groups.map((g) => [g.checkId!, { count: g.count, bySeverity: g.bySeverity }]));
}

async function groupedLive(params: Record<string, string>) {
  const status = params.status ?? 'open';
  const rows = await t.db.finding.groupBy({
    by: ['checkId', 'severity'],
    where: {
      status: 'open',
      exceptionId: status === 'excepted' ? { not: null } : null,
      ...(params.cluster ? { clusterId: params.cluster } : {}),
      ...(params.severity ? { severity: { in: params.severity.split(',') as Severity[] } } : {}),
      ...(params.section ? { section: params.section } : {}),
    },
    _count: { _all: true },
  });
  const out: Record<string, { count: number; bySeverity: Record<Severity, number> }> = {};
  for (const r of rows) {
    const g = (out[r.checkId] ??= { count: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
    g.count += r._count._all;
    g.bySeverity[r.severity] += r._count._all;
  }
  return out;
}

describe('OpenFindingCount', () => {
  it('equals the GROUP BY of the open findings after a history of scans', async () => {
    const live = await liveCounts();
    expect(live.size).toBeGreaterThan(10);
    expect(await tableCounts()).toEqual(live);
    const namespaces = await namespaceCounts();
    expect(namespaces.live.size).toBeGreaterThan(5);
    expect(namespaces.table).toEqual(namespaces.live);
  });

  it('recounts whole clusters to the same numbers (the path for large changes)', async () => {
    const before = await tableCounts();
    const resourcesBefore = await t.db.openResourceCount.findMany({ orderBy: [{ clusterId: 'asc' }, { resourceKind: 'asc' }, { resourceNamespace: 'asc' }, { resourceName: 'asc' }, { excepted: 'asc' }] });
    await t.db.$transaction((tx) => refreshOpenFindingCounts(tx, [prod.clusterId, staging.clusterId]));
    expect(await tableCounts()).toEqual(before);
    const namespaces = await namespaceCounts();
    expect(namespaces.table).toEqual(namespaces.live);
    expect(await t.db.openResourceCount.findMany({ orderBy: [{ clusterId: 'asc' }, { resourceKind: 'asc' }, { resourceNamespace: 'asc' }, { resourceName: 'asc' }, { excepted: 'asc' }] })).toEqual(resourcesBefore);
    expect(resourcesBefore.length).toBeGreaterThan(10);
  });

  it('follows accepted risk at once, and its revocation', async () => {
    const { groups } = await groupFindings(t.db, parseFindingFilters({ cluster: prod.clusterId }), 'check', title);
    const target = groups[0];
    const created = await acceptRisk(t.db, { checkId: target.checkId!, clusterId: prod.clusterId, reason: 'accepted for the test', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    expect(created.findingsChanged).toBe(target.count);
    expect(await tableCounts()).toEqual(await liveCounts());
    const namespaces = await namespaceCounts();
    expect(namespaces.table).toEqual(namespaces.live);

    const excepted = await grouped({ cluster: prod.clusterId, status: 'excepted' });
    expect(excepted[target.checkId!]?.count).toBe(target.count);
    expect(excepted).toEqual(await groupedLive({ cluster: prod.clusterId, status: 'excepted' }));
    expect((await grouped({ cluster: prod.clusterId }))[target.checkId!]).toBeUndefined();

    await revokeException(t.db, created.exceptions[0].id, { actor: null });
    expect(await tableCounts()).toEqual(await liveCounts());
    const after = await namespaceCounts();
    expect(after.table).toEqual(after.live);
    expect((await grouped({ cluster: prod.clusterId }))[target.checkId!]?.count).toBe(target.count);
  });

  it('answers the filtered groupings exactly like the findings table', async () => {
    for (const params of [{}, { cluster: staging.clusterId }, { severity: 'critical,high' }, { section: 'workloads', cluster: prod.clusterId }, { status: 'excepted' }] as Array<Record<string, string>>) {
      expect(countsServeGrouping(parseFindingFilters(params), [])).toBe(true);
      expect(await grouped(params)).toEqual(await groupedLive(params));
    }
    expect(countsServeGrouping(parseFindingFilters({ namespace: 'legacy' }), [])).toBe(false);
    expect(countsServeGrouping(parseFindingFilters({ status: 'resolved' }), [])).toBe(false);
  });

  it('answers group-by-resource like the findings table: counts, severities, order', async () => {
    // `since` far in the past matches every row but makes groupFindings count the findings table.
    const everything = '1970-01-01T00:00:00.000Z';
    for (const params of [{}, { cluster: prod.clusterId }, { cluster: prod.clusterId, namespace: 'legacy' }, { kind: 'Deployment' }, { status: 'excepted' }] as Array<Record<string, string>>) {
      expect(resourceCountsServeGrouping(parseFindingFilters(params), [])).toBe(true);
      expect(resourceCountsServeGrouping(parseFindingFilters({ ...params, since: everything }), [])).toBe(false);
      const fast = await groupFindings(t.db, parseFindingFilters(params), 'resource', title, new Date(), 10_000);
      const live = await groupFindings(t.db, parseFindingFilters({ ...params, since: everything }), 'resource', title, new Date(), 10_000);
      expect(fast.groups.length).toBe(live.groups.length);
      expect(new Map(fast.groups.map((g) => [g.key, [g.count, g.severity, g.bySeverity, g.resource]]))).toEqual(new Map(live.groups.map((g) => [g.key, [g.count, g.severity, g.bySeverity, g.resource]])));
      expect(fast.groups.map((g) => g.key)).toEqual(live.groups.map((g) => g.key));
      for (let i = 1; i < fast.groups.length; i++) expect(riskierOrEqual(fast.groups[i - 1], fast.groups[i])).toBe(true);
    }
    // Riskiest first and truncated at the limit, as the live query.
    const top = await groupFindings(t.db, parseFindingFilters({}), 'resource', title, new Date(), 3);
    expect(top.truncated).toBe(true);
    expect(top.groups.map((g) => g.count)).toEqual((await groupFindings(t.db, parseFindingFilters({ since: everything }), 'resource', title, new Date(), 3)).groups.map((g) => g.count));
    expect(resourceCountsServeGrouping(parseFindingFilters({ severity: 'critical' }), [])).toBe(false);
  });

  it('is not used while an expired exception still covers findings; the sweep brings both back in line', async () => {
    const { groups } = await groupFindings(t.db, parseFindingFilters({ cluster: staging.clusterId }), 'check', title);
    const target = groups[0];
    const now = new Date();
    await acceptRisk(t.db, { checkId: target.checkId!, clusterId: staging.clusterId, reason: 'short-lived', expiresAt: new Date(now.getTime() + 60_000) }, now);
    const later = new Date(now.getTime() + 120_000);
    // Expired, not swept: the findings count as open again, though the table still says excepted.
    const open = await groupFindings(t.db, parseFindingFilters({ cluster: staging.clusterId }), 'check', title, later);
    expect(open.groups.find((g) => g.checkId === target.checkId)?.count).toBe(target.count);
    await sweepExpiredExceptions(t.db, later);
    expect(await tableCounts()).toEqual(await liveCounts());
    expect((await grouped({ cluster: staging.clusterId }))[target.checkId!]?.count).toBe(target.count);
  });
});
