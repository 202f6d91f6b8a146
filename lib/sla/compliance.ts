/**
 * The one home of remediation-SLA numbers (no 'server-only': /metrics reads it too): per cluster,
 * the open findings an SLA tracks (open, no active exception, severity with an SLA — the counts of
 * lib/dashboard/open-counts.ts), how many of them are overdue or due soon, and the compliance
 * ratio (tracked findings not overdue / tracked findings; null when nothing is tracked). The
 * overview, /metrics and the findings browser's SLA filter (lib/sla/where.ts) agree by construction.
 */
import type { Db } from '@/lib/db';
import { getOpenCounts } from '@/lib/dashboard/open-counts';
import { zeroSeverityCounts as zeroCounts, type SeverityCounts } from '@/lib/vocabulary';
import { loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import { SLA_SEVERITIES, type SlaFilter, type SlaPolicies } from './policy';
import { loadSlaRules } from './settings';
import { slaWhere, type SlaRules } from './where';
import { FLEET, findingsVisibleWhere, type AccessScope } from '@/lib/teams/scope';

export interface SlaCounts {
  /** Open, not excepted findings with an SLA. */
  tracked: number;
  overdue: SeverityCounts;
  dueSoon: SeverityCounts;
  overdueTotal: number;
  dueSoonTotal: number;
  /** (tracked − overdue) / tracked, 0–1; null when nothing is tracked. */
  compliance: number | null;
}

function finish(tracked: number, overdue: SeverityCounts, dueSoon: SeverityCounts): SlaCounts {
  const overdueTotal = SLA_SEVERITIES.reduce((n, s) => n + overdue[s], 0);
  const dueSoonTotal = SLA_SEVERITIES.reduce((n, s) => n + dueSoon[s], 0);
  return { tracked, overdue, dueSoon, overdueTotal, dueSoonTotal, compliance: tracked ? (tracked - overdueTotal) / tracked : null };
}

/** SLA numbers of these clusters (all clusters when null), and of all of them together (`fleet`); with a team-scoped `scope`, of what it sees only. */
export async function getSlaCompliance(db: Db, clusterIds: readonly string[] | null, now = new Date(), rules?: SlaRules, scope: AccessScope = FLEET): Promise<{ policies: SlaPolicies; clusters: Map<string, SlaCounts>; fleet: SlaCounts }> {
  const [sla, open, stale] = await Promise.all([rules ?? loadSlaRules(db), getOpenCounts(db, clusterIds, now, scope), loadStaleExceptionIds(db, now)]);
  const base = { ...(clusterIds ? { clusterId: { in: [...clusterIds] } } : {}), status: 'open' as const, ...notExceptedWhereFor(stale), ...(scope.kind === 'teams' ? { AND: [findingsVisibleWhere(scope)] } : {}) };
  const count = (filter: SlaFilter) => db.finding.groupBy({ by: ['clusterId', 'severity'], where: { AND: [base, slaWhere(filter, sla, now)] }, _count: { _all: true } });
  const [overdueRows, dueSoonRows] = await Promise.all([count('overdue'), count('due-soon')]);
  const per = new Map<string, { overdue: SeverityCounts; dueSoon: SeverityCounts }>();
  const entry = (id: string) => {
    let e = per.get(id);
    if (!e) per.set(id, (e = { overdue: zeroCounts(), dueSoon: zeroCounts() }));
    return e;
  };
  for (const r of overdueRows) entry(r.clusterId).overdue[r.severity] += r._count._all;
  for (const r of dueSoonRows) entry(r.clusterId).dueSoon[r.severity] += r._count._all;
  const clusters = new Map<string, SlaCounts>();
  const fleet = { tracked: 0, overdue: zeroCounts(), dueSoon: zeroCounts() };
  for (const [clusterId, counts] of open) {
    const tracked = SLA_SEVERITIES.reduce((n, s) => n + counts.open[s], 0);
    const e = per.get(clusterId) ?? { overdue: zeroCounts(), dueSoon: zeroCounts() };
    clusters.set(clusterId, finish(tracked, e.overdue, e.dueSoon));
    fleet.tracked += tracked;
    for (const s of SLA_SEVERITIES) {
      fleet.overdue[s] += e.overdue[s];
      fleet.dueSoon[s] += e.dueSoon[s];
    }
  }
  return { policies: sla.policies, clusters, fleet: finish(fleet.tracked, fleet.overdue, fleet.dueSoon) };
}
