/**
 * The Overview page's data: every registered cluster with its connection status (from the
 * last connection test or scan), its latest scan and latest score, and open findings by
 * severity — in a fixed number of queries whatever the fleet size. Also (dashboard): the six
 * section scores of the latest scored scan, the scores of the last 30 days (sparkline), the
 * change since last week; clusters that got worse since last week come first; optional filters
 * by environment and by one label (key=value).
 */
import { SECTION_IDS, SEVERITIES, type SectionId } from '@/lib/checks/types';
import { comparable } from '@/lib/dashboard/comparable';
import { getOpenCounts, type ClusterOpenCounts } from '@/lib/dashboard/open-counts';
import type { Prisma, PrismaClient, Severity } from '@/lib/generated/prisma/client';
import { latestQueuedScans, latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';

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
  /** Overall score of each successful scan in the last 30 days, oldest first. */
  history: Array<{ at: string; score: number }>;
  /** Latest score − the score of the latest scan at least 7 days older; null when there is none or the two are not comparable (scoring version, partial scan). */
  weekDelta: number | null;
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

const zeroCounts = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

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

export async function getFleetOverview(db: PrismaClient, filters: FleetFilters = {}): Promise<FleetOverview> {
  const allClusters = await db.cluster.findMany({
    where: filters.environment ? { environment: filters.environment } : {},
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
        getOpenCounts(db, ids),
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
          select: { clusterId: true, score: true, finishedAt: true, scoringVersion: true, partial: true },
        }),
        latestSuccessfulScans(db, ids, { clusterId: true, score: true, scoringVersion: true, partial: true }, { score: { not: null }, finishedAt: { lte: weekAgo } }),
      ])
    : [[], [], new Map<string, { clusterId: string; score: number | null; scoringVersion: number; partial: boolean }>()];
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
