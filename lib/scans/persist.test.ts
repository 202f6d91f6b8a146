import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { createTestDatabase, type TestDatabase } from '../db/test-utils';
import type { EvaluatedResult } from '../evaluation/evaluate';
import type { ExceptionRule } from '../exceptions/match';
import { persistScan, type PersistScanInput } from './persist';

let testDb: TestDatabase;
let db: Db;
let clusterId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(async () => testDb?.drop());

beforeEach(async () => {
  const cluster = await db.cluster.create({ data: { name: `c-${Math.random().toString(36).slice(2, 8)}`, authType: 'token', apiServerUrl: 'https://k8s.example' } });
  clusterId = cluster.id;
});

function result(name: string, status: 'pass' | 'fail', extra: Partial<EvaluatedResult> = {}): EvaluatedResult {
  return {
    status,
    checkId: 'privileged-container',
    section: 'workloads',
    severity: 'high',
    title: 'Privileged container',
    guideRef: '5.5',
    remediation: { steps: ['Set privileged: false'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${name} runs a privileged container`,
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    detail: 'app',
    fingerprint: `fp-${name}`,
    ...extra,
  };
}

async function scan(results: EvaluatedResult[], extra: Partial<PersistScanInput> = {}) {
  const row = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  const summary = await persistScan(db, {
    clusterId,
    scanId: row.id,
    startedAt: new Date(Date.now() - 1000),
    finishedAt: new Date(),
    objectCounts: { deployments: results.length },
    coverageGaps: [],
    results,
    engineErrors: [],
    exceptions: [],
    manifestOf: (r) => ({ kind: r.resource.kind, metadata: { name: r.resource.name } }),
    ...extra,
  });
  return { scanId: row.id, summary };
}

const openCount = () => db.finding.count({ where: { clusterId, status: 'open' } });

describe('persistScan', () => {
  it('opens, keeps, resolves and reopens findings across scans', async () => {
    const first = await scan([result('a', 'fail'), result('b', 'fail'), result('c', 'pass')]);
    expect(first.summary.findingsNew).toBe(2);
    expect(await openCount()).toBe(2);

    // Same results: nothing written for findings, both stay open.
    const second = await scan([result('a', 'fail'), result('b', 'fail'), result('c', 'pass')]);
    expect(second.summary).toMatchObject({ findingsNew: 0, findingsResolved: 0, findingsReopened: 0, findingsUpdated: 0 });
    expect(await db.findingEvent.count({ where: { scanId: second.scanId } })).toBe(0);

    // b fixed → resolved.
    const third = await scan([result('a', 'fail'), result('b', 'pass'), result('c', 'pass')]);
    expect(third.summary.findingsResolved).toBe(1);
    const b = await db.finding.findFirstOrThrow({ where: { clusterId, fingerprint: 'fp-b' } });
    expect(b.status).toBe('resolved');
    expect(b.resolvedScanId).toBe(third.scanId);

    // b breaks again → reopened, same row.
    const fourth = await scan([result('a', 'fail'), result('b', 'fail'), result('c', 'pass')]);
    expect(fourth.summary.findingsReopened).toBe(1);
    const b2 = await db.finding.findFirstOrThrow({ where: { clusterId, fingerprint: 'fp-b' } });
    expect(b2.id).toBe(b.id);
    expect(b2).toMatchObject({ status: 'open', reopenCount: 1, resolvedScanId: null });
    const events = await db.findingEvent.findMany({ where: { findingId: b.id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['opened', 'resolved', 'reopened']);
  });

  it('writes scores, aggregates and manifests once per content', async () => {
    const { scanId } = await scan([result('a', 'fail'), result('c', 'pass'), result('d', 'pass', { severity: 'low', checkId: 'image-tag-latest', section: 'images' })]);
    const row = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
    // workloads: privileged-container fails half its weight → 50; images: 100; overall (7 × 0.5 + 1 × 0) ÷ (7 + 1) failed → 56.
    expect(row).toMatchObject({ status: 'succeeded', score: 56, grade: 'F', resultsFailed: 1, resultsPassed: 2, scoringVersion: 2, partial: false });
    const sections = await db.scanSectionAggregate.findMany({ where: { scanId } });
    expect(sections).toHaveLength(6);
    expect(sections.find((s) => s.section === 'workloads')).toMatchObject({ score: 50, failed: 1, passed: 1, openHigh: 1 });
    const checks = await db.scanCheckAggregate.findMany({ where: { scanId }, orderBy: { checkId: 'asc' } });
    expect(checks.map((c) => [c.checkId, c.passed, c.failed])).toEqual([['image-tag-latest', 1, 0], ['privileged-container', 1, 1]]);
    await scan([result('a', 'fail')]);
    expect(await db.resourceDocument.count({ where: { clusterId } })).toBe(1);
  });

  it('counts excepted results as passed and keeps their findings visible', async () => {
    await scan([result('a', 'fail'), result('b', 'fail')]);
    const exception: ExceptionRule = {
      id: 'e1', clusterId, scope: 'check', findingId: null, checkId: 'privileged-container',
      namespacePattern: 'shop', labelSelector: null, resourceNamePattern: 'a', expiresAt: null, revokedAt: null, state: 'approved',
    };
    const { scanId } = await scan([result('a', 'fail'), result('b', 'fail')], { exceptions: [exception] });
    const row = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(row).toMatchObject({ resultsFailed: 1, resultsExcepted: 1, score: 50 });
    expect(await openCount()).toBe(2);
  });

  it('does not resolve findings it could not see when coverage is incomplete', async () => {
    await scan([result('a', 'fail'), result('b', 'fail')]);
    const gap = { resource: 'deployments', reason: 'forbidden' as const, message: 'cannot list deployments' };
    const { scanId, summary } = await scan([result('b', 'pass')], { coverageGaps: [gap] });
    expect(summary.findingsResolved).toBe(1); // b had an explicit pass; a was not seen at all
    // Scored without Deployments: marked partial, on the scan and on its trend point.
    expect(await db.scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ partial: true });
    expect(await db.scorePoint.findFirstOrThrow({ where: { scanId } })).toMatchObject({ partial: true, cause: 'scan' });
    expect((await db.finding.findFirstOrThrow({ where: { clusterId, fingerprint: 'fp-a' } })).status).toBe('open');
  });

  it('leaves earlier data intact when a scan fails to persist', async () => {
    await scan([result('a', 'fail')]);
    const before = await db.finding.findMany({ where: { clusterId } });
    const row = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
    // A result whose severity the database rejects makes the transaction fail part-way.
    const bad = result('z', 'fail', { severity: 'catastrophic' as never });
    await expect(
      persistScan(db, {
        clusterId, scanId: row.id, startedAt: new Date(), finishedAt: new Date(), objectCounts: {}, coverageGaps: [],
        results: [result('b', 'fail'), bad], engineErrors: [], exceptions: [],
      }),
    ).rejects.toThrow();
    expect(await db.finding.findMany({ where: { clusterId } })).toEqual(before);
    expect(await db.scanSectionAggregate.count({ where: { scanId: row.id } })).toBe(0);
  });
});
