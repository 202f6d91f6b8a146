/** scan.grade_dropped compares like with like: same scoring version, neither scan partial (real PostgreSQL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { computeScanEvents } from '@/lib/notifications/scan-events';

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(() => t?.drop());

async function pair(previous: { grade: string; scoringVersion: number; partial?: boolean }, current: { grade: string; scoringVersion: number; partial?: boolean }) {
  const cluster = await db.cluster.create({ data: { name: `c-${Math.random().toString(36).slice(2, 8)}`, authType: 'token', apiServerUrl: 'https://k8s.example' } });
  const at = Date.now() - 3_600_000;
  await db.scan.create({ data: { clusterId: cluster.id, trigger: 'schedule', status: 'succeeded', finishedAt: new Date(at), score: 95, ...previous, partial: previous.partial ?? false } });
  const cur = await db.scan.create({ data: { clusterId: cluster.id, trigger: 'schedule', status: 'succeeded', finishedAt: new Date(at + 60_000), score: 65, ...current, partial: current.partial ?? false } });
  return (await computeScanEvents(db, cur.id)).map((e) => e.event);
}

describe('scan.grade_dropped', () => {
  it('fires when the grade drops under the same formula', async () => {
    expect(await pair({ grade: 'A', scoringVersion: 2 }, { grade: 'D', scoringVersion: 2 })).toContain('scan.grade_dropped');
  });
  it('does not fire across a scoring change or for a partial scan', async () => {
    expect(await pair({ grade: 'A', scoringVersion: 1 }, { grade: 'D', scoringVersion: 2 })).not.toContain('scan.grade_dropped');
    expect(await pair({ grade: 'A', scoringVersion: 2 }, { grade: 'D', scoringVersion: 2, partial: true })).not.toContain('scan.grade_dropped');
  });
});
