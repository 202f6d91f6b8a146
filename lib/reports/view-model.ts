/**
 * The remediation report's view model: everything the PDF (lib/reports/pdf) shows,
 * read from the database for one cluster, several, or the fleet, narrowed by ReportParams.
 *
 * - cover: clusters, latest scan date, overall grade
 * - executive summary: grade, section scorecards (latest successful scan per cluster, from
 *   ScanSectionAggregate), score trend over the period, what improved / got worse since the
 *   period start (section scores and check failure counts from ScanCheckAggregate) and how many
 *   findings opened / resolved in the period (FindingEvent)
 * - findings: open findings not covered by an active exception, grouped by section then check,
 *   most severe first, each check with why it matters and step-by-step remediation
 * - appendix: accepted exceptions (active) with reasons and expiry
 *
 * Server-side only (database access); no 'server-only' import so the CLI worker can render
 * scheduled reports.
 *
 * Several clusters: the overall and section scores are the mean of the clusters' latest scores
 * (each cluster weighs the same), graded with the one gradeFor.
 */
import { CHECKS_BY_SECTION, getCheck } from '@/lib/checks';
import { frameworksFor } from '@/lib/checks/frameworks';
import { SECTION_IDS, SEVERITIES, type ResultPatch, type SectionId, type Severity } from '@/lib/checks/types';
import { SECTIONS } from '@/lib/dashboard/sections';
import type { Db, Prisma } from '@/lib/db';
import { activeExceptionWhere, notExceptedWhere } from '@/lib/exceptions/active';
import { comparable } from '@/lib/dashboard/comparable';
import { fillEvidence } from '@/lib/remediation/fill';
import { storedPatch } from '@/lib/remediation/patch';
import { latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';
import { capFor, capLabel, gradeFor, openOfRow, sumSeverityCounts } from '@/lib/scoring';
import { describeReportScope, labelMatches, type ReportParams } from './params';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import { AppError } from '@/lib/api/errors';

export interface ReportCluster {
  id: string;
  name: string;
  environment: string;
  serverVersion: string | null;
  lastScan: { id: string; finishedAt: string; score: number | null; grade: string | null } | null;
}

export interface SectionScorecard {
  id: SectionId;
  number: number;
  title: string;
  /** null when no cluster in scope has a successful scan. */
  score: number | null;
  grade: string | null;
  passed: number;
  failed: number;
  excepted: number;
  open: Record<Severity, number>;
  /** Score at the period start (null: no scan then). */
  startScore: number | null;
  delta: number | null;
}

export interface TrendPoint {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  overall: number;
  sections: Partial<Record<SectionId, number>>;
}

export interface ChangeItem {
  kind: 'section' | 'check';
  id: string;
  label: string;
  /** Section: score; check: failing results. */
  from: number;
  to: number;
}

export interface ReportFinding {
  id: string;
  clusterName: string;
  severity: Severity;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  message: string;
  path: string | null;
  /** The result's detail key and the container / volume its evidence names: what fills the check's remediation in (lib/remediation/fill). */
  detail: string | null;
  evidence: { container?: string; volume?: string } | null;
  patch: ResultPatch | null;
  firstSeenAt: string;
}

export interface ReportCheckGroup {
  checkId: string;
  title: string;
  /** Most severe of its findings. */
  severity: Severity;
  guideRef: string;
  description: string;
  rationale: string;
  /** appliesTo: 'kubelet-config' when the patch is a fragment of the nodes' kubelet configuration file. */
  remediation: { steps: string[]; kubectl: string | null; patch: string | null; appliesTo?: 'kubelet-config' };
  frameworks: string[];
  findings: ReportFinding[];
}

export interface ReportSectionGroup {
  id: SectionId;
  number: number;
  title: string;
  count: number;
  bySeverity: Record<Severity, number>;
  checks: ReportCheckGroup[];
}

export interface ReportException {
  id: string;
  scope: 'finding' | 'check';
  clusterName: string | null;
  checkId: string | null;
  checkTitle: string | null;
  target: string;
  reason: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  covers: number;
}

export interface ReportViewModel {
  title: string;
  scope: string;
  params: ReportParams;
  generatedAt: string;
  generatedBy: string | null;
  period: { from: string; to: string; days: number };
  clusters: ReportCluster[];
  /** cap: "capped at D by 3 critical findings" (one cluster whose grade is capped), else null. */
  overall: { score: number | null; grade: string | null; startScore: number | null; cap: string | null };
  lastScanAt: string | null;
  scorecards: SectionScorecard[];
  trend: TrendPoint[];
  improved: ChangeItem[];
  worsened: ChangeItem[];
  activity: { opened: number; reopened: number; resolved: number };
  /**
   * The open findings listed, and the resources they are on: distinct resources, the namespaces
   * those are in (a namespace of each cluster counts once) and how many are cluster-scoped.
   */
  totals: { findings: number; bySeverity: Record<Severity, number>; resources: number; namespaces: number; clusterScopedResources: number };
  sections: ReportSectionGroup[];
  exceptions: ReportException[];
  /** The workloads to fix first in the latest scans in scope (docs/RISK.md); absent in view models built before it existed. */
  fixFirst?: ReportFixFirstItem[];
}

export interface ReportFixFirstItem {
  clusterName: string;
  resource: { kind: string; namespace: string | null; name: string };
  score: number;
  reasons: Array<{ points: number; reason: string }>;
  /** "Internet -> Service ... -> cluster-admin" and the smallest fix, when the workload has an attack path. */
  path: { hops: string[]; cut: string } | null;
}

/** How many workloads the report's "fix first" page lists. */
export const REPORT_FIX_FIRST_LIMIT = 10;

export class ReportScopeError extends AppError {
  constructor(message: string) {
    super(404, message, 'report-scope');
  }
}

const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
const rank = (s: Severity) => SEVERITIES.indexOf(s);
const mean = (xs: number[]): number | null => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Clusters in scope: the chosen ids (or all), narrowed by the label. Throws ReportScopeError when none. */
export async function clustersInScope(db: Db, params: ReportParams): Promise<Array<{ id: string; name: string; environment: string; serverVersion: string | null }>> {
  const rows = await db.cluster.findMany({
    where: params.clusters.length ? { id: { in: params.clusters } } : {},
    orderBy: { name: 'asc' },
    select: { id: true, name: true, environment: true, serverVersion: true, labels: true },
  });
  if (params.clusters.length && rows.length < params.clusters.length) {
    const missing = params.clusters.filter((id) => !rows.some((r) => r.id === id));
    throw new ReportScopeError(`No cluster with id ${missing.map((m) => `"${m}"`).join(', ')}: it may have been deleted.`);
  }
  const matched = rows.filter((r) => labelMatches(r.labels, params.label));
  if (!matched.length) throw new ReportScopeError(params.label ? `No cluster in scope has the label "${params.label}".` : 'There are no clusters to report on yet: register a cluster and run a scan first.');
  return matched.map(({ labels: _labels, ...c }) => c);
}

/** The report's narrowing of findings (sections, severities, namespaces), whatever their status. */
function findingScopeWhere(params: Pick<ReportParams, 'sections' | 'severities' | 'namespaces'>): Prisma.FindingWhereInput[] {
  const and: Prisma.FindingWhereInput[] = [];
  if (params.sections.length) and.push({ section: { in: params.sections } });
  if (params.severities.length) and.push({ severity: { in: params.severities } });
  if (params.namespaces.length) and.push({ resourceNamespace: { in: params.namespaces } });
  return and;
}

/** The WHERE clause of the report's findings: open, not excepted, in scope. */
export function reportFindingsWhere(clusterIds: string[], params: Pick<ReportParams, 'sections' | 'severities' | 'namespaces'>, now: Date): Prisma.FindingWhereInput {
  return { AND: [{ clusterId: { in: clusterIds } }, { status: 'open' }, notExceptedWhere(now), ...findingScopeWhere(params)] };
}

/** How many findings a report with these params would contain (decides streaming vs background job). */
export async function countReportFindings(db: Db, params: ReportParams, now = new Date()): Promise<number> {
  const clusters = await clustersInScope(db, params);
  return db.finding.count({ where: reportFindingsWhere(clusters.map((c) => c.id), params, now) });
}

interface ScanPoint {
  clusterId: string;
  scanId: string;
  at: Date;
  score: number;
  sections: Partial<Record<SectionId, number>>;
}

/** Day-by-day series: each day with a scan, every cluster's latest known score carried forward, averaged. */
function trendSeries(points: ScanPoint[], sections: readonly SectionId[]): TrendPoint[] {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = new Map<string, ScanPoint>();
  const byDay = new Map<string, TrendPoint>();
  for (const p of sorted) {
    latest.set(p.clusterId, p);
    const current = [...latest.values()];
    const secs: Partial<Record<SectionId, number>> = {};
    for (const s of sections) {
      const m = mean(current.map((c) => c.sections[s]).filter((v): v is number => v !== undefined));
      if (m !== null) secs[s] = m;
    }
    byDay.set(day(p.at), { date: day(p.at), overall: mean(current.map((c) => c.score)) ?? 0, sections: secs });
  }
  return [...byDay.values()];
}

export interface BuildReportOptions {
  now?: Date;
  generatedBy?: string | null;
  /** Called with 0–100 while loading (background jobs show it). */
  onProgress?: (pct: number) => void | Promise<void>;
}

/** Builds the report's view model. Throws ReportScopeError when nothing is in scope. */
export async function buildReportViewModel(db: Db, params: ReportParams, options: BuildReportOptions = {}): Promise<ReportViewModel> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - params.days * 86_400_000);
  const clusters = await clustersInScope(db, params);
  const clusterIds = clusters.map((c) => c.id);
  const sectionIds: readonly SectionId[] = params.sections.length ? SECTION_IDS.filter((s) => params.sections.includes(s)) : SECTION_IDS;

  // Scans: latest successful per cluster, the baseline at the period start, and those in the period.
  const trendSelect = { id: true, clusterId: true, finishedAt: true, score: true, scoringVersion: true, partial: true } as const;
  const [latestBy, periodScans, baselineBy] = await Promise.all([
    latestSuccessfulScans(db, clusterIds, { ...trendSelect, grade: true, uncappedScore: true }),
    db.scan.findMany({ where: successfulScans({ clusterId: { in: clusterIds }, finishedAt: { gte: from, lte: now } }), orderBy: { finishedAt: 'asc' }, select: trendSelect }),
    latestSuccessfulScans(db, clusterIds, trendSelect, { finishedAt: { lte: from } }),
  ]);
  await options.onProgress?.(10);
  const latest = [...latestBy.values()];
  // Baseline per cluster: the last scan at or before the period start, else the first in the period;
  // only when its score is comparable with the cluster's latest (same scoring version, neither partial).
  const baseline = clusterIds
    .map((id) => {
      const cur = latestBy.get(id);
      const candidates = [baselineBy.get(id), ...periodScans.filter((s) => s.clusterId === id)];
      return (cur && candidates.find((s) => s && comparable(s, cur))) ?? null;
    })
    .filter((s): s is NonNullable<typeof s> => Boolean(s));
  const trendScans = [...baselineBy.values(), ...periodScans];
  const aggScanIds = [...new Set([...latest.map((s) => s.id), ...baseline.map((s) => s.id), ...trendScans.map((s) => s.id)])];

  const [sectionAggs, checkAggs] = await Promise.all([
    db.scanSectionAggregate.findMany({ where: { scanId: { in: aggScanIds } } }),
    db.scanCheckAggregate.findMany({
      where: { scanId: { in: [...new Set([...latest.map((s) => s.id), ...baseline.map((s) => s.id)])] }, ...(params.sections.length ? { section: { in: params.sections } } : {}) },
      select: { scanId: true, checkId: true, failed: true },
    }),
  ]);
  const aggsByScan = new Map<string, Map<string, (typeof sectionAggs)[number]>>();
  for (const a of sectionAggs) {
    let m = aggsByScan.get(a.scanId);
    if (!m) aggsByScan.set(a.scanId, (m = new Map()));
    m.set(a.section, a);
  }

  const scorecards: SectionScorecard[] = sectionIds.map((s) => {
    const cur = latest.map((sc) => aggsByScan.get(sc.id)?.get(s)).filter((a): a is NonNullable<typeof a> => Boolean(a));
    const start = baseline.map((sc) => aggsByScan.get(sc.id)?.get(s)).filter((a): a is NonNullable<typeof a> => Boolean(a));
    const score = mean(cur.map((a) => a.score));
    const startScore = mean(start.map((a) => a.score));
    const open = sumSeverityCounts(cur.map(openOfRow));
    return {
      id: s,
      number: SECTIONS[s].number,
      title: SECTIONS[s].title,
      score,
      grade: score === null ? null : gradeFor(score),
      passed: cur.reduce((n, a) => n + a.passed, 0),
      failed: cur.reduce((n, a) => n + a.failed, 0),
      excepted: cur.reduce((n, a) => n + a.excepted, 0),
      open,
      startScore,
      delta: score !== null && startScore !== null ? score - startScore : null,
    };
  });

  const overallScore = mean(latest.map((s) => s.score).filter((v): v is number => v !== null));
  // One cluster: the cap on its grade, from its latest scan's open results in every section.
  const only = latest.length === 1 ? latest[0] : undefined;
  const onlyOpen = only ? sumSeverityCounts([...(aggsByScan.get(only.id)?.values() ?? [])].map(openOfRow)) : null;
  const overallCap = only && onlyOpen && only.score !== null && only.uncappedScore !== null && only.score < only.uncappedScore ? capLabel(capFor(onlyOpen)) : null;
  const startOverall = mean(baseline.map((s) => s.score).filter((v): v is number => v !== null));

  const trend = trendSeries(
    trendScans
      .filter((s) => s.finishedAt && s.score !== null)
      .map((s) => ({
        clusterId: s.clusterId,
        scanId: s.id,
        at: s.finishedAt as Date,
        score: s.score as number,
        sections: Object.fromEntries([...(aggsByScan.get(s.id)?.values() ?? [])].map((a) => [a.section, a.score])) as Partial<Record<SectionId, number>>,
      })),
    sectionIds,
  );

  // What changed since the period start.
  const changes: ChangeItem[] = [];
  for (const c of scorecards) {
    if (c.delta !== null && c.delta !== 0 && c.startScore !== null && c.score !== null) changes.push({ kind: 'section', id: c.id, label: `${c.number} ${c.title}`, from: c.startScore, to: c.score });
  }
  const failedBy = (scanIds: Set<string>) => {
    const m = new Map<string, number>();
    for (const a of checkAggs) if (scanIds.has(a.scanId)) m.set(a.checkId, (m.get(a.checkId) ?? 0) + a.failed);
    return m;
  };
  const baselineIds = new Set(baseline.map((s) => s.id));
  const latestIds = new Set(latest.map((s) => s.id));
  const sameScans = baselineIds.size === latestIds.size && [...baselineIds].every((id) => latestIds.has(id));
  if (!sameScans) {
    const before = failedBy(baselineIds);
    const after = failedBy(latestIds);
    for (const checkId of new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(checkId) ?? 0;
      const b = after.get(checkId) ?? 0;
      if (a !== b) changes.push({ kind: 'check', id: checkId, label: getCheck(checkId)?.title ?? checkId, from: a, to: b });
    }
  }
  const better = (c: ChangeItem) => (c.kind === 'section' ? c.to > c.from : c.to < c.from);
  const size = (c: ChangeItem) => Math.abs(c.to - c.from) * (c.kind === 'section' ? 100 : 1);
  const improved = changes.filter(better).sort((a, b) => size(b) - size(a)).slice(0, 12);
  const worsened = changes.filter((c) => !better(c)).sort((a, b) => size(b) - size(a)).slice(0, 12);

  // Activity of the same scope as the findings listed (a report narrowed to a section counts that section's events only).
  const scope = findingScopeWhere(params);
  const events = await db.findingEvent.groupBy({
    by: ['type'],
    where: { clusterId: { in: clusterIds }, at: { gte: from, lte: now }, ...(scope.length ? { finding: { AND: scope } } : {}) },
    _count: { _all: true },
  });
  const activity = { opened: 0, reopened: 0, resolved: 0 };
  for (const e of events) activity[e.type] = e._count._all;
  await options.onProgress?.(25);

  // Findings, in pages (a fleet report can hold many thousands).
  const where = reportFindingsWhere(clusterIds, params, now);
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  const total = await db.finding.count({ where });
  const rows: Array<{
    id: string;
    clusterId: string;
    checkId: string;
    section: string;
    severity: Severity;
    resourceApiVersion: string;
    resourceKind: string;
    resourceNamespace: string | null;
    resourceName: string;
    message: string;
    path: string | null;
    detail: string | null;
    evidence: Prisma.JsonValue;
    patch: Prisma.JsonValue;
    firstSeenAt: Date;
  }> = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.finding.findMany({
      where,
      orderBy: { id: 'asc' },
      take: 2000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, clusterId: true, checkId: true, section: true, severity: true, resourceApiVersion: true, resourceKind: true, resourceNamespace: true, resourceName: true, message: true, path: true, detail: true, evidence: true, patch: true, firstSeenAt: true },
    });
    rows.push(...page);
    if (page.length < 2000) break;
    cursor = page[page.length - 1].id;
    await options.onProgress?.(25 + Math.round((rows.length / Math.max(total, 1)) * 35));
  }

  const bySection = new Map<SectionId, Map<string, ReportCheckGroup>>();
  const totals = { findings: rows.length, bySeverity: zero(), resources: 0, namespaces: 0, clusterScopedResources: 0 };
  const resourceKeys = new Set<string>();
  const namespaceKeys = new Set<string>();
  for (const r of rows) {
    const section = r.section as SectionId;
    totals.bySeverity[r.severity]++;
    const resourceKey = `${r.clusterId}\u0000${r.resourceNamespace ?? ''}\u0000${r.resourceKind}\u0000${r.resourceName}`;
    if (!resourceKeys.has(resourceKey)) {
      resourceKeys.add(resourceKey);
      if (r.resourceNamespace) namespaceKeys.add(`${r.clusterId}\u0000${r.resourceNamespace}`);
      else totals.clusterScopedResources++;
    }
    let checks = bySection.get(section);
    if (!checks) bySection.set(section, (checks = new Map()));
    let g = checks.get(r.checkId);
    if (!g) {
      const check = getCheck(r.checkId);
      const fw = frameworksFor(r.checkId);
      checks.set(
        r.checkId,
        (g = {
          checkId: r.checkId,
          title: check?.title ?? r.checkId,
          severity: r.severity,
          guideRef: check?.guideRef ?? '',
          description: check?.description ?? '',
          rationale: check?.rationale ?? '',
          remediation: { steps: [...(check?.remediation.steps ?? [])], kubectl: check?.remediation.kubectl ?? null, patch: check?.remediation.patch ?? null, ...(check?.remediation.appliesTo ? { appliesTo: check.remediation.appliesTo } : {}) },
          frameworks: [...(fw.cis ?? []).map((c) => `CIS ${c}`), ...(fw.pss ? [`PSS ${fw.pss.level}`] : [])],
          findings: [],
        }),
      );
    }
    if (rank(r.severity) < rank(g.severity)) g.severity = r.severity;
    g.findings.push({
      id: r.id,
      clusterName: clusterName.get(r.clusterId) ?? r.clusterId,
      severity: r.severity,
      resource: { apiVersion: r.resourceApiVersion, kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
      message: r.message,
      path: r.path,
      detail: r.detail,
      evidence: fillEvidence(r.evidence),
      patch: storedPatch(r.patch),
      firstSeenAt: r.firstSeenAt.toISOString(),
    });
  }
  totals.resources = resourceKeys.size;
  totals.namespaces = namespaceKeys.size;
  const resKey = (f: ReportFinding) => `${f.clusterName}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.kind}\u0000${f.resource.name}\u0000${f.path ?? ''}`;
  const sections: ReportSectionGroup[] = sectionIds
    .filter((s) => bySection.has(s))
    .map((s) => {
      const checks = [...(bySection.get(s)?.values() ?? [])];
      for (const c of checks) c.findings.sort((a, b) => rank(a.severity) - rank(b.severity) || resKey(a).localeCompare(resKey(b)));
      checks.sort((a, b) => rank(a.severity) - rank(b.severity) || b.findings.length - a.findings.length || a.checkId.localeCompare(b.checkId));
      const bySeverity = zero();
      for (const c of checks) for (const f of c.findings) bySeverity[f.severity]++;
      return { id: s, number: SECTIONS[s].number, title: SECTIONS[s].title, count: checks.reduce((n, c) => n + c.findings.length, 0), bySeverity, checks };
    });
  await options.onProgress?.(60);

  // Appendix: active accepted-risk exceptions that apply to the clusters in scope.
  const exceptionRows = await db.riskException.findMany({
    where: {
      AND: [
        { OR: [{ clusterId: { in: clusterIds } }, { clusterId: null }] },
        activeExceptionWhere(now),
        ...(params.sections.length ? [{ OR: [{ checkId: null }, { checkId: { in: checkIdsOf(params.sections) } }] }] : []),
      ],
    },
    orderBy: [{ expiresAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    select: {
      id: true,
      scope: true,
      clusterId: true,
      checkId: true,
      namespacePattern: true,
      labelSelector: true,
      resourceNamePattern: true,
      reason: true,
      createdAt: true,
      expiresAt: true,
      createdBy: { select: { name: true, email: true } },
      cluster: { select: { name: true } },
      finding: { select: { status: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, cluster: { select: { name: true } } } },
      _count: { select: { covers: { where: { status: 'open' } } } },
    },
  });
  const exceptions: ReportException[] = exceptionRows.map((e) => {
    const checkId = e.checkId ?? e.finding?.checkId ?? null;
    const target =
      e.scope === 'finding' && e.finding
        ? `${e.finding.resourceKind} ${e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}${e.finding.resourceName}`
        : [e.namespacePattern ? `namespace ${e.namespacePattern}` : null, e.resourceNamePattern ? `name ${e.resourceNamePattern}` : null, e.labelSelector ? `labels ${e.labelSelector}` : null].filter(Boolean).join(', ') ||
          'every resource';
    return {
      id: e.id,
      scope: e.scope,
      clusterName: e.cluster?.name ?? e.finding?.cluster.name ?? null,
      checkId,
      checkTitle: checkId ? (getCheck(checkId)?.title ?? checkId) : null,
      target,
      reason: e.reason,
      createdBy: e.createdBy?.name || e.createdBy?.email || null,
      createdAt: e.createdAt.toISOString(),
      expiresAt: e.expiresAt?.toISOString() ?? null,
      // A finding-scoped exception covers its finding while open (persist may not have linked it yet).
      covers: e.scope === 'finding' ? (e.finding?.status === 'open' ? 1 : 0) : e._count.covers,
    };
  });

  const lastScanAt = latest.reduce<Date | null>((m, s) => (s.finishedAt && (!m || s.finishedAt > m) ? s.finishedAt : m), null);
  const reportClusters: ReportCluster[] = clusters.map((c) => {
    const s = latest.find((x) => x.clusterId === c.id);
    return { ...c, lastScan: s && s.finishedAt ? { id: s.id, finishedAt: s.finishedAt.toISOString(), score: s.score, grade: s.grade } : null };
  });
  await options.onProgress?.(70);
  const fixFirst = (await getFixFirst(db, { scanIds: latest.map((x) => x.id), limit: REPORT_FIX_FIRST_LIMIT })).map((r) => ({
    clusterName: r.cluster.name,
    resource: { kind: r.resource.kind, namespace: r.resource.namespace, name: r.resource.name },
    score: r.score,
    reasons: r.factors.map((f) => ({ points: f.points, reason: f.reason })),
    path: r.path ? { hops: r.path.hops.map((h) => h.label), cut: r.path.cut.action } : null,
  }));

  return {
    title: clusters.length === 1 ? `Remediation report: ${clusters[0].name}` : params.clusters.length ? `Remediation report: ${clusters.length} clusters` : 'Remediation report: fleet',
    scope: describeReportScope(params),
    params,
    generatedAt: now.toISOString(),
    generatedBy: options.generatedBy ?? null,
    period: { from: from.toISOString(), to: now.toISOString(), days: params.days },
    clusters: reportClusters,
    overall: { score: overallScore, grade: overallScore === null ? null : gradeFor(overallScore), startScore: startOverall, cap: overallCap },
    lastScanAt: lastScanAt?.toISOString() ?? null,
    scorecards,
    trend,
    improved,
    worsened,
    activity,
    totals,
    sections,
    exceptions,
    fixFirst,
  };
}

function checkIdsOf(sections: readonly SectionId[]): string[] {
  return sections.flatMap((s) => CHECKS_BY_SECTION[s].map((c) => c.id));
}
