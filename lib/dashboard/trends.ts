/**
 * Trends of one cluster (optionally one guide section) over a time window, from the per-scan
 * aggregates and the finding events — never from the findings table row by row:
 * - score per successful scan (Scan.score overall, ScanSectionAggregate.score for a section);
 * - open (failing, not excepted) results by severity per scan (ScanSectionAggregate.open*);
 * - new (opened + reopened) vs resolved findings per scan (FindingEvent);
 * - mean time to remediate by severity: for every "resolved" event in the window, the time since
 *   the same finding's previous event (its opening or reopening), averaged per severity.
 */
import 'server-only';
import type { SectionId, Severity } from '@/lib/checks/types';
import { Prisma, type Db } from '@/lib/db';

export interface TrendPoint {
  scanId: string;
  at: string;
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

export async function getClusterTrends(db: Db, clusterId: string, window: { from: Date; to: Date }, section?: SectionId): Promise<TrendSeries> {
  const { from, to } = window;
  // One row per successful scan with its (section's or summed) open counts: the join runs in the
  // database, and 365 scans come back as 365 rows, not one per section.
  const sectionJoin = section ? Prisma.sql`AND a.section = ${section}` : Prisma.empty;
  const pointsQuery = db.$queryRaw<
    Array<{ id: string; finished_at: Date; scan_score: number | null; section_score: number | null; critical: number; high: number; medium: number; low: number; info: number }>
  >`
    SELECT s.id, s.finished_at, s.score AS scan_score, max(a.score)::int AS section_score,
           coalesce(sum(a.open_critical), 0)::int AS critical, coalesce(sum(a.open_high), 0)::int AS high,
           coalesce(sum(a.open_medium), 0)::int AS medium, coalesce(sum(a.open_low), 0)::int AS low,
           coalesce(sum(a.open_info), 0)::int AS info
    FROM scans s
    LEFT JOIN scan_section_aggregates a ON a.scan_id = s.id ${sectionJoin}
    WHERE s.cluster_id = ${clusterId} AND s.status = 'succeeded' AND s.finished_at >= ${from} AND s.finished_at <= ${to}
    GROUP BY s.id, s.finished_at, s.score
    ORDER BY s.finished_at ASC
    LIMIT 2000`;
  // New (opened + reopened) and resolved findings per scan of the window.
  const eventsQuery = db.$queryRaw<Array<{ scan_id: string; opened: number; resolved: number }>>`
    SELECT e.scan_id, (count(*) FILTER (WHERE e.type <> 'resolved'))::int AS opened, (count(*) FILTER (WHERE e.type = 'resolved'))::int AS resolved
    FROM finding_events e
    JOIN scans s ON s.id = e.scan_id
    ${section ? Prisma.sql`JOIN findings f ON f.id = e.finding_id AND f.section = ${section}` : Prisma.empty}
    WHERE s.cluster_id = ${clusterId} AND s.status = 'succeeded' AND s.finished_at >= ${from} AND s.finished_at <= ${to}
    GROUP BY e.scan_id`;
  const [points, events, mttrRows] = await Promise.all([
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
        ${section ? Prisma.sql`AND f.section = ${section}` : Prisma.empty}
      GROUP BY f.severity`,
  ]);
  const ev = new Map(events.map((e) => [e.scan_id, e]));
  const mttr = Object.fromEntries((['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => [s, { hours: null, resolved: 0 }])) as TrendSeries['mttr'];
  for (const r of mttrRows) mttr[r.severity] = { hours: r.avg_seconds === null ? null : Math.round((r.avg_seconds / 3600) * 10) / 10, resolved: r.n };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    section: section ?? null,
    points: points.map((p) => ({
      scanId: p.id,
      at: p.finished_at.toISOString(),
      score: section ? (p.section_score ?? 100) : (p.scan_score ?? 0),
      open: { critical: p.critical, high: p.high, medium: p.medium, low: p.low, info: p.info },
      opened: ev.get(p.id)?.opened ?? 0,
      resolved: ev.get(p.id)?.resolved ?? 0,
    })),
    mttr,
  };
}
