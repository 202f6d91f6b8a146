/**
 * The one home of "how many findings are open": per cluster and check, open findings by their
 * own severity, split into open (no active accepted-risk exception covers it) and excepted (one
 * does). Every surface that shows a count of current findings reads it here: overview, cluster
 * scorecards, section pages, /metrics (the findings browser, its API and exports list the same
 * findings with the same rule, lib/exceptions/active.ts).
 *
 * Read from OpenFindingCount (kept equal to the GROUP BY of the open findings in the same
 * transaction as every change, lib/scans/open-finding-counts.ts), so the cost does not grow with
 * the number of findings. Its "excepted" is Finding.exceptionId being set; findings still naming
 * an exception that expired since the last sweep are moved back to open here.
 *
 * With a team-scoped access scope (lib/teams/scope.ts), a cluster the scope sees whole is read
 * from the same table; a team's part of a cluster (lib/teams/cluster-view.ts) is counted from its
 * open findings with the same rule (one GROUP BY over the part's rows), and a cluster outside the
 * scope counts nothing.
 *
 * No 'server-only' import: /metrics and the report worker read it too.
 */
import { SEVERITIES, zeroSeverityCounts as zeroCounts, type Severity, type SeverityCounts } from '@/lib/vocabulary';
import type { Db, Prisma } from '@/lib/db';
import { exceptedSql, loadStaleExceptionIds } from '@/lib/exceptions/active';
import { findingsInAreaSql } from '@/lib/teams/area';
import { clusterViewsOf, type ClusterView } from '@/lib/teams/cluster-view';
import { FLEET, visibleClusterIds, type AccessScope } from '@/lib/teams/scope';

export type { SeverityCounts };

export interface CheckOpenCounts {
  checkId: string;
  section: string;
  open: SeverityCounts;
  excepted: SeverityCounts;
}

export interface ClusterOpenCounts {
  /** check id → counts (checks with at least one open finding). */
  checks: Map<string, CheckOpenCounts>;
  open: SeverityCounts;
  excepted: SeverityCounts;
  /** section id → open (not excepted) counts. */
  bySection: Map<string, SeverityCounts>;
}

function emptyCluster(): ClusterOpenCounts {
  return { checks: new Map(), open: zeroCounts(), excepted: zeroCounts(), bySection: new Map() };
}

type CountRow = { clusterId: string; checkId: string; section: string; severity: Severity; excepted: boolean; count: number };

/** Folds counted rows (and stale-exception corrections) into per-cluster counts. */
function fold(clusterIds: readonly string[], rows: readonly CountRow[], staleRows: ReadonlyArray<{ clusterId: string; checkId: string; severity: Severity; count: number }> = []): Map<string, ClusterOpenCounts> {
  const out = new Map<string, ClusterOpenCounts>(clusterIds.map((id) => [id, emptyCluster()]));
  const entry = (clusterId: string, checkId: string, section: string): CheckOpenCounts => {
    let c = out.get(clusterId);
    if (!c) out.set(clusterId, (c = emptyCluster()));
    let k = c.checks.get(checkId);
    if (!k) c.checks.set(checkId, (k = { checkId, section, open: zeroCounts(), excepted: zeroCounts() }));
    return k;
  };
  for (const r of rows) entry(r.clusterId, r.checkId, r.section)[r.excepted ? 'excepted' : 'open'][r.severity] += r.count;
  for (const r of staleRows) {
    const k = entry(r.clusterId, r.checkId, '');
    k.excepted[r.severity] -= r.count;
    k.open[r.severity] += r.count;
  }
  for (const c of out.values()) {
    for (const k of c.checks.values()) {
      const section = c.bySection.get(k.section) ?? zeroCounts();
      for (const s of SEVERITIES) {
        c.open[s] += k.open[s];
        c.excepted[s] += k.excepted[s];
        section[s] += k.open[s];
      }
      c.bySection.set(k.section, section);
    }
  }
  return out;
}

/** Whole clusters: the kept counts (OpenFindingCount). */
async function countsOfWholeClusters(db: Db, clusterIds: readonly string[] | null, now: Date): Promise<Map<string, ClusterOpenCounts>> {
  const where = clusterIds ? { clusterId: { in: [...clusterIds] } } : {};
  const [rows, stale] = await Promise.all([
    db.openFindingCount.findMany({ where, select: { clusterId: true, checkId: true, section: true, severity: true, excepted: true, count: true } }),
    loadStaleExceptionIds(db, now),
  ]);
  // Findings that still name an exception no longer active count as open.
  const staleRows = stale.length
    ? await db.finding.groupBy({ by: ['clusterId', 'checkId', 'severity'], where: { ...where, status: 'open', exceptionId: { in: stale } }, _count: { _all: true } })
    : [];
  return fold(clusterIds ?? [], rows, staleRows.map((r) => ({ ...r, count: r._count._all })));
}

/** Teams' parts of clusters: their open findings counted (the same open / excepted rule, lib/exceptions/active.ts). */
async function countsOfParts(db: Db, clusterIds: readonly string[], area: Prisma.Sql, now: Date): Promise<Map<string, ClusterOpenCounts>> {
  if (!clusterIds.length) return new Map();
  const stale = await loadStaleExceptionIds(db, now);
  const rows = await db.$queryRaw<CountRow[]>`
    SELECT f.cluster_id AS "clusterId", f.check_id AS "checkId", f.section, f.severity::text AS severity, ${exceptedSql(stale)} AS excepted, count(*)::int AS count
    FROM findings f
    WHERE f.status = 'open' AND f.cluster_id = ANY(${[...clusterIds]}::text[]) AND ${area}
    GROUP BY 1, 2, 3, 4, 5`;
  return fold(clusterIds, rows);
}

/** One cluster's open-finding counts as a view of it shows them (lib/teams/cluster-view.ts). */
export async function getClusterOpenCounts(db: Db, clusterId: string, view: ClusterView, now = new Date()): Promise<ClusterOpenCounts> {
  const counts = view.kind === 'whole' ? await countsOfWholeClusters(db, [clusterId], now) : await countsOfParts(db, [clusterId], view.sql, now);
  return counts.get(clusterId)!;
}

/**
 * Open-finding counts of these clusters (all clusters when null); every requested cluster is present.
 * With a team-scoped `scope`, only what it sees (see the module comment).
 */
export async function getOpenCounts(db: Db, clusterIds: readonly string[] | null, now = new Date(), scope: AccessScope = FLEET): Promise<Map<string, ClusterOpenCounts>> {
  if (scope.kind === 'fleet') return countsOfWholeClusters(db, clusterIds, now);
  const ids = clusterIds ?? visibleClusterIds(scope) ?? (await db.cluster.findMany({ select: { id: true } })).map((c) => c.id);
  const views = clusterViewsOf(scope, ids);
  const whole = ids.filter((id) => views.get(id)?.kind === 'whole');
  const parts = ids.filter((id) => views.get(id)?.kind === 'part');
  const [a, b] = await Promise.all([whole.length ? countsOfWholeClusters(db, whole, now) : new Map<string, ClusterOpenCounts>(), countsOfParts(db, parts, findingsInAreaSql(scope.area), now)]);
  return new Map(ids.map((id) => [id, a.get(id) ?? b.get(id) ?? emptyCluster()]));
}
