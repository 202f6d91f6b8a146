/**
 * The remediation report's view model: everything the PDF (lib/reports/pdf) shows, read for one
 * cluster, several, or the fleet, narrowed by ReportParams. Each part has its file and reads the
 * read models the pages read, so the PDF shows the pages' numbers:
 *
 * - ./scope.ts       the clusters in scope and the narrowing of their findings
 * - ./summary.ts     cover and executive summary: grade, section scorecards (the cluster page's
 *                    section cards, lib/dashboard/section-cards.ts), score trend (./trend.ts),
 *                    what improved / got worse since the period start; of a cluster a team
 *                    member's teams own in part, the part's numbers (lib/dashboard/part-scores.ts)
 * - ./findings.ts    open findings not covered by an active exception, grouped by section then
 *                    check, most severe first, with remediation; findings opened / resolved in the period
 * - ./exceptions.ts  appendix: accepted exceptions (active) with reasons and expiry
 * - fix first        the workloads to fix first (lib/dashboard/fix-first.ts, as the overview and cluster pages list them)
 * - ../sla-section.ts remediation SLAs per owning team (lib/sla/compliance.ts, as the overview shows them)
 *
 * Server-side only (database access); no 'server-only' import so the CLI worker can render
 * scheduled reports.
 */
import { SECTION_IDS, type SectionId } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import { describeReportScope, type ReportParams } from '../params';
import { reportSla } from '../sla-section';
import { buildExceptions } from './exceptions';
import { buildFindings, reportActivity } from './findings';
import { clustersInScope } from './scope';
import { buildSummary, type ReportSummary } from './summary';
import { REPORT_FIX_FIRST_LIMIT, type ReportFixFirstItem, type ReportViewModel } from './types';

export * from './types';
export { clustersInScope, countReportFindings, reportFindingsWhere, ReportScopeError } from './scope';

export interface BuildReportOptions {
  now?: Date;
  generatedBy?: string | null;
  /** The access scope the report is made for (a team member's report, lib/reports/access.ts); default the fleet. */
  access?: AccessScope;
  /** Called with 0–100 while loading (background jobs show it). */
  onProgress?: (pct: number) => void | Promise<void>;
}

/** The workloads to fix first in these scans, as the overview and cluster pages list them. */
async function fixFirstOf(db: Db, scanIds: string[], access: AccessScope): Promise<ReportFixFirstItem[]> {
  return (await getFixFirst(db, { scanIds, limit: REPORT_FIX_FIRST_LIMIT, access })).map((r) => ({
    clusterName: r.cluster.name,
    resource: { kind: r.resource.kind, namespace: r.resource.namespace, name: r.resource.name },
    score: r.score,
    reasons: r.factors.map((f) => ({ points: f.points, reason: f.reason })),
    path: r.path ? { hops: r.path.hops.map((h) => h.label), cut: r.path.cut.action } : null,
  }));
}

/** Builds the report's view model. Throws ReportScopeError when nothing is in scope. */
export async function buildReportViewModel(db: Db, params: ReportParams, options: BuildReportOptions = {}): Promise<ReportViewModel> {
  const now = options.now ?? new Date();
  const access = options.access ?? FLEET;
  const period = { from: new Date(now.getTime() - params.days * 86_400_000), now };
  const clusters = await clustersInScope(db, params, access);
  const clusterIds = clusters.map((c) => c.id);
  const sectionIds: readonly SectionId[] = params.sections.length ? SECTION_IDS.filter((s) => params.sections.includes(s)) : SECTION_IDS;

  const summary = await buildSummary(db, clusters, sectionIds, period, access);
  await options.onProgress?.(10);
  const activity = await reportActivity(db, clusterIds, params, period, access);
  await options.onProgress?.(25);
  const { totals, sections } = await buildFindings(db, clusters, sectionIds, params, now, (share) => options.onProgress?.(25 + Math.round(share * 35)), access);
  await options.onProgress?.(60);
  const exceptions = await buildExceptions(db, clusterIds, params, now, access);
  await options.onProgress?.(70);
  const fixFirst = await fixFirstOf(db, summary.latestScanIds, access);
  const sla = await reportSla(db, clusterIds, params, { from: period.from, to: now }, access);

  return {
    title: clusters.length === 1 ? `Remediation report: ${clusters[0].name}` : params.clusters.length ? `Remediation report: ${clusters.length} clusters` : 'Remediation report: fleet',
    scope: [access.kind === 'teams' ? teamsLine(access, summary) : '', describeReportScope(params)].filter(Boolean).join(' · '),
    ...(access.kind === 'teams' ? { teams: access.teams.map((t) => t.name), partScores: summary.partScores, withheldScores: summary.unscored } : {}),
    params,
    generatedAt: now.toISOString(),
    generatedBy: options.generatedBy ?? null,
    period: { from: period.from.toISOString(), to: now.toISOString(), days: params.days },
    clusters: summary.clusters,
    overall: summary.overall,
    lastScanAt: summary.lastScanAt,
    scorecards: summary.scorecards,
    trend: summary.trend,
    improved: summary.improved,
    worsened: summary.worsened,
    activity,
    totals,
    sections,
    exceptions,
    fixFirst,
    sla,
  };
}

/** The scope line's part for a team member's report: whose part of the fleet, which clusters are scored over their namespaces, which have no score. */
function teamsLine(access: Extract<AccessScope, { kind: 'teams' }>, summary: Pick<ReportSummary, 'partScores' | 'unscored'>): string {
  const teams = `Teams: ${access.teams.map((t) => t.name).join(', ') || 'none'} (their clusters and namespaces only)`;
  const scored = summary.partScores.map((p) => `${p.cluster} are those of ${p.namespaces.join(', ')}`);
  const parts = [
    scored.length ? `scores, trends and changes of ${scored.length === 1 ? scored[0] : scored.join('; of ')}, which they own in part` : '',
    summary.unscored.length ? `${summary.unscored.join(', ')}, owned in part, ${summary.unscored.length === 1 ? 'has' : 'have'} no score of their namespaces yet` : '',
  ].filter(Boolean);
  return parts.length ? `${teams}; ${parts.join('; ')}` : teams;
}
