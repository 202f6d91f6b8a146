/**
 * A seeded scan (tests/dashboard/seed.ts, which the dashboard, report and screenshot tests read)
 * stores what the scan job stores for the same snapshot: both persist through persistEvaluation
 * (lib/scans/persist-evaluation.ts), so every input of persistScan reaches the seeded history too.
 * Compared per table, with what names a cluster (ids, fingerprints) left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { runScan } from '@/lib/scans/run';
import { seedClusterHistory, snapshotAt } from '../dashboard/seed';

let t: TestDatabase;
let seeded: string;
let scanned: string;

beforeAll(async () => {
  t = await createTestDatabase();
  seeded = (await seedClusterHistory(t.db, { name: 'seeded', steps: [0] })).clusterId;
  scanned = (await t.db.cluster.create({ data: { name: 'scanned', authType: 'token', apiServerUrl: 'https://scanned.example' } })).id;
  const scan = await t.db.scan.create({ data: { clusterId: scanned, trigger: 'manual', status: 'queued' } });
  const snapshot = await snapshotAt(0);
  snapshot.source = { type: 'cluster', name: 'scanned' };
  await runScan(t.db, scan.id, { snapshot, progressIntervalMs: 0 });
}, 180_000);
afterAll(() => t?.drop());

/** What a cluster's persisted scan holds, without the ids, fingerprints and names that name the cluster. */
async function stored(db: Db, clusterId: string, name: string) {
  const scan = await db.scan.findFirstOrThrow({
    where: { clusterId, status: 'succeeded' },
    select: { id: true, objectCounts: true, coverageGaps: true, resultsPassed: true, resultsFailed: true, resultsExcepted: true, score: true, uncappedScore: true, grade: true, partial: true, scoringVersion: true },
  });
  const byScan = { where: { scanId: scan.id } };
  // Cluster-wide findings are about the cluster, named after it.
  const sort = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r).replaceAll(`"${name}"`, '"<cluster>"')).sort();
  const { id: _id, ...scanRow } = scan;
  return {
    scan: scanRow,
    findingRows: sort(await db.finding.findMany({ where: { clusterId }, select: { checkId: true, severity: true, status: true, resourceKind: true, resourceNamespace: true, resourceName: true, path: true, detail: true, message: true, evidence: true, patch: true } })),
    withManifest: await db.finding.count({ where: { clusterId, manifestHash: { not: null } } }),
    checks: sort(await db.scanCheckAggregate.findMany({ ...byScan, select: { checkId: true, section: true, severity: true, passed: true, failed: true, excepted: true, applicableWeight: true, failing: true } })),
    sections: sort(await db.scanSectionAggregate.findMany({ ...byScan, select: { section: true, score: true, grade: true, passed: true, failed: true, excepted: true, uncappedScore: true } })),
    workloadRisk: sort(await db.workloadRisk.findMany({ ...byScan, select: { rank: true, score: true, kind: true, namespace: true, name: true, serviceAccount: true } })),
    artifacts: (await db.scanArtifact.findMany({ ...byScan, select: { kind: true } })).map((a) => a.kind).sort(),
    namespaces: sort(await db.clusterNamespace.findMany({ where: { clusterId }, select: { name: true, labels: true } })),
    namespaceScores: sort(await db.namespaceScore.findMany({ where: { clusterId }, select: { namespace: true, score: true, grade: true, passed: true, failed: true, excepted: true, sections: true } })),
  };
}

describe('seeded scan history', () => {
  it('stores what the scan job stores for the same snapshot', async () => {
    const a = await stored(t.db, seeded, 'seeded');
    const b = await stored(t.db, scanned, 'scanned');
    expect(a.findingRows.length).toBeGreaterThan(100);
    expect(a.workloadRisk.length).toBeGreaterThan(0);
    expect(a.namespaceScores.length).toBeGreaterThan(0);
    expect(a.withManifest).toBeGreaterThan(0);
    // The scan job also stores the RBAC graph of the scan (lib/scans/run.ts), which no seeded page reads.
    expect(b.artifacts.filter((k) => !a.artifacts.includes(k))).toEqual(['rbac-snapshot']);
    expect({ ...a, artifacts: null }).toEqual({ ...b, artifacts: null });
  });
});
