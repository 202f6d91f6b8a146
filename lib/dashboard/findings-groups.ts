/**
 * The findings browser's groupings: by check, by resource and by namespace, riskiest first
 * (worst severity, then the number of findings, then the name), one page at a time.
 *
 * Counts come from OpenFindingCount / OpenResourceCount (lib/scans/open-finding-counts.ts) where
 * they are exact (countsServeGrouping, resourceCountsServeGrouping): no count over millions of
 * rows; otherwise the matching findings are counted live. By resource from the counts table is
 * an ordered index walk (open_resource_counts … worst, total DESC, resource_name); by namespace
 * reads OpenNamespaceCount (one row per namespace) unless a kind filter needs the resource rows.
 */
import 'server-only';
import { compareSeverity, severityTotal, worseSeverity, worstCounted, zeroSeverityCounts, type Severity } from '@/lib/vocabulary';
import { Prisma, type Db } from '@/lib/db';
import { checksOf } from '@/lib/frameworks';
import type { FindingFilters } from './findings-filters';
import { EXACT_COUNT_LIMIT, type ClusterNamespace, type FindingTotal } from './findings-total';
import { findingScope, type CheckTitleLookup } from './findings';
import { FLEET, type AccessScope } from '@/lib/teams/scope';

export interface FindingGroupRow {
  key: string;
  /** group=check: the check id; group=resource: "<kind>/<namespace>/<name>". */
  checkId?: string;
  checkTitle?: string;
  resource?: { kind: string; namespace: string | null; name: string; clusterId: string; clusterName: string };
  /** group=namespace ("" / null: cluster-scoped resources). */
  namespace?: { clusterId: string; clusterName: string; name: string | null };
  section?: string;
  severity: Severity;
  count: number;
  bySeverity: Record<Severity, number>;
}

export interface FindingGroups {
  groups: FindingGroupRow[];
  /** More groups after this page. */
  truncated: boolean;
  /** Page number (1 = first). */
  page: number;
  /** Number of groups; null when not known without counting every finding. */
  total: FindingTotal | null;
}

const worstOf = (c: Record<Severity, number>): Severity => worstCounted(c) ?? 'info';
/** Whether group a comes no later than b by risk (worst severity, then number of findings). */
export const riskierOrEqual = (a: FindingGroupRow, b: FindingGroupRow): boolean =>
  compareSeverity(a.severity, b.severity) < 0 || (a.severity === b.severity && a.count >= b.count);
/** Riskiest first: worst severity, then more findings, then by key. */
export const byRisk = (a: FindingGroupRow, b: FindingGroupRow): number =>
  compareSeverity(a.severity, b.severity) || b.count - a.count || a.key.localeCompare(b.key);

/**
 * Whether the count tables (lib/scans/open-finding-counts.ts) hold the answer at all: open or
 * excepted findings without a first-seen or search filter, and no expired exception still
 * recorded on a finding (its rows count as open, the tables' as excepted, until the sweep).
 */
function countsApply(filters: FindingFilters, staleIds: readonly string[], restricted: boolean): boolean {
  // A teams restriction (access scope, team filter) cuts inside namespaces and resources: live counts.
  return (filters.status === 'open' || filters.status === 'excepted') && !filters.since && !filters.q && !filters.name && !filters.sla && staleIds.length === 0 && !restricted && !filters.team;
}

/** Whether OpenFindingCount answers a group-by-check exactly: filters on cluster, section, check and severity only. */
export function countsServeGrouping(filters: FindingFilters, staleIds: readonly string[], restricted = false): boolean {
  return countsApply(filters, staleIds, restricted) && !filters.namespace && !filters.kind && !filters.owner;
}

/** Whether OpenResourceCount answers a group-by-resource (or namespace) exactly: filters on cluster, namespace, kind and owner only. */
export function resourceCountsServeGrouping(filters: FindingFilters, staleIds: readonly string[], restricted = false): boolean {
  return countsApply(filters, staleIds, restricted) && !filters.section && !filters.check && !filters.framework && !filters.severity?.length;
}

function page<T>(all: T[], pageNo: number, limit: number): { rows: T[]; truncated: boolean } {
  const from = (pageNo - 1) * limit;
  return { rows: all.slice(from, from + limit), truncated: all.length > from + limit };
}

function resourceCountsWhere(filters: FindingFilters, owned: readonly ClusterNamespace[] | null): Prisma.OpenResourceCountWhereInput {
  return {
    excepted: filters.status === 'excepted',
    ...(filters.cluster ? { clusterId: filters.cluster } : {}),
    ...(filters.namespace ? { resourceNamespace: filters.namespace } : {}),
    ...(filters.kind ? { resourceKind: filters.kind } : {}),
    ...(owned ? { OR: owned.length ? owned.map((o) => ({ clusterId: o.clusterId, resourceNamespace: o.namespace })) : [{ clusterId: { in: [] } }] } : {}),
  };
}

function namespaceCountsWhere(filters: FindingFilters, owned: readonly ClusterNamespace[] | null): Prisma.OpenNamespaceCountWhereInput {
  return {
    excepted: filters.status === 'excepted',
    ...(filters.cluster ? { clusterId: filters.cluster } : {}),
    ...(filters.namespace ? { resourceNamespace: filters.namespace } : {}),
    ...(owned ? { OR: owned.length ? owned.map((o) => ({ clusterId: o.clusterId, resourceNamespace: o.namespace })) : [{ clusterId: { in: [] } }] } : {}),
  };
}

async function clusterNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  return new Map((await db.cluster.findMany({ where: { id: { in: list } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
}

async function groupByCheck(db: Db, filters: FindingFilters, scope: Awaited<ReturnType<typeof findingScope>>, checkTitle: CheckTitleLookup, limit: number): Promise<FindingGroups> {
  const rows = countsServeGrouping(filters, scope.staleIds, Boolean(scope.restriction))
    ? (
        await db.openFindingCount.groupBy({
          by: ['checkId', 'section', 'severity'],
          where: {
            excepted: filters.status === 'excepted',
            ...(filters.cluster ? { clusterId: filters.cluster } : {}),
            ...(filters.section ? { section: filters.section } : {}),
            ...(filters.check ? { checkId: filters.check } : {}),
            ...(filters.framework ? { AND: [{ checkId: { in: checksOf(filters.framework, filters.control) } }] } : {}),
            ...(filters.severity?.length ? { severity: { in: filters.severity } } : {}),
          },
          _sum: { count: true },
        })
      ).map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, count: r._sum.count ?? 0 }))
    : (await db.finding.groupBy({ by: ['checkId', 'section', 'severity'], where: scope.where, _count: { _all: true } })).map((r) => ({ ...r, count: r._count._all }));
  const byCheck = new Map<string, FindingGroupRow>();
  for (const r of rows) {
    if (r.count === 0) continue;
    let g = byCheck.get(r.checkId);
    if (!g) byCheck.set(r.checkId, (g = { key: r.checkId, checkId: r.checkId, checkTitle: checkTitle(r.checkId) ?? r.checkId, section: r.section, severity: r.severity, count: 0, bySeverity: zeroSeverityCounts() }));
    g.count += r.count;
    g.bySeverity[r.severity] += r.count;
    g.severity = worseSeverity(g.severity, r.severity);
  }
  const all = [...byCheck.values()].sort(byRisk);
  const { rows: groups, truncated } = page(all, filters.page, limit);
  return { groups, truncated, page: filters.page, total: { count: all.length, exact: true } };
}

async function groupByNamespace(db: Db, filters: FindingFilters, scope: Awaited<ReturnType<typeof findingScope>>, limit: number): Promise<FindingGroups> {
  const fromCounts = resourceCountsServeGrouping(filters, scope.staleIds, Boolean(scope.restriction));
  const rows = fromCounts && !filters.kind
    ? (await db.openNamespaceCount.findMany({ where: namespaceCountsWhere(filters, scope.owned) })).map((r) => ({
        clusterId: r.clusterId,
        namespace: r.resourceNamespace || null,
        counts: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
      }))
    : fromCounts
    ? (
        await db.openResourceCount.groupBy({
          by: ['clusterId', 'resourceNamespace'],
          where: resourceCountsWhere(filters, scope.owned),
          _sum: { critical: true, high: true, medium: true, low: true, info: true },
        })
      ).map((r) => ({ clusterId: r.clusterId, namespace: r.resourceNamespace || null, counts: { critical: r._sum.critical ?? 0, high: r._sum.high ?? 0, medium: r._sum.medium ?? 0, low: r._sum.low ?? 0, info: r._sum.info ?? 0 } }))
    : Object.values(
        (await db.finding.groupBy({ by: ['clusterId', 'resourceNamespace', 'severity'], where: scope.where, _count: { _all: true } })).reduce<Record<string, { clusterId: string; namespace: string | null; counts: Record<Severity, number> }>>((acc, r) => {
          const k = `${r.clusterId}/${r.resourceNamespace ?? ''}`;
          acc[k] ??= { clusterId: r.clusterId, namespace: r.resourceNamespace, counts: zeroSeverityCounts() };
          acc[k].counts[r.severity] += r._count._all;
          return acc;
        }, {}),
      );
  const names = await clusterNames(db, rows.map((r) => r.clusterId));
  const all = rows
    .map((r): FindingGroupRow => {
      const count = severityTotal(r.counts);
      return { key: `${r.clusterId}/${r.namespace ?? ''}`, namespace: { clusterId: r.clusterId, clusterName: names.get(r.clusterId) ?? r.clusterId, name: r.namespace }, severity: worstOf(r.counts), count, bySeverity: r.counts };
    })
    .filter((g) => g.count > 0)
    .sort(byRisk);
  const { rows: groups, truncated } = page(all, filters.page, limit);
  return { groups, truncated, page: filters.page, total: { count: all.length, exact: true } };
}

async function groupByResourceFromCounts(db: Db, filters: FindingFilters, owned: readonly ClusterNamespace[] | null, limit: number): Promise<FindingGroups> {
  const where = resourceCountsWhere(filters, owned);
  const [rows, counted] = await Promise.all([
    db.openResourceCount.findMany({
      where,
      orderBy: [{ worst: 'asc' }, { total: 'desc' }, { resourceName: 'asc' }, { clusterId: 'asc' }, { resourceKind: 'asc' }, { resourceNamespace: 'asc' }],
      skip: (filters.page - 1) * limit || undefined,
      take: limit + 1,
      include: { cluster: { select: { name: true } } },
    }),
    db.openResourceCount.count({ where, take: EXACT_COUNT_LIMIT + 1 }),
  ]);
  const groups = rows.slice(0, limit).map((r): FindingGroupRow => {
    const namespace = r.resourceNamespace === '' ? null : r.resourceNamespace;
    const bySeverity: Record<Severity, number> = { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info };
    return {
      key: `${r.clusterId}/${r.resourceKind}/${r.resourceNamespace}/${r.resourceName}`,
      resource: { kind: r.resourceKind, namespace, name: r.resourceName, clusterId: r.clusterId, clusterName: r.cluster.name },
      severity: worstOf(bySeverity),
      count: r.total,
      bySeverity,
    };
  });
  const total = counted > EXACT_COUNT_LIMIT ? { count: await estimateResourceGroups(db, filters), exact: false } : { count: counted, exact: true };
  return { groups, truncated: rows.length > limit, page: filters.page, total };
}

/** The planner's estimate of the open_resource_counts rows of these filters (no rows read). */
async function estimateResourceGroups(db: Db, filters: FindingFilters): Promise<number> {
  const and: Prisma.Sql[] = [Prisma.sql`excepted = ${filters.status === 'excepted'}`];
  if (filters.cluster) and.push(Prisma.sql`cluster_id = ${filters.cluster}`);
  if (filters.namespace) and.push(Prisma.sql`resource_namespace = ${filters.namespace}`);
  if (filters.kind) and.push(Prisma.sql`resource_kind = ${filters.kind}`);
  const rows = await db.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>`EXPLAIN (FORMAT JSON) SELECT 1 FROM open_resource_counts WHERE ${Prisma.join(and, ' AND ')}`;
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: { 'Plan Rows': number } }>;
  return Math.max(EXACT_COUNT_LIMIT + 1, Math.round(plan[0]?.Plan['Plan Rows'] ?? 0));
}

/** Live by-resource grouping (filters the count tables cannot answer), riskiest first, one page. */
async function groupByResourceLive(db: Db, filters: FindingFilters, where: Prisma.FindingWhereInput, limit: number): Promise<FindingGroups> {
  const rows = await db.finding.groupBy({
    by: ['clusterId', 'resourceKind', 'resourceNamespace', 'resourceName'],
    where,
    _count: { _all: true },
    _min: { severity: true },
    orderBy: [{ _min: { severity: 'asc' } }, { _count: { id: 'desc' } }, { resourceName: 'asc' }, { clusterId: 'asc' }, { resourceKind: 'asc' }, { resourceNamespace: 'asc' }],
    skip: (filters.page - 1) * limit || undefined,
    take: limit + 1,
  });
  const pageRows = rows.slice(0, limit);
  const names = await clusterNames(db, pageRows.map((r) => r.clusterId));
  const severities = pageRows.length
    ? await db.finding.groupBy({
        by: ['clusterId', 'resourceKind', 'resourceNamespace', 'resourceName', 'severity'],
        where: { AND: [where, { OR: pageRows.map((r) => ({ clusterId: r.clusterId, resourceKind: r.resourceKind, resourceNamespace: r.resourceNamespace, resourceName: r.resourceName })) }] },
        _count: { _all: true },
      })
    : [];
  const key = (r: { clusterId: string; resourceKind: string; resourceNamespace: string | null; resourceName: string }) => `${r.clusterId}/${r.resourceKind}/${r.resourceNamespace ?? ''}/${r.resourceName}`;
  const groups = new Map<string, FindingGroupRow>(
    pageRows.map((r) => [
      key(r),
      {
        key: key(r),
        resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName, clusterId: r.clusterId, clusterName: names.get(r.clusterId) ?? r.clusterId },
        severity: r._min.severity ?? 'info',
        count: r._count._all,
        bySeverity: zeroSeverityCounts(),
      },
    ]),
  );
  for (const s of severities) groups.get(key(s))!.bySeverity[s.severity] += s._count._all;
  return { groups: [...groups.values()], truncated: rows.length > limit, page: filters.page, total: null };
}

/**
 * Aggregated counts of the filtered findings, grouped by check, resource or namespace, riskiest
 * first, page `filters.page` of `limit` groups.
 */
export async function groupFindings(
  db: Db,
  filters: FindingFilters,
  group: 'check' | 'resource' | 'namespace',
  checkTitle: CheckTitleLookup,
  now = new Date(),
  limit = 200,
  access: AccessScope = FLEET,
): Promise<FindingGroups> {
  const scope = await findingScope(db, filters, now, access);
  if (group === 'check') return groupByCheck(db, filters, scope, checkTitle, limit);
  if (group === 'namespace') return groupByNamespace(db, filters, scope, limit);
  if (resourceCountsServeGrouping(filters, scope.staleIds, Boolean(scope.restriction))) return groupByResourceFromCounts(db, filters, scope.owned, limit);
  return groupByResourceLive(db, filters, scope.where, limit);
}
