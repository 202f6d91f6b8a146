/** Scorecards, the section page query and the check catalog, on real PostgreSQL with seeded history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, getCheck } from '@/lib/checks';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getCheckCatalog } from '@/lib/dashboard/check-catalog';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getSectionDetail } from '@/lib/dashboard/section';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let a: SeededHistory;
let b: SeededHistory;
const title = (id: string) => getCheck(id)?.title;

beforeAll(async () => {
  t = await createTestDatabase();
  a = await seedClusterHistory(t.db, { name: 'a', scans: 6, days: 30 });
  b = await seedClusterHistory(t.db, { name: 'b', scans: 1 });
}, 120_000);
afterAll(() => t?.drop());

describe('getClusterScorecards', () => {
  it('reads the latest scan and the change since the previous one', async () => {
    const s = (await getClusterScorecards(t.db, a.clusterId, title))!;
    expect(s.scan?.id).toBe(a.scans[5].id);
    expect(s.previous?.id).toBe(a.scans[4].id);
    expect(s.scan?.score).toBe(a.scans[5].score);
    expect(s.sections.map((x) => x.section)).toEqual(['cluster', 'authentication', 'authorization', 'images', 'workloads', 'secrets']);
    const aggs = await t.db.scanSectionAggregate.findMany({ where: { scanId: { in: [a.scans[4].id, a.scans[5].id] } } });
    for (const card of s.sections) {
      const now = aggs.find((x) => x.scanId === a.scans[5].id && x.section === card.section)!;
      const before = aggs.find((x) => x.scanId === a.scans[4].id && x.section === card.section)!;
      expect(card).toMatchObject({ score: now.score, grade: now.grade, passed: now.passed, failed: now.failed, delta: now.score - before.score });
      expect(card.worst.length).toBeLessThanOrEqual(3);
    }
    // Scan 5 hardened metabase and removed debug-tools: workloads got better.
    expect(s.sections.find((x) => x.section === 'workloads')!.delta).toBeGreaterThanOrEqual(0);
  });

  it('has no previous scan for a single scan, and null for an unknown cluster', async () => {
    const s = (await getClusterScorecards(t.db, b.clusterId, title))!;
    expect(s.previous).toBeNull();
    expect(s.sections.every((x) => x.delta === null)).toBe(true);
    expect(await getClusterScorecards(t.db, 'missing', title)).toBeNull();
  });
});

describe('getSectionDetail', () => {
  it('lists every check of the section with counts from the latest scan', async () => {
    const d = (await getSectionDetail(t.db, a.clusterId, 'workloads'))!;
    expect(d.checks.map((c) => c.checkId).sort()).toEqual(CHECKS.filter((c) => c.section === 'workloads').map((c) => c.id).sort());
    const aggs = await t.db.scanCheckAggregate.findMany({ where: { scanId: a.scans[5].id, section: 'workloads' } });
    for (const agg of aggs) expect(d.checks.find((c) => c.checkId === agg.checkId)).toMatchObject({ passed: agg.passed, failed: agg.failed });
    expect(d.findingsTotal).toBe(await t.db.finding.count({ where: { clusterId: a.clusterId, section: 'workloads', status: 'open' } }));
    expect(d.checks.reduce((n, c) => n + c.openFindings, 0)).toBe(d.findingsTotal);
  });
});

describe('getCheckCatalog', () => {
  it('sums the latest scan of every cluster', async () => {
    const { checks, clustersScanned } = await getCheckCatalog(t.db);
    expect(clustersScanned).toBe(2);
    expect(checks).toHaveLength(CHECKS.length);
    const latest = await t.db.scanCheckAggregate.findMany({ where: { scanId: { in: [a.scans[5].id, b.scans[0].id] } } });
    const priv = checks.find((c) => c.id === 'host-path-volume')!;
    const rows = latest.filter((r) => r.checkId === 'host-path-volume');
    expect(priv.fleet).toMatchObject({ passed: rows.reduce((n, r) => n + r.passed, 0), failed: rows.reduce((n, r) => n + r.failed, 0), clustersFailing: rows.filter((r) => r.failed > 0).length });
  });
});
