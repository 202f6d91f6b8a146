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
 * No 'server-only' import: /metrics and the report worker read it too.
 */
import { SEVERITIES, type Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { loadStaleExceptionIds } from '@/lib/exceptions/active';

export type SeverityCounts = Record<Severity, number>;

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

export const zeroCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
export const countTotal = (c: SeverityCounts): number => SEVERITIES.reduce((n, s) => n + c[s], 0);
/** The most severe severity with a count, or null. */
export const worstOf = (c: SeverityCounts): Severity | null => SEVERITIES.find((s) => c[s] > 0) ?? null;

function emptyCluster(): ClusterOpenCounts {
  return { checks: new Map(), open: zeroCounts(), excepted: zeroCounts(), bySection: new Map() };
}

/** Open-finding counts of these clusters (all clusters when null); every requested cluster is present. */
export async function getOpenCounts(db: Db, clusterIds: readonly string[] | null, now = new Date()): Promise<Map<string, ClusterOpenCounts>> {
  const where = clusterIds ? { clusterId: { in: [...clusterIds] } } : {};
  const [rows, stale] = await Promise.all([
    db.openFindingCount.findMany({ where, select: { clusterId: true, checkId: true, section: true, severity: true, excepted: true, count: true } }),
    loadStaleExceptionIds(db, now),
  ]);
  // Findings that still name an exception no longer active count as open.
  const staleRows = stale.length
    ? await db.finding.groupBy({ by: ['clusterId', 'checkId', 'severity'], where: { ...where, status: 'open', exceptionId: { in: stale } }, _count: { _all: true } })
    : [];
  const out = new Map<string, ClusterOpenCounts>((clusterIds ?? []).map((id) => [id, emptyCluster()]));
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
    k.excepted[r.severity] -= r._count._all;
    k.open[r.severity] += r._count._all;
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
