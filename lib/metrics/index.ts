/**
 * Prometheus metrics (server-only), computed at scrape time from the database with a handful of
 * aggregate queries (no per-finding rows are read), into a fresh prom-client Registry per scrape:
 *
 *   rampart_cluster_score{cluster,cluster_id,section}        latest successful scan; section="overall" too
 *   rampart_open_findings{cluster,cluster_id,severity}       open findings not covered by an exception
 *   rampart_excepted_findings{cluster,cluster_id}            open findings covered by an exception
 *   rampart_sla_overdue_findings{cluster,cluster_id,severity} open, not excepted findings past their remediation due date
 *   rampart_sla_compliance_ratio{cluster,cluster_id}         tracked findings not overdue / tracked findings (lib/sla/compliance.ts)
 *   rampart_team_sla_tracked_findings{team,team_id}          open, not excepted findings with an SLA, per owning team
 *   rampart_team_sla_overdue_findings{team,team_id,severity} of those, past their due date (the team's own days)
 *   rampart_team_sla_compliance_ratio{team,team_id}          tracked not overdue / tracked (absent when none is tracked)
 *   rampart_team_sla_closed_on_time_ratio{team,team_id}      findings resolved in the last 30 days at or before their due
 *                                                            date / findings resolved then (lib/sla/team-compliance.ts)
 *     (team series only once a team exists; team="unowned", team_id="" for findings no team owns)
 *   rampart_last_scan_duration_seconds{cluster,cluster_id}   latest successful scan
 *   rampart_last_successful_scan_timestamp_seconds{cluster,cluster_id}
 *   rampart_scans_total{cluster,cluster_id,status}           finished scans (succeeded / failed / cancelled)
 *   rampart_scan_failures_total{cluster,cluster_id}          failed scans
 *   rampart_scan_duration_seconds                            histogram of successful scan durations
 *   rampart_clusters                                          registered clusters (a team member: those they see)
 *
 * With a team member's access scope (lib/teams/scope.ts), every series covers what the member sees,
 * read by the read models their pages read, so the numbers are their overview's and findings
 * browser's: only the clusters their teams touch (rampart_clusters counts those, the duration
 * histogram sums their scans); of a cluster a team owns whole, the series exactly as the fleet has
 * them; of a team's part of a cluster (lib/teams/cluster-view.ts), the findings gauges and SLA
 * series count the part's findings (lib/dashboard/open-counts.ts, lib/sla/compliance.ts), the
 * scores are the part's namespaces scored together (lib/dashboard/part-scores.ts; none before a
 * scan recorded their tallies), and the scan series (timing, counts by outcome) are the cluster's
 * scans, as the part's scans page lists them. The team SLA series cover the member's own teams only.
 *
 * Scraped with ?framework=<id> (and optionally &control=<id>), the two findings gauges count only
 * the findings of the checks that assess that framework (or control) and carry a `framework` (and
 * `control`) label, so a scrape job per framework never collides with the unfiltered series.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { SEVERITIES } from '../checks/types';
import { getOpenCounts } from '../dashboard/open-counts';
import { SECTION_IDS, severityTotal } from '../vocabulary';
import { Prisma, type Db } from '../db';
import { z } from 'zod';
import { checksOf, findControl, FRAMEWORK_IDS, type FrameworkId } from '../frameworks';
import { latestScanIds, successfulScanSql } from '../scans/latest';
import { SLA_SEVERITIES } from '../sla/policy';
import { getSlaNumbers, TEAM_SLA_WINDOW_DAYS } from '../sla/compliance';
import { partScans } from '../dashboard/part-scores';
import { clusterViewsOf, type ClusterPart } from '../teams/cluster-view';
import { clustersVisibleWhere, FLEET, type AccessScope } from '../teams/scope';

export const SCAN_DURATION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

interface DurationRow {
  count: bigint;
  sum_ms: bigint | number | null;
  buckets: Array<bigint | number>;
}

/** Narrows the findings gauges to one compliance framework or one of its controls. */
export interface MetricsFrameworkFilter {
  framework: FrameworkId;
  control?: string;
}

/** GET /metrics?framework=&control= (both optional; a control needs its framework and must be one of its controls). */
export const metricsQuerySchema = z
  .object({
    framework: z.enum(FRAMEWORK_IDS).optional(),
    control: z.string().trim().min(1).max(64).optional(),
  })
  .refine((q) => !q.control || q.framework, { message: 'A control filter needs a framework (add framework=…).', path: ['control'] })
  .refine((q) => !q.control || !q.framework || findControl(q.framework, q.control) !== undefined, { message: 'The framework has no such control.', path: ['control'] });

/** Renders the metrics exposition for the current database state: of the fleet, or of what a team member's `scope` sees. */
export async function collectMetrics(db: Db, filter?: MetricsFrameworkFilter, scope: AccessScope = FLEET): Promise<{ body: string; contentType: string }> {
  const bucketSql = SCAN_DURATION_BUCKETS.map((b) => b * 1000);
  const now = new Date();
  const clusters = await db.cluster.findMany({ where: clustersVisibleWhere(scope), select: { id: true, name: true } });
  // The fleet reads every cluster (null); a team member the clusters they see.
  const ids = scope.kind === 'fleet' ? null : clusters.map((c) => c.id);
  const [latest, findings, scanCounts, durations, sla] = await Promise.all([
    latestScanIds(db).then((scanIds) => db.scan.findMany({ where: { id: { in: scanIds }, ...(ids ? { clusterId: { in: ids } } : {}) }, select: { id: true, clusterId: true, score: true, durationMs: true, finishedAt: true } })),
    getOpenCounts(db, ids, now, scope),
    db.scan.groupBy({ by: ['clusterId', 'status'], where: { status: { in: ['succeeded', 'failed', 'cancelled'] }, ...(ids ? { clusterId: { in: ids } } : {}) }, _count: { _all: true } }),
    // One pass over successful scans: cumulative count per bucket bound.
    db.$queryRaw<DurationRow[]>`
      SELECT count(*)::bigint AS count, coalesce(sum(duration_ms), 0)::bigint AS sum_ms,
             ARRAY[${Prisma.join(bucketSql.map((ms) => Prisma.sql`count(*) FILTER (WHERE duration_ms <= ${ms}::int)`))}]::bigint[] AS buckets
      FROM scans s WHERE ${successfulScanSql('s')} AND s.duration_ms IS NOT NULL${ids ? Prisma.sql` AND s.cluster_id = ANY(${ids}::text[])` : Prisma.empty}`,
    getSlaNumbers(db, { clusterIds: ids, now, access: scope, teams: { closedSince: new Date(now.getTime() - TEAM_SLA_WINDOW_DAYS * 86_400_000), onlyWithTeams: true } }),
  ]);
  // A team's part of a cluster: scored over its namespaces at the same latest scan (as its overview shows it), never the cluster's score.
  const parts = new Map([...clusterViewsOf(scope, clusters.map((c) => c.id)).values()].filter((v): v is ClusterPart => v.kind === 'part').map((p) => [p.clusterId, p]));
  const wholeLatest = latest.filter((l) => !parts.has(l.clusterId));
  const [sections, partScores] = await Promise.all([
    wholeLatest.length
      ? db.scanSectionAggregate.findMany({ where: { scanId: { in: wholeLatest.map((l) => l.id) } }, select: { clusterId: true, section: true, score: true } })
      : Promise.resolve([]),
    Promise.all(latest.filter((l) => parts.has(l.clusterId)).map(async (l) => [l.clusterId, (await partScans(db, parts.get(l.clusterId)!, [l.id])).get(l.id)] as const)),
  ]);

  const name = new Map(clusters.map((c) => [c.id, c.name]));
  const labels = (clusterId: string) => ({ cluster: name.get(clusterId) ?? clusterId, cluster_id: clusterId });
  const registry = new Registry();

  new Gauge({ name: 'rampart_clusters', help: scope.kind === 'fleet' ? 'Registered clusters.' : "Registered clusters the caller's teams see.", registers: [registry] }).set(clusters.length);

  const score = new Gauge({ name: 'rampart_cluster_score', help: 'Score 0-100 of the latest successful scan, per guide section and overall.', labelNames: ['cluster', 'cluster_id', 'section'], registers: [registry] });
  const lastDuration = new Gauge({ name: 'rampart_last_scan_duration_seconds', help: 'Duration of the latest successful scan.', labelNames: ['cluster', 'cluster_id'], registers: [registry] });
  const lastSuccess = new Gauge({ name: 'rampart_last_successful_scan_timestamp_seconds', help: 'When the latest successful scan finished (Unix time).', labelNames: ['cluster', 'cluster_id'], registers: [registry] });
  for (const l of latest) {
    if (!name.has(l.clusterId)) continue;
    if (l.score !== null && !parts.has(l.clusterId)) score.set({ ...labels(l.clusterId), section: 'overall' }, l.score);
    if (l.durationMs !== null) lastDuration.set(labels(l.clusterId), l.durationMs / 1000);
    if (l.finishedAt) lastSuccess.set(labels(l.clusterId), Math.floor(l.finishedAt.getTime() / 1000));
  }
  for (const s of sections) if (name.has(s.clusterId)) score.set({ ...labels(s.clusterId), section: s.section }, s.score);
  for (const [clusterId, part] of partScores) {
    if (!part) continue;
    score.set({ ...labels(clusterId), section: 'overall' }, part.scores.overall.score);
    for (const section of SECTION_IDS) score.set({ ...labels(clusterId), section }, part.scores.sections[section].score);
  }

  const narrowing = filter ? { framework: filter.framework, ...(filter.control ? { control: filter.control } : {}) } : {};
  const narrowingLabels = Object.keys(narrowing);
  const scoped = (clusterId: string) => ({ ...labels(clusterId), ...narrowing });
  const of = filter ? ` Only findings of the checks assessing ${filter.framework}${filter.control ? ` control ${filter.control}` : ''}.` : '';
  const open = new Gauge({ name: 'rampart_open_findings', help: `Open findings not covered by an accepted-risk exception.${of}`, labelNames: ['cluster', 'cluster_id', ...narrowingLabels, 'severity'], registers: [registry] });
  const excepted = new Gauge({ name: 'rampart_excepted_findings', help: `Open findings covered by an accepted-risk exception.${of}`, labelNames: ['cluster', 'cluster_id', ...narrowingLabels], registers: [registry] });
  for (const c of clusters) {
    for (const severity of SEVERITIES) open.set({ ...scoped(c.id), severity }, 0);
    excepted.set(scoped(c.id), 0);
  }
  const checks = filter ? new Set(checksOf(filter.framework, filter.control)) : null;
  for (const [clusterId, counts] of findings) {
    if (!name.has(clusterId)) continue;
    if (!checks) {
      excepted.set(labels(clusterId), severityTotal(counts.excepted));
      for (const severity of SEVERITIES) open.set({ ...labels(clusterId), severity }, counts.open[severity]);
      continue;
    }
    let exceptedCount = 0;
    for (const c of counts.checks.values()) {
      if (!checks.has(c.checkId)) continue;
      exceptedCount += severityTotal(c.excepted);
      for (const severity of SEVERITIES) open.inc({ ...scoped(clusterId), severity }, c.open[severity]);
    }
    excepted.set(scoped(clusterId), exceptedCount);
  }

  const overdue = new Gauge({ name: 'rampart_sla_overdue_findings', help: 'Open findings not covered by an exception and past their remediation due date.', labelNames: ['cluster', 'cluster_id', 'severity'], registers: [registry] });
  const compliance = new Gauge({ name: 'rampart_sla_compliance_ratio', help: 'Share (0-1) of the open, not excepted findings with a remediation SLA that are not overdue; absent when none is tracked.', labelNames: ['cluster', 'cluster_id'], registers: [registry] });
  for (const c of clusters) for (const severity of SLA_SEVERITIES) overdue.set({ ...labels(c.id), severity }, 0);
  for (const [clusterId, counts] of sla.clusters) {
    if (!name.has(clusterId)) continue;
    for (const severity of SLA_SEVERITIES) overdue.set({ ...labels(clusterId), severity }, counts.overdue[severity]);
    if (counts.compliance !== null) compliance.set(labels(clusterId), counts.compliance);
  }

  // A team member: their own teams' rows only (not another team's findings inside their part, nor unowned).
  const own = scope.kind === 'fleet' ? null : new Set(scope.teams.map((t) => t.id));
  const teamRows = own ? sla.teams.filter((r) => r.teamId !== null && own.has(r.teamId)) : sla.teams;
  if (teamRows.length) {
    const team = new Gauge({ name: 'rampart_team_sla_tracked_findings', help: 'Open findings not covered by an exception and with a remediation SLA, per owning team.', labelNames: ['team', 'team_id'], registers: [registry] });
    const teamOverdue = new Gauge({ name: 'rampart_team_sla_overdue_findings', help: "Tracked findings past their remediation due date (the owning team's days), per owning team.", labelNames: ['team', 'team_id', 'severity'], registers: [registry] });
    const teamCompliance = new Gauge({ name: 'rampart_team_sla_compliance_ratio', help: "Share (0-1) of a team's tracked findings that are not overdue; absent when none is tracked.", labelNames: ['team', 'team_id'], registers: [registry] });
    const onTime = new Gauge({ name: 'rampart_team_sla_closed_on_time_ratio', help: `Share (0-1) of a team's findings resolved in the last ${TEAM_SLA_WINDOW_DAYS} days that were resolved by their due date; absent when none was resolved.`, labelNames: ['team', 'team_id'], registers: [registry] });
    for (const r of teamRows) {
      const l = { team: r.teamId ? r.teamName : 'unowned', team_id: r.teamId ?? '' };
      team.set(l, r.tracked);
      for (const severity of SLA_SEVERITIES) teamOverdue.set({ ...l, severity }, r.overdue[severity]);
      if (r.compliance !== null) teamCompliance.set(l, r.compliance);
      if (r.closedOnTimeRatio !== null) onTime.set(l, r.closedOnTimeRatio);
    }
  }

  const scans = new Counter({ name: 'rampart_scans_total', help: 'Finished scans by outcome.', labelNames: ['cluster', 'cluster_id', 'status'], registers: [registry] });
  const failures = new Counter({ name: 'rampart_scan_failures_total', help: 'Failed scans.', labelNames: ['cluster', 'cluster_id'], registers: [registry] });
  for (const c of clusters) failures.inc(labels(c.id), 0);
  for (const s of scanCounts) {
    if (!name.has(s.clusterId)) continue;
    scans.inc({ ...labels(s.clusterId), status: s.status }, s._count._all);
    if (s.status === 'failed') failures.inc(labels(s.clusterId), s._count._all);
  }

  return { body: (await registry.metrics()) + renderDurationHistogram(durations[0]), contentType: registry.contentType };
}

/**
 * The duration histogram's cumulative buckets come from one aggregate query, not from
 * observe() calls, so it is written in the exposition format directly (prom-client's
 * Histogram cannot be loaded with counts).
 */
function renderDurationHistogram(d: DurationRow | undefined): string {
  const count = Number(d?.count ?? 0);
  const cumulative = d?.buckets.map(Number) ?? SCAN_DURATION_BUCKETS.map(() => 0);
  const lines = ['# HELP rampart_scan_duration_seconds Durations of successful scans.', '# TYPE rampart_scan_duration_seconds histogram'];
  SCAN_DURATION_BUCKETS.forEach((b, i) => lines.push(`rampart_scan_duration_seconds_bucket{le="${b}"} ${cumulative[i] ?? 0}`));
  lines.push(`rampart_scan_duration_seconds_bucket{le="+Inf"} ${count}`);
  lines.push(`rampart_scan_duration_seconds_sum ${Number(d?.sum_ms ?? 0) / 1000}`);
  lines.push(`rampart_scan_duration_seconds_count ${count}`);
  return `${lines.join('\n')}\n`;
}
