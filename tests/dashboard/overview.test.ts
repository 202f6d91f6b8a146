/** Overview additions (lib/overview/fleet.ts): section scores, 30-day history, week delta, worse-first order, filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getFleetOverview } from '@/lib/overview/fleet';
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
