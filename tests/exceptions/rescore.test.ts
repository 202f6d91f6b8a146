/**
 * An exception change re-scores the latest scan with the function scans use, from each result's
 * own severity: the numbers it writes are the numbers the next scan (same cluster, same
 * exceptions) writes. Trend points recorded before the change keep their values.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';
import type { Severity } from '@/lib/checks/types';

let t: TestDatabase;
let db: Db;
let clusterId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  clusterId = (await db.cluster.create({ data: { name: `c-${Math.random().toString(36).slice(2, 8)}`, authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
});

/** hostPath volumes: the check's base severity is high, but a hostPath of the node's root or runtime socket is critical. */
function hostPath(name: string, status: 'pass' | 'fail', severity: Severity): EvaluatedResult {
  return {
    status,
    checkId: 'host-path-volume',
    section: 'workloads',
    severity,
    title: 'hostPath volume',
    guideRef: '5.4',
    remediation: { steps: ['Remove the hostPath volume'] },
    resource: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'ops', name },
    message: `${name} mounts a hostPath`,
    detail: 'vol',
    fingerprint: `hp-${name}`,
  };
}
function rbac(name: string, status: 'pass' | 'fail', severity: Severity): EvaluatedResult {
  return { ...hostPath(name, status, severity), checkId: 'rbac-wildcard', section: 'authorization', resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name }, fingerprint: `rb-${name}` };
}

const results = () => [
  hostPath('agent-1', 'fail', 'critical'),
  hostPath('agent-2', 'fail', 'critical'),
  hostPath('agent-3', 'fail', 'high'),
  hostPath('logs', 'fail', 'medium'),
  hostPath('web', 'pass', 'high'),
  hostPath('api', 'pass', 'high'),
  rbac('ops', 'fail', 'critical'),
  rbac('viewer', 'pass', 'high'),
];

async function scan(finishedAt = new Date()) {
  const exceptions = await db.riskException.findMany({ where: { OR: [{ clusterId }, { clusterId: null }], revokedAt: null } });
  const row = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  await persistScan(db, {
    clusterId, scanId: row.id, startedAt: new Date(finishedAt.getTime() - 1000), finishedAt,
    objectCounts: {}, coverageGaps: [], results: results(), engineErrors: [], exceptions,
  });
  return row.id;
}

async function numbers(scanId: string) {
  const scan = await db.scan.findUniqueOrThrow({ where: { id: scanId }, select: { score: true, grade: true, resultsPassed: true, resultsFailed: true, resultsExcepted: true } });
  const sections = await db.scanSectionAggregate.findMany({
    where: { scanId },
    orderBy: { section: 'asc' },
    select: { section: true, score: true, grade: true, passed: true, failed: true, excepted: true, openCritical: true, openHigh: true, openMedium: true, openLow: true, openInfo: true },
  });
  const checks = await db.scanCheckAggregate.findMany({ where: { scanId }, orderBy: { checkId: 'asc' }, select: { checkId: true, passed: true, failed: true, excepted: true } });
  return { scan, sections, checks };
}

describe('re-scoring after an exception change', () => {
  it('writes what the next scan writes, from each result own severity', async () => {
    const first = await scan(new Date(Date.now() - 60_000));
    const critical = await db.finding.findMany({ where: { clusterId, checkId: 'host-path-volume', severity: 'critical' } });
    expect(critical).toHaveLength(2);
    await acceptRisk(db, { findingIds: critical.map((f) => f.id), reason: 'Node agents need the host root until Q3', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const rescored = await numbers(first);

    const second = await scan();
    const fresh = await numbers(second);
    expect(rescored).toEqual(fresh);
    // Authorization did not change at all.
    const authz = (n: typeof rescored) => n.sections.find((s) => s.section === 'authorization');
    expect(authz(rescored)).toMatchObject({ openCritical: 1, failed: 1 });
    // Workloads now has one open high and one open medium; no open critical.
    expect(rescored.sections.find((s) => s.section === 'workloads')).toMatchObject({ openCritical: 0, openHigh: 1, openMedium: 1, excepted: 2 });
  });

  it('leaves earlier trend points as they were and records the change as a new point', async () => {
    const first = await scan(new Date(Date.now() - 60_000));
    const before = await db.scorePoint.findMany({ where: { clusterId } });
    expect(before).toHaveLength(1);
    const critical = await db.finding.findMany({ where: { clusterId, checkId: 'host-path-volume', severity: 'critical' } });
    await acceptRisk(db, { findingIds: critical.map((f) => f.id), reason: 'Node agents need the host root until Q3', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const points = await db.scorePoint.findMany({ where: { clusterId }, orderBy: { at: 'asc' } });
    expect(points).toHaveLength(2);
    expect(points[0]).toEqual(before[0]);
    expect(points[1]).toMatchObject({ scanId: first, cause: 'exceptions', openCritical: 1, score: (await db.scan.findUniqueOrThrow({ where: { id: first } })).score });
    expect(points[1]!.openCritical).toBeLessThan(points[0]!.openCritical);
  });
  it('counts the findings of an exception that lapsed but was not swept yet as failed when another change re-scores', async () => {
    const first = await scan(new Date(Date.now() - 60_000));
    const critical = await db.finding.findMany({ where: { clusterId, checkId: 'host-path-volume', severity: 'critical' } });
    const lapsed = await acceptRisk(db, { findingIds: critical.map((f) => f.id), reason: 'Node agents need the host root until Q3', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    // It expires now; the sweep (every few minutes) has not run, so the findings still name it.
    await db.riskException.updateMany({ where: { id: { in: lapsed.exceptions.map((e) => e.id) } }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    // Another exception on the same cluster re-scores its latest scan.
    const ops = await db.finding.findFirstOrThrow({ where: { clusterId, checkId: 'rbac-wildcard' } });
    await acceptRisk(db, { findingIds: [ops.id], reason: 'The ops role is reviewed every quarter', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const rescored = await numbers(first);
    expect(rescored.sections.find((s) => s.section === 'workloads')).toMatchObject({ openCritical: 2, excepted: 0 });
    // What the next scan writes with the exceptions as they stand.
    expect(rescored).toEqual(await numbers(await scan()));
  });
});
