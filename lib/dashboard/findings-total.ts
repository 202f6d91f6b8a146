/**
 * How many findings match the browser's filters, without counting millions of rows:
 *
 * 1. Open or excepted findings filtered by cluster, section, check, framework and severity only: exact, from
 *    the one home of open-finding counts (lib/dashboard/open-counts.ts), at any size.
 * 2. Otherwise PostgreSQL's row estimate for the same filters (EXPLAIN, no rows read). Above
 *    EXACT_COUNT_LIMIT the total is shown as "about N".
 * 3. At or below it, the rows are counted (at most EXACT_COUNT_LIMIT + 1 of them, so a low
 *    estimate cannot make the count slow): exact unless that cap is reached.
 */
import { SEVERITIES } from '@/lib/checks/types';
import { Prisma, type Db } from '@/lib/db';
import { exceptedSql, notExceptedSql } from '@/lib/exceptions/active';
import { checksOf } from '@/lib/frameworks';
import { getOpenCounts } from './open-counts';
import type { FindingFilters } from './findings-filters';
import { searchSql } from './findings-search';
import { formatCount } from '@/lib/format';
import { slaSql, type SlaRules } from '@/lib/sla/where';
import type { FindingRestriction } from '@/lib/teams/restriction';

export interface FindingTotal {
  count: number;
  /** false: an estimate ("about N"). */
  exact: boolean;
}

export const EXACT_COUNT_LIMIT = 10_000;

/** A namespace of a cluster (the owner filter resolves to a list of them). */
export interface ClusterNamespace {
  clusterId: string;
  namespace: string;
}

/** Whether the open-finding counts answer the total exactly (per cluster: not with a teams restriction). */
export function countsServeTotal(filters: FindingFilters, restriction: FindingRestriction | null = null): boolean {
  return (filters.status === 'open' || filters.status === 'excepted') && !filters.since && !filters.q && !filters.namespace && !filters.kind && !filters.name && !filters.owner && !filters.sla && !filters.team && !restriction;
}

async function totalFromOpenCounts(db: Db, filters: FindingFilters, now: Date): Promise<number> {
  const counts = await getOpenCounts(db, filters.cluster ? [filters.cluster] : null, now);
  const severities = filters.severity?.length ? filters.severity : SEVERITIES;
  const framework = filters.framework ? new Set(checksOf(filters.framework, filters.control)) : null;
  let n = 0;
  for (const cluster of counts.values())
    for (const c of cluster.checks.values()) {
      if (filters.section && c.section !== filters.section) continue;
      if (filters.check && c.checkId !== filters.check) continue;
      if (framework && !framework.has(c.checkId)) continue;
      const counted = filters.status === 'excepted' ? c.excepted : c.open;
      for (const s of severities) n += counted[s];
    }
  return n;
}

/**
 * SQL form of lib/dashboard/findings.ts findingsWhereFor over `findings f`, for the planner's
 * estimate only (tests/dashboard/findings-browser.test.ts checks both select the same rows).
 */
export function findingsSql(
  filters: FindingFilters,
  staleIds: readonly string[],
  owned: readonly ClusterNamespace[] | null,
  sla: { rules: SlaRules; now: Date } | null = null,
  restriction: FindingRestriction | null = null,
): Prisma.Sql {
  const and: Prisma.Sql[] = [];
  if (restriction) and.push(restriction.sql);
  if (filters.cluster) and.push(Prisma.sql`f.cluster_id = ${filters.cluster}`);
  if (filters.section) and.push(Prisma.sql`f.section = ${filters.section}`);
  if (filters.check) and.push(Prisma.sql`f.check_id = ${filters.check}`);
  if (filters.framework) and.push(Prisma.sql`f.check_id = ANY(${[...checksOf(filters.framework, filters.control)]}::text[])`);
  if (filters.severity?.length) and.push(Prisma.sql`f.severity::text = ANY(${filters.severity}::text[])`);
  if (filters.namespace) and.push(Prisma.sql`f.resource_namespace = ${filters.namespace}`);
  if (filters.kind) and.push(Prisma.sql`f.resource_kind = ${filters.kind}`);
  if (filters.name) and.push(Prisma.sql`f.resource_name = ${filters.name}`);
  if (filters.since) and.push(Prisma.sql`f.first_seen_at >= ${filters.since}`);
  if (filters.q) and.push(searchSql(filters.q));
  if (owned)
    and.push(
      Prisma.sql`(f.cluster_id, f.resource_namespace) IN (SELECT * FROM unnest(${owned.map((o) => o.clusterId)}::text[], ${owned.map((o) => o.namespace)}::text[]))`,
    );
  const stale = [...staleIds];
  if (filters.sla && sla) {
    and.push(Prisma.sql`f.status = 'open' AND ${notExceptedSql(stale)}`, slaSql(filters.sla, sla.rules, sla.now));
  }
  switch (filters.status) {
    case 'open':
      and.push(Prisma.sql`f.status = 'open' AND ${notExceptedSql(stale)}`);
      break;
    case 'excepted':
      and.push(Prisma.sql`f.status = 'open' AND ${exceptedSql(stale)}`);
      break;
    case 'resolved':
      and.push(Prisma.sql`f.status = 'resolved'`);
      break;
    case 'all':
      break;
  }
  return and.length ? Prisma.join(and, ' AND ') : Prisma.sql`TRUE`;
}

/** The planner's estimate of the rows matching a condition on `findings f`. */
export async function estimateRows(db: Db, where: Prisma.Sql): Promise<number> {
  const rows = await db.$queryRaw<Array<{ 'QUERY PLAN': unknown }>>`EXPLAIN (FORMAT JSON) SELECT 1 FROM findings f WHERE ${where}`;
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: { 'Plan Rows': number } }>;
  return Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
}

export async function totalFindings(
  db: Db,
  filters: FindingFilters,
  scope: { staleIds: readonly string[]; owned: readonly ClusterNamespace[] | null; slaRules: SlaRules | null; restriction?: FindingRestriction | null; where: Prisma.FindingWhereInput },
  now: Date,
  exactLimit = EXACT_COUNT_LIMIT,
): Promise<FindingTotal> {
  const restriction = scope.restriction ?? null;
  if (countsServeTotal(filters, restriction)) return { count: await totalFromOpenCounts(db, filters, now), exact: true };
  const estimate = await estimateRows(db, findingsSql(filters, scope.staleIds, scope.owned, scope.slaRules && { rules: scope.slaRules, now }, restriction));
  if (estimate > exactLimit) return { count: estimate, exact: false };
  const counted = await db.finding.count({ where: scope.where, take: exactLimit + 1 });
  if (counted > exactLimit) return { count: Math.max(estimate, counted), exact: false };
  return { count: counted, exact: true };
}

/** "1,234 findings" or "about 1.2M findings". */
export function formatTotal(total: FindingTotal, noun = 'finding'): string {
  const plural = total.count === 1 && total.exact ? noun : `${noun}s`;
  if (total.exact) return `${formatCount(total.count)} ${plural}`;
  const n = total.count;
  const approx =
    n >= 1_000_000 ? `${(n / 1_000_000).toPrecision(2).replace(/\.0$/, '')}M` : n >= 1_000 ? `${formatCount(Math.round(n / 1_000))}k` : String(n);
  return `about ${approx} ${plural}`;
}
