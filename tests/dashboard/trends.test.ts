/** Trend series (lib/dashboard/trends.ts) on real PostgreSQL with seeded history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { trendQuerySchema, trendWindow } from '@/lib/dashboard/trends-range';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let h: SeededHistory;
const now = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  h = await seedClusterHistory(t.db, { name: 'prod', scans: 6, days: 30, now });
}, 120_000);
afterAll(() => t?.drop());

describe('getClusterTrends', () => {
  it('has one point per scan in the window with score, open by severity and new vs resolved', async () => {
    const series = await getClusterTrends(t.db, h.clusterId, trendWindow(trendQuerySchema.parse({ range: '90d' }), now));
    expect(series.points.map((p) => p.scanId)).toEqual(h.scans.map((s) => s.id));
    expect(series.points.map((p) => p.score)).toEqual(h.scans.map((s) => s.score));
    const first = series.points[0];
    const openTotal = Object.values(first.open).reduce((a, b) => a + b, 0);
    const scan0 = await t.db.scan.findUniqueOrThrow({ where: { id: h.scans[0].id } });
    expect(openTotal).toBe(scan0.resultsFailed);
    expect(first.opened).toBe(await t.db.finding.count({ where: { firstSeenScanId: h.scans[0].id } }));
    // Story: scan 1 and 2 fix workloads, scan 3 adds debug-tools, scan 4 reopens php-admin, scan 5 resolves.
    expect(series.points[1].resolved).toBeGreaterThan(0);
    expect(series.points[3].opened).toBeGreaterThan(0);
    expect(series.points[4].opened).toBe(await t.db.findingEvent.count({ where: { scanId: h.scans[4].id, type: 'reopened' } }));
    expect(series.points[5].resolved).toBe(await t.db.findingEvent.count({ where: { scanId: h.scans[5].id, type: 'resolved' } }));
  });

  it('windows by range', async () => {
    const week = await getClusterTrends(t.db, h.clusterId, trendWindow(trendQuerySchema.parse({ range: '7d' }), now));
    // Scans are 6 days apart: the last week holds the last two.
    expect(week.points.map((p) => p.scanId)).toEqual([h.scans[4].id, h.scans[5].id]);
    const custom = trendQuerySchema.parse({ range: 'custom', from: h.scans[1].finishedAt.toISOString(), to: h.scans[3].finishedAt.toISOString() });
    const mid = await getClusterTrends(t.db, h.clusterId, trendWindow(custom, now));
    expect(mid.points.map((p) => p.scanId)).toEqual([h.scans[1].id, h.scans[2].id, h.scans[3].id]);
    expect(() => trendQuerySchema.parse({ range: 'custom' })).toThrow(/custom range/);
  });

  it('restricts to one section', async () => {
    const series = await getClusterTrends(t.db, h.clusterId, trendWindow(trendQuerySchema.parse({ range: '90d' }), now), 'workloads');
    const aggs = await t.db.scanSectionAggregate.findMany({ where: { clusterId: h.clusterId, section: 'workloads' }, orderBy: { scannedAt: 'asc' } });
    expect(series.points.map((p) => p.score)).toEqual(aggs.map((a) => a.score));
    expect(series.points.map((p) => p.open.high)).toEqual(aggs.map((a) => a.openHigh));
    const opened = await t.db.findingEvent.count({ where: { scanId: h.scans[3].id, type: { in: ['opened', 'reopened'] }, finding: { section: 'workloads' } } });
    expect(series.points[3].opened).toBe(opened);
  });

  it('computes mean time to remediate from opening (or reopening) to resolution', async () => {
    const series = await getClusterTrends(t.db, h.clusterId, trendWindow(trendQuerySchema.parse({ range: '90d' }), now));
    // Expected, from the events themselves.
    const events = await t.db.findingEvent.findMany({ where: { clusterId: h.clusterId }, orderBy: { at: 'asc' }, include: { finding: { select: { severity: true } } } });
    const last = new Map<string, Date>();
    const sums = new Map<string, { total: number; n: number }>();
    for (const e of events) {
      if (e.type === 'resolved') {
        const prev = last.get(e.findingId)!;
        const s = sums.get(e.finding.severity) ?? { total: 0, n: 0 };
        s.total += e.at.getTime() - prev.getTime();
        s.n++;
        sums.set(e.finding.severity, s);
      }
      last.set(e.findingId, e.at);
    }
    expect(sums.size).toBeGreaterThan(0);
    for (const [severity, { total, n }] of sums) {
      const got = series.mttr[severity as keyof typeof series.mttr];
      expect(got.resolved).toBe(n);
      expect(got.hours).toBeCloseTo(total / n / 3_600_000, 0);
    }
    // debug-tools lived from scan 3 to scan 5: 12 days.
    const debugResolved = events.filter((e) => e.type === 'resolved' && e.scanId === h.scans[5].id);
    expect(debugResolved.length).toBeGreaterThan(0);
  });
});
