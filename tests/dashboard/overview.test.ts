/** Overview additions (lib/dashboard/fleet.ts): section scores, 30-day history, week delta, worse-first order, filters. */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestScanIds } from '@/lib/scans/latest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getFleetOverview } from '@/lib/dashboard/fleet';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let improving: SeededHistory;
let worsening: SeededHistory;

beforeAll(async () => {
  t = await createTestDatabase();
  // "a-improving": 6 scans over 30 days, the story ends better than a week before.
  improving = await seedClusterHistory(t.db, { name: 'a-improving', environment: 'production', labels: { team: 'payments' }, scans: 6, days: 30 });
  // "z-worsening": story steps 1 then 4 (php-admin broken again, debug-tools running) 10 days apart.
  worsening = await seedClusterHistory(t.db, { name: 'z-worsening', environment: 'staging', labels: { team: 'platform' }, steps: [1, 4], days: 10 });
}, 120_000);
afterAll(() => t?.drop());

describe('getFleetOverview', () => {
  it('lists clusters that got worse since last week first, with section scores and history', async () => {
    const { clusters } = await getFleetOverview(t.db);
    const w = clusters.find((c) => c.id === worsening.clusterId)!;
    expect(w.weekDelta).toBe(worsening.scans[1].score - worsening.scans[0].score);
    expect(w.weekDelta).toBeLessThan(0);
    expect(clusters[0].id).toBe(worsening.clusterId); // despite its name sorting last
    const i = clusters.find((c) => c.id === improving.clusterId)!;
    expect(i.history.map((p) => p.score)).toEqual(improving.scans.filter((s) => s.finishedAt.getTime() >= Date.now() - 30 * 86_400_000).map((s) => s.score));
    const aggs = await t.db.scanSectionAggregate.findMany({ where: { scanId: improving.scans[5].id } });
    for (const a of aggs) expect(i.sectionScores?.[a.section as 'workloads']).toEqual({ score: a.score, grade: a.grade });
    expect(i.labels).toEqual({ team: 'payments' });
  });

  it('filters by environment and label', async () => {
    expect((await getFleetOverview(t.db, { environment: 'staging' })).clusters.map((c) => c.id)).toEqual([worsening.clusterId]);
    expect((await getFleetOverview(t.db, { label: 'team=payments' })).clusters.map((c) => c.id)).toEqual([improving.clusterId]);
    expect((await getFleetOverview(t.db, { label: 'team' })).clusters).toHaveLength(2);
    expect((await getFleetOverview(t.db, { label: 'team=nobody' })).totals.clusters).toBe(0);
  });
});

describe('at fleet scale', () => {
  /** A client on the test database that counts the rows the database returns from queries on the scans table. */
  function countingClient(): { db: PrismaClient; scanRows: () => number; close: () => Promise<void> } {
    const pool = new pg.Pool({ connectionString: t.url, max: 4 });
    let rows = 0;
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const result = query(...args);
        const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
        if (result instanceof Promise && /\bscans\b/.test(text)) void result.then((r: { rows?: unknown[] }) => (rows += r.rows?.length ?? 0), () => undefined);
        return result;
      };
    });
    const db = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { db, scanRows: () => rows, close: async () => (await db.$disconnect(), await pool.end()) };
  }

  it('reads one scan per cluster, not the scan history, for the latest scans and the week-old scores', async () => {
    // A year of older daily scans for one cluster (older than the 30-day sparkline window).
    const latest = await t.db.scan.findUniqueOrThrow({ where: { id: improving.scans.at(-1)!.id } });
    const yearAgo = Date.now() - 400 * 86_400_000;
    await t.db.scan.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        clusterId: improving.clusterId,
        trigger: 'schedule' as const,
        status: 'succeeded' as const,
        queuedAt: new Date(yearAgo + i * 86_400_000),
        startedAt: new Date(yearAgo + i * 86_400_000),
        finishedAt: new Date(yearAgo + i * 86_400_000 + 60_000),
        score: latest.score,
        grade: latest.grade,
        scoringVersion: latest.scoringVersion,
      })),
    });
    const before = await getFleetOverview(t.db);
    const counting = countingClient();
    try {
      const overview = await getFleetOverview(counting.db);
      expect(overview).toEqual(before);
      // Two clusters: at most two rows each for the latest scan, the latest score and the week-old score,
      // plus the last 30 days of scores for the sparklines (the seeded ones; the year of history stays unread).
      const recent = await t.db.scan.count({ where: { status: 'succeeded', finishedAt: { gte: new Date(Date.now() - 30 * 86_400_000) } } });
      expect(counting.scanRows()).toBeLessThanOrEqual(3 * 2 + recent);
      expect(await latestScanIds(counting.db)).toEqual((await latestScanIds(t.db)));
    } finally {
      await counting.close();
    }
    const i = before.clusters.find((c) => c.id === improving.clusterId)!;
    expect(i.latestScore?.scanId).toBe(latest.id);
  });
});
