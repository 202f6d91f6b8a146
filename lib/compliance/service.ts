/**
 * Compliance read model: a cluster's or the fleet's standing against one framework, with its
 * trend. Reads what scans stored (the latest successful scan per cluster, its per-check
 * aggregates ScanCheckAggregate and coverage gaps, as the section pages and the check catalog
 * do) and the analysts' attestations; the status and percentage come from lib/frameworks/evaluate.
 *
 * With a team-scoped access scope: only the clusters it sees, and of a team's part of a cluster the
 * per-check results of the part's namespaces (lib/dashboard/part-scores.ts checkCountsAt), so a
 * control's status is over the results in scope. Attestations are the analysts' and shown as they are.
 * No 'server-only' import: the evidence pack reuses it from route handlers and tests.
 */
import type { Db } from '@/lib/db';
import { checkCountsAt } from '@/lib/dashboard/part-scores';
import { clusterViewsOf, WHOLE, type ClusterView } from '@/lib/teams/cluster-view';
import { clustersVisibleWhere, FLEET, type AccessScope } from '@/lib/teams/scope';
import { latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';
import { checksOf, getFramework, type FrameworkId } from '@/lib/frameworks';
import { compliancePercent, evaluateFleet, evaluateFramework, type Attestation, type CheckCounts, type FleetControl, type FrameworkEvaluation, type FrameworkSummary, type ScanGap, type ScanInput } from '@/lib/frameworks/evaluate';
import { listActiveAttestations } from './attestations';

export interface ScanRef {
  id: string;
  clusterId: string;
  finishedAt: Date;
  kubernetesVersion: string | null;
  coverageGaps: ScanGap[];
}

export interface TrendPoint {
  at: string;
  scanId: string | null;
  percent: number | null;
  passed: number;
  failed: number;
  excepted: number;
}

export interface ClusterCompliance {
  cluster: { id: string; name: string; serverVersion: string | null };
  scan: { id: string; finishedAt: string; kubernetesVersion: string | null; coverageGaps: ScanGap[] } | null;
  evaluation: FrameworkEvaluation;
  trend: TrendPoint[];
  /** True for a team's part of the cluster: the results are those of the part's namespaces. */
  part: boolean;
}

const SCAN_SELECT = { id: true, clusterId: true, finishedAt: true, kubernetesVersion: true, coverageGaps: true } as const;

function toRef(row: { id: string; clusterId: string; finishedAt: Date | null; kubernetesVersion: string | null; coverageGaps: unknown }): ScanRef {
  return { id: row.id, clusterId: row.clusterId, finishedAt: row.finishedAt!, kubernetesVersion: row.kubernetesVersion, coverageGaps: Array.isArray(row.coverageGaps) ? (row.coverageGaps as ScanGap[]) : [] };
}

/** Per-check counts of these scans (only the framework's checks) as the views show them, scan id → check id → counts. */
function checkCountsOf(db: Db, scans: readonly ScanRef[], checkIds: readonly string[], views: ReadonlyMap<string, ClusterView>): Promise<Map<string, Map<string, CheckCounts>>> {
  const unique = [...new Map(scans.map((s) => [s.id, s])).values()];
  return checkCountsAt(db, unique, views, checkIds);
}

function scanInput(scan: ScanRef, counts: Map<string, Map<string, CheckCounts>>): ScanInput {
  return { checks: counts.get(scan.id) ?? new Map(), coverageGaps: scan.coverageGaps };
}

function point(at: Date, scanId: string | null, s: FrameworkSummary): TrendPoint {
  return { at: at.toISOString(), scanId, percent: s.percent, passed: s.passed, failed: s.failed, excepted: s.excepted };
}

/** The latest successful scan of each of these clusters. */
export async function latestScans(db: Db, clusterIds: readonly string[]): Promise<Map<string, ScanRef>> {
  const rows = await latestSuccessfulScans(db, clusterIds, SCAN_SELECT);
  return new Map([...rows].map(([id, r]) => [id, toRef(r)]));
}

/** Successful scans of these clusters that finished in [from, to], oldest first. */
export async function scansIn(db: Db, clusterIds: readonly string[], window: { from: Date; to: Date }): Promise<ScanRef[]> {
  const rows = await db.scan.findMany({
    where: successfulScans({ clusterId: { in: [...clusterIds] }, finishedAt: { gte: window.from, lte: window.to } }),
    orderBy: [{ finishedAt: 'asc' }, { id: 'asc' }],
    select: SCAN_SELECT,
  });
  return rows.map(toRef);
}

export async function getClusterCompliance(db: Db, clusterId: string, frameworkId: FrameworkId, window: { from: Date; to: Date }, now = new Date(), view: ClusterView = WHOLE): Promise<ClusterCompliance | null> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true, serverVersion: true } });
  if (!cluster) return null;
  const framework = getFramework(frameworkId);
  const [latest, period, attestations] = await Promise.all([latestScans(db, [clusterId]), scansIn(db, [clusterId], window), listActiveAttestations(db, frameworkId, now)]);
  const scan = latest.get(clusterId) ?? null;
  const counts = await checkCountsOf(db, [...(scan ? [scan] : []), ...period], checksOf(frameworkId), new Map([[clusterId, view]]));
  const evaluation = evaluateFramework(framework, scan ? scanInput(scan, counts) : null, attestations, clusterId, now);
  const trend = period.map((s) => point(s.finishedAt, s.id, evaluateFramework(framework, scanInput(s, counts), [], clusterId, now).summary));
  return {
    cluster,
    scan: scan ? { id: scan.id, finishedAt: scan.finishedAt.toISOString(), kubernetesVersion: scan.kubernetesVersion, coverageGaps: scan.coverageGaps } : null,
    evaluation,
    trend,
    part: view.kind === 'part',
  };
}

export interface FleetCompliance {
  /** `part`: the caller's teams own part of the cluster, and its results are those of their namespaces. */
  clusters: Array<{ id: string; name: string; scanAt: string | null; kubernetesVersion: string | null; summary: FrameworkSummary; part: boolean }>;
  controls: FleetControl[];
  summary: FrameworkSummary;
  trend: TrendPoint[];
}

/**
 * The fleet (or the clusters a team-scoped `scope` sees): every cluster's latest scan; the trend has
 * one point per day with a scan, each cluster counted by its latest scan up to the end of that day.
 */
export async function getFleetCompliance(db: Db, frameworkId: FrameworkId, window: { from: Date; to: Date }, now = new Date(), scope: AccessScope = FLEET): Promise<FleetCompliance> {
  const framework = getFramework(frameworkId);
  const clusters = await db.cluster.findMany({ where: clustersVisibleWhere(scope), orderBy: { name: 'asc' }, select: { id: true, name: true, serverVersion: true } });
  const ids = clusters.map((c) => c.id);
  const [latest, period, attestations] = await Promise.all([latestScans(db, ids), scansIn(db, ids, window), listActiveAttestations(db, frameworkId, now)]);
  const views = clusterViewsOf(scope, ids);
  const counts = await checkCountsOf(db, [...latest.values(), ...period], checksOf(frameworkId), views);
  const perCluster = clusters.map((c) => {
    const scan = latest.get(c.id);
    return { cluster: c, scan, evaluation: evaluateFramework(framework, scan ? scanInput(scan, counts) : null, attestations, c.id, now) };
  });
  const fleet = evaluateFleet(framework, perCluster.filter((p) => p.scan).map((p) => p.evaluation));

  const trend: TrendPoint[] = [];
  const current = new Map<string, FrameworkEvaluation>();
  const days = [...new Set(period.map((s) => s.finishedAt.toISOString().slice(0, 10)))];
  for (const day of days) {
    for (const s of period.filter((x) => x.finishedAt.toISOString().slice(0, 10) === day)) current.set(s.clusterId, evaluateFramework(framework, scanInput(s, counts), [], s.clusterId, now));
    const pairs = [...current.values()].flatMap((e) => e.controls);
    const ok = pairs.filter((c) => c.status === 'passed' || c.status === 'excepted').length;
    const failed = pairs.filter((c) => c.status === 'failed').length;
    trend.push({ at: `${day}T23:59:59.999Z`, scanId: null, percent: compliancePercent(ok, ok + failed), passed: pairs.filter((c) => c.status === 'passed').length, failed, excepted: pairs.filter((c) => c.status === 'excepted').length });
  }
  return {
    clusters: perCluster.map((p) => ({ id: p.cluster.id, name: p.cluster.name, scanAt: p.scan?.finishedAt.toISOString() ?? null, kubernetesVersion: p.scan?.kubernetesVersion ?? p.cluster.serverVersion, summary: p.evaluation.summary, part: views.get(p.cluster.id)?.kind === 'part' })),
    controls: fleet.controls,
    summary: fleet.summary,
    trend,
  };
}

export type { Attestation };
