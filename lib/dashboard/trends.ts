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

const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

export async function getClusterTrends(db: Db, clusterId: string, window: { from: Date; to: Date }, section?: SectionId): Promise<TrendSeries> {
  const { from, to } = window;
  const scans = await db.scan.findMany({
    where: { clusterId, status: 'succeeded', finishedAt: { gte: from, lte: to } },
    orderBy: { finishedAt: 'asc' },
    take: 2000,
    select: { id: true, finishedAt: true, score: true },
  });
  const scanIds = scans.map((s) => s.id);
  const [aggregates, events, mttrRows] = await Promise.all([
    db.scanSectionAggregate.findMany({
      where: { scanId: { in: scanIds }, ...(section ? { section } : {}) },
      select: { scanId: true, score: true, openCritical: true, openHigh: true, openMedium: true, openLow: true, openInfo: true },
    }),
    db.findingEvent.groupBy({
      by: ['scanId', 'type'],
      where: { scanId: { in: scanIds }, ...(section ? { finding: { section } } : {}) },
      _count: { _all: true },
    }),
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
  const byScan = new Map<string, { score: number; open: Record<Severity, number> }>();
  for (const a of aggregates) {
    let p = byScan.get(a.scanId);
    if (!p) byScan.set(a.scanId, (p = { score: a.score, open: zero() }));
    p.open.critical += a.openCritical;
    p.open.high += a.openHigh;
    p.open.medium += a.openMedium;
    p.open.low += a.openLow;
    p.open.info += a.openInfo;
  }
  const ev = new Map<string, { opened: number; resolved: number }>();
  for (const e of events) {
    let x = ev.get(e.scanId);
    if (!x) ev.set(e.scanId, (x = { opened: 0, resolved: 0 }));
    if (e.type === 'resolved') x.resolved += e._count._all;
    else x.opened += e._count._all;
  }
  const mttr = Object.fromEntries((['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => [s, { hours: null, resolved: 0 }])) as TrendSeries['mttr'];
  for (const r of mttrRows) mttr[r.severity] = { hours: r.avg_seconds === null ? null : Math.round((r.avg_seconds / 3600) * 10) / 10, resolved: r.n };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    section: section ?? null,
    points: scans.map((s) => ({
      scanId: s.id,
      at: s.finishedAt!.toISOString(),
      score: section ? (byScan.get(s.id)?.score ?? 100) : (s.score ?? 0),
      open: byScan.get(s.id)?.open ?? zero(),
      opened: ev.get(s.id)?.opened ?? 0,
      resolved: ev.get(s.id)?.resolved ?? 0,
    })),
    mttr,
  };
}
