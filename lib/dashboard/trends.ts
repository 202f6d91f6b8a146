/**
 * Trends of one cluster (optionally one guide section) over a time window, from the per-scan
 * aggregates and the finding events — never from the findings table row by row:
 * - score and open (failing, not excepted) results by severity at every trend point (ScorePoint:
 *   one per successful scan, and one per exception change that re-scored the latest scan), each
 *   with its scoring version and whether the scan was partial;
 * - new (opened + reopened) vs resolved findings per scan (FindingEvent);
 * - mean time to remediate by severity: for every "resolved" event in the window, the time since
 *   the same finding's previous event (its opening or reopening), averaged per severity.
 *
 * Of a team's part of the cluster (lib/teams/cluster-view.ts): one point per successful scan (the
 * last of each day when the window holds more than 200), the score and open results those of the
 * part's namespaces at that scan (lib/dashboard/part-scores.ts; a scan that recorded none is left
 * out), and new, resolved (a day's scans counted on its point) and MTTR over the part's findings.
 */
import 'server-only';
import { SEVERITIES, type SectionId, type Severity } from '@/lib/checks/types';
import { Prisma, type Db } from '@/lib/db';
import { successfulScans, successfulScanSql } from '@/lib/scans/latest';
import { openOfRow, zeroSeverityCounts } from '@/lib/scoring';
import { WHOLE, type ClusterPart, type ClusterView } from '@/lib/teams/cluster-view';
import { lastOfEachDay, partScans } from './part-scores';

export interface TrendPoint {
  scanId: string;
  at: string;
  /** "scan": a scan finished; "exceptions": an exception change re-scored the latest scan. */
  cause: 'scan' | 'exceptions';
  /** Formula that produced the score (docs/SCORING.md): charts mark where it changes. */
  scoringVersion: number;
  /** Scored without some input: drawn apart and not compared. */
  partial: boolean;
  score: number;
  open: Record<Severity, number>;
  opened: number;
  resolved: number;
}

export interface TrendSeries {
  from: string;
  to: string;
  section: SectionId | null;
  points: TrendPoint[];
  /** Mean time to remediate per severity in hours (null: nothing resolved in the window). */
  mttr: Record<Severity, { hours: number | null; resolved: number }>;
}

type StoredPoint = Awaited<ReturnType<typeof wholePoints>>[number];

/** One row per trend point (lib/scans/score-record.ts): what was true at that moment, never rewritten. */
function wholePoints(db: Db, clusterId: string, from: Date, to: Date) {
  return db.scorePoint.findMany({
    where: { clusterId, at: { gte: from, lte: to } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: 2000,
    select: { scanId: true, at: true, cause: true, scoringVersion: true, partial: true, score: true, openCritical: true, openHigh: true, openMedium: true, openLow: true, openInfo: true, sections: true },
  });
}

/** A team's part: a point per successful scan of the window that recorded its namespaces, in the stored points' shape, and the point each scan's changes count on. */
async function partPoints(db: Db, part: ClusterPart, from: Date, to: Date): Promise<{ points: StoredPoint[]; pointOf: Map<string, string> }> {
  const all = await db.scan.findMany({
    where: successfulScans({ clusterId: part.clusterId, finishedAt: { gte: from, lte: to } }),
    orderBy: [{ finishedAt: 'asc' }, { id: 'asc' }],
    take: 2000,
    select: { id: true, finishedAt: true, scoringVersion: true, partial: true },
  });
  const scans = lastOfEachDay(all, 200);
  const day = (d: Date | null) => d?.toISOString().slice(0, 10);
  const keptOn = new Map(scans.map((s) => [day(s.finishedAt), s.id]));
  const pointOf = new Map(all.map((s) => [s.id, scans.length < all.length ? keptOn.get(day(s.finishedAt))! : s.id]));
  const parts = await partScans(db, part, scans.map((s) => s.id));
  const points = scans.flatMap((s): StoredPoint[] => {
    const p = parts.get(s.id);
    if (!p) return [];
    const o = p.scores.overall;
    const sections = Object.fromEntries(Object.entries(p.scores.sections).map(([id, x]) => [id, { score: x.score, grade: x.grade, uncappedScore: x.uncappedScore, open: x.open }]));
    return [{ scanId: s.id, at: s.finishedAt!, cause: 'scan', scoringVersion: s.scoringVersion, partial: s.partial, score: o.score, openCritical: o.open.critical, openHigh: o.open.high, openMedium: o.open.medium, openLow: o.open.low, openInfo: o.open.info, sections }];
  });
  return { points, pointOf };
}

export async function getClusterTrends(db: Db, clusterId: string, window: { from: Date; to: Date }, section?: SectionId, view: ClusterView = WHOLE): Promise<TrendSeries> {
  const { from, to } = window;
  const pointsQuery = view.kind === 'whole' ? wholePoints(db, clusterId, from, to).then((points) => ({ points, pointOf: null })) : partPoints(db, view, from, to);
  const partSql = view.kind === 'part' ? Prisma.sql`AND ${view.sql}` : Prisma.empty;
  const joinFindings = section || view.kind === 'part';
  // New (opened + reopened) and resolved findings per scan of the window.
  const eventsQuery = db.$queryRaw<Array<{ scan_id: string; opened: number; resolved: number }>>`
    SELECT e.scan_id, (count(*) FILTER (WHERE e.type <> 'resolved'))::int AS opened, (count(*) FILTER (WHERE e.type = 'resolved'))::int AS resolved
    FROM finding_events e
    JOIN scans s ON s.id = e.scan_id
    ${joinFindings ? Prisma.sql`JOIN findings f ON f.id = e.finding_id` : Prisma.empty}
    WHERE s.cluster_id = ${clusterId} AND ${successfulScanSql('s')} AND s.finished_at >= ${from} AND s.finished_at <= ${to}
      ${section ? Prisma.sql`AND f.section = ${section}` : Prisma.empty} ${partSql}
    GROUP BY e.scan_id`;
  const [{ points, pointOf }, events, mttrRows] = await Promise.all([
    pointsQuery,
    eventsQuery,
    // Each resolved event in the window, paired with the same finding's event just before it
    // (index finding_events(finding_id, at)): cost grows with the resolutions in the window, not
    // with the cluster's whole event history.
    db.$queryRaw<Array<{ severity: Severity; n: number; avg_seconds: number | null }>>`
      SELECT f.severity::text AS severity, count(*)::int AS n, avg(extract(epoch FROM (e.at - prev.at)))::float8 AS avg_seconds
      FROM finding_events e
      JOIN LATERAL (
        SELECT p.at FROM finding_events p
        WHERE p.finding_id = e.finding_id AND p.at < e.at
        ORDER BY p.at DESC LIMIT 1
      ) prev ON true
      JOIN findings f ON f.id = e.finding_id
      WHERE e.cluster_id = ${clusterId} AND e.type = 'resolved' AND e.at >= ${from} AND e.at <= ${to}
        ${section ? Prisma.sql`AND f.section = ${section}` : Prisma.empty} ${partSql}
      GROUP BY f.severity`,
  ]);
  const ev = new Map<string, { opened: number; resolved: number }>();
  for (const e of events) {
    // A thinned part series counts a day's changes on that day's point.
    const key = pointOf?.get(e.scan_id) ?? e.scan_id;
    const cur = ev.get(key) ?? { opened: 0, resolved: 0 };
    ev.set(key, { opened: cur.opened + e.opened, resolved: cur.resolved + e.resolved });
  }
  const mttr = Object.fromEntries(SEVERITIES.map((s) => [s, { hours: null, resolved: 0 }])) as TrendSeries['mttr'];
  for (const r of mttrRows) mttr[r.severity] = { hours: r.avg_seconds === null ? null : Math.round((r.avg_seconds / 3600) * 10) / 10, resolved: r.n };
  const seen = new Set<string>();
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    section: section ?? null,
    points: points.map((p) => {
      const sec = section ? (p.sections as Record<string, { score: number; open: Record<Severity, number> } | undefined>)[section] : undefined;
      // Opened / resolved belong to the scan, not to an exception change re-scoring it.
      const firstOfScan = p.cause === 'scan' && !seen.has(p.scanId);
      if (firstOfScan) seen.add(p.scanId);
      return {
        scanId: p.scanId,
        at: p.at.toISOString(),
        cause: p.cause === 'exceptions' ? 'exceptions' : 'scan',
        scoringVersion: p.scoringVersion,
        partial: p.partial,
        score: section ? (sec?.score ?? 100) : p.score,
        open: section ? { ...zeroSeverityCounts(), ...(sec?.open ?? {}) } : openOfRow(p),
        opened: firstOfScan ? (ev.get(p.scanId)?.opened ?? 0) : 0,
        resolved: firstOfScan ? (ev.get(p.scanId)?.resolved ?? 0) : 0,
      };
    }),
    mttr,
  };
}
