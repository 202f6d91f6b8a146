/**
 * The Overview page's data: every registered cluster with its connection status (from the
 * last connection test or scan), its latest scan and latest score, and open findings by
 * severity — in a fixed number of queries whatever the fleet size. Also (dashboard): the six
 * section scores of the latest scored scan, the scores of the last 30 days (sparkline), the
 * change since last week; clusters that got worse since last week come first; optional filters
 * by environment and by one label (key=value).
 *
 * With a team-scoped access scope: only the clusters it sees. A cluster it sees whole reads as for
 * the fleet; of a team's part of a cluster (lib/teams/cluster-view.ts) the open findings are the
 * part's own, and the scores (overall, sections, 30-day history, change since last week) are those
 * of the part's namespaces together (lib/dashboard/part-scores.ts), marked by `part`.
 */
import { SECTION_IDS, SEVERITIES, zeroSeverityCounts as zeroCounts, type SectionId } from '@/lib/vocabulary';
import { comparable } from '@/lib/dashboard/comparable';
import { getOpenCounts, type ClusterOpenCounts } from '@/lib/dashboard/open-counts';
import type { Prisma, PrismaClient, Severity } from '@/lib/generated/prisma/client';
import { latestQueuedScans, latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';
import { clusterViewsOf, type ClusterPart } from '@/lib/teams/cluster-view';
import { clustersVisibleWhere, FLEET, type AccessScope } from '@/lib/teams/scope';
import { lastOfEachDay, partScans, type PartScan } from './part-scores';

export type ConnectionState = 'connected' | 'unreachable' | 'untested' | 'disabled';

export interface FleetCluster {
  id: string;
  name: string;
  environment: string;
  apiServerUrl: string | null;
  serverVersion: string | null;
  connection: { state: ConnectionState; checkedAt: string | null; message: string | null };
  latestScan: { id: string; status: string; at: string; error: string | null } | null;
  latestScore: { scanId: string; score: number; grade: string; at: string } | null;
  /** Open findings not covered by an accepted-risk exception (lib/dashboard/open-counts.ts). */
  openFindings: Record<Severity, number>;
  labels: Record<string, string>;
  /** Section scores of the latest scored scan; null before any. */
  sectionScores: Record<SectionId, { score: number; grade: string }> | null;
  /** Overall score of each successful scan in the last 30 days, oldest first (of a team's part, the last scan of each day). */
  history: Array<{ at: string; score: number }>;
  /** Latest score − the score of the latest scan at least 7 days older; null when there is none or the two are not comparable (scoring version, partial scan). */
  weekDelta: number | null;
  /**
   * Set when the caller's teams own part of the cluster: every number above is that part's, the
   * scores those of these namespaces together (empty: no namespace of theirs was scored, so no score).
   */
  part: { namespaces: string[] } | null;
}

export interface FleetFilters {
  environment?: 'production' | 'staging' | 'development';
  /** "key=value" (or "key" for any value). */
  label?: string;
}

export interface FleetOverview {
  clusters: FleetCluster[];
  totals: {
    clusters: number;
    connected: number;
    unreachable: number;
    untested: number;
    disabled: number;
    scanned: number;
    /** Mean of the clusters' latest scores; null before any scan succeeded. */
    averageScore: number | null;
    openFindings: Record<Severity, number>;
  };
}


function connectionState(c: { enabled: boolean; lastConnectionOk: boolean | null }): ConnectionState {
  if (!c.enabled) return 'disabled';
  if (c.lastConnectionOk === null) return 'untested';
  return c.lastConnectionOk ? 'connected' : 'unreachable';
}

function asLabels(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Label filter "key=value" or "key"; the cluster table is small, so it is applied in memory. */
function matchesLabel(labels: Record<string, string>, filter: string | undefined): boolean {
  if (!filter) return true;
  const [key, ...rest] = filter.split('=');
  const k = key.trim();
  if (!(k in labels)) return false;
  return rest.length === 0 || labels[k] === rest.join('=').trim();
}

/** What the fleet table shows of each cluster's latest scored scan. */
const SCORED_SELECT = { id: true, clusterId: true, score: true, grade: true, finishedAt: true, queuedAt: true, scoringVersion: true, partial: true } satisfies Prisma.ScanSelect;

/** The scores of the teams' parts of clusters at the scans the overview reads, by cluster id. */
async function partScansOf(db: PrismaClient, parts: readonly ClusterPart[], scanIdsOf: (clusterId: string) => string[]): Promise<Map<string, Map<string, PartScan>>> {
  return new Map(await Promise.all(parts.map(async (p) => [p.clusterId, await partScans(db, p, scanIdsOf(p.clusterId))] as const)));
}

export async function getFleetOverview(db: PrismaClient, filters: FleetFilters = {}, scope: AccessScope = FLEET): Promise<FleetOverview> {
  const allClusters = await db.cluster.findMany({
    where: { AND: [filters.environment ? { environment: filters.environment } : {}, clustersVisibleWhere(scope)] },
    orderBy: { name: 'asc' },
    select: {
      labels: true,
      id: true,
      name: true,
      environment: true,
      enabled: true,
      apiServerUrl: true,
      serverVersion: true,
      lastConnectionAt: true,
      lastConnectionOk: true,
      lastConnectionMessage: true,
    },
  });
  const clusters = allClusters.map((c) => ({ ...c, labels: asLabels(c.labels) })).filter((c) => matchesLabel(c.labels, filters.label));
  const ids = clusters.map((c) => c.id);
  const [latestScans, latestScored, findingCounts] = ids.length
    ? await Promise.all([
        // One index probe per cluster, not every cluster's scan history.
        latestQueuedScans(db, ids),
        latestSuccessfulScans(db, ids, SCORED_SELECT, { score: { not: null } }),
        getOpenCounts(db, ids, new Date(), scope),
      ])
    : [[], new Map<string, Prisma.ScanGetPayload<{ select: typeof SCORED_SELECT }>>(), new Map<string, ClusterOpenCounts>()];

  const monthAgo = new Date(Date.now() - 30 * 86_400_000);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const [sectionRows, recent, weekOld] = ids.length
    ? await Promise.all([
        db.scanSectionAggregate.findMany({ where: { scanId: { in: [...latestScored.values()].map((s) => s.id) } }, select: { clusterId: true, section: true, score: true, grade: true } }),
        db.scan.findMany({
          where: successfulScans({ clusterId: { in: ids }, score: { not: null }, finishedAt: { gte: monthAgo } }),
          orderBy: { finishedAt: 'asc' },
          select: { id: true, clusterId: true, score: true, finishedAt: true, scoringVersion: true, partial: true },
        }),
        latestSuccessfulScans(db, ids, { id: true, clusterId: true, score: true, scoringVersion: true, partial: true }, { score: { not: null }, finishedAt: { lte: weekAgo } }),
      ])
    : [[], [], new Map<string, { id: string; clusterId: string; score: number | null; scoringVersion: number; partial: boolean }>()];
  const sectionsBy = new Map<string, Record<SectionId, { score: number; grade: string }>>();
  for (const r of sectionRows) {
    if (!(SECTION_IDS as readonly string[]).includes(r.section)) continue;
    const m = sectionsBy.get(r.clusterId) ?? ({} as Record<SectionId, { score: number; grade: string }>);
    m[r.section as SectionId] = { score: r.score, grade: r.grade };
    sectionsBy.set(r.clusterId, m);
  }
  const latestBy = latestScored;
  const historyBy = new Map<string, Array<{ at: string; score: number }>>();
  for (const r of recent) {
    // The sparkline compares scores: only those of the latest scan's formula, partial scans left out.
    const cur = latestBy.get(r.clusterId);
    if (!cur || !comparable(r, cur)) continue;
    const list = historyBy.get(r.clusterId) ?? [];
    list.push({ at: r.finishedAt!.toISOString(), score: r.score! });
    historyBy.set(r.clusterId, list);
  }
  const weekOldBy = new Map([...weekOld.values()].filter((s) => latestBy.has(s.clusterId) && comparable(s, latestBy.get(s.clusterId)!)).map((s) => [s.clusterId, s.score!]));

  const scanBy = new Map(latestScans.map((s) => [s.clusterId, s]));
  const scoreBy = latestScored;

  // A team's part of a cluster: the same scans, scored over the part's namespaces.
  const parts = [...clusterViewsOf(scope, ids).values()].filter((v): v is ClusterPart => v.kind === 'part');
  // Its sparkline has the last scan of each day (a part's score sums its namespaces' tallies per scan).
  const partHistory = new Map(parts.map((p) => [p.clusterId, lastOfEachDay(recent.filter((r) => r.clusterId === p.clusterId))]));
  const partBy = await partScansOf(db, parts, (id) => [latestScored.get(id)?.id, weekOld.get(id)?.id, ...partHistory.get(id)!.map((r) => r.id)].filter((x): x is string => Boolean(x)));
  const partNumbers = (clusterId: string, scored: Prisma.ScanGetPayload<{ select: typeof SCORED_SELECT }> | undefined): Pick<FleetCluster, 'latestScore' | 'sectionScores' | 'history' | 'weekDelta' | 'part'> => {
    const at = partBy.get(clusterId)!;
    const latest = scored ? at.get(scored.id) : undefined;
    if (!scored || !latest) return { latestScore: null, sectionScores: null, history: [], weekDelta: null, part: { namespaces: [] } };
    const old = weekOld.get(clusterId);
    const oldPart = old && comparable(old, scored) ? at.get(old.id) : undefined;
    return {
      latestScore: { scanId: scored.id, score: latest.scores.overall.score, grade: latest.scores.overall.grade, at: (scored.finishedAt ?? scored.queuedAt).toISOString() },
      sectionScores: Object.fromEntries(SECTION_IDS.map((s) => [s, { score: latest.scores.sections[s].score, grade: latest.scores.sections[s].grade }])) as Record<SectionId, { score: number; grade: string }>,
      history: partHistory.get(clusterId)!.flatMap((r) => (comparable(r, scored) && at.has(r.id) ? [{ at: r.finishedAt!.toISOString(), score: at.get(r.id)!.scores.overall.score }] : [])),
      weekDelta: oldPart ? latest.scores.overall.score - oldPart.scores.overall.score : null,
      part: { namespaces: latest.namespaces },
    };
  };

  const fleet: FleetCluster[] = clusters.map((c) => {
    const scan = scanBy.get(c.id);
    const scored = scoreBy.get(c.id);
    return {
      id: c.id,
      name: c.name,
      environment: c.environment,
      apiServerUrl: c.apiServerUrl,
      serverVersion: c.serverVersion,
      connection: {
        state: connectionState(c),
        checkedAt: c.lastConnectionAt?.toISOString() ?? null,
        message: c.lastConnectionMessage,
      },
      latestScan: scan ? { id: scan.id, status: scan.status, at: (scan.finishedAt ?? scan.queuedAt).toISOString(), error: scan.error } : null,
      latestScore:
        scored && scored.score !== null
          ? { scanId: scored.id, score: scored.score, grade: scored.grade ?? '', at: (scored.finishedAt ?? scored.queuedAt).toISOString() }
          : null,
      openFindings: findingCounts.get(c.id)?.open ?? zeroCounts(),
      labels: c.labels,
      sectionScores: sectionsBy.get(c.id) ?? null,
      history: historyBy.get(c.id) ?? [],
      weekDelta: scored?.score != null && weekOldBy.has(c.id) ? scored.score - weekOldBy.get(c.id)! : null,
      part: null,
      ...(partBy.has(c.id) ? partNumbers(c.id, scored) : {}),
    };
  });
  // What got worse since last week first (biggest drop first), then by name.
  fleet.sort((a, b) => Math.min(0, a.weekDelta ?? 0) - Math.min(0, b.weekDelta ?? 0) || a.name.localeCompare(b.name));

  const scores = fleet.flatMap((c) => (c.latestScore ? [c.latestScore.score] : []));
  const openFindings = zeroCounts();
  for (const c of fleet) for (const s of SEVERITIES) openFindings[s] += c.openFindings[s];
  const count = (state: ConnectionState) => fleet.filter((c) => c.connection.state === state).length;
  return {
    clusters: fleet,
    totals: {
      clusters: fleet.length,
      connected: count('connected'),
      unreachable: count('unreachable'),
      untested: count('untested'),
      disabled: count('disabled'),
      scanned: scores.length,
      averageScore: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      openFindings,
    },
  };
}
