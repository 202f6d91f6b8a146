/**
 * Accepted-risk exceptions on real PostgreSQL: persist sets Finding.exceptionId; approving,
 * revoking and expiring an exception applies at once (findings + the latest scan's scores); a
 * request alone changes nothing; every change is audited; validation rejects what a reviewer would.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import type { SessionUser } from '@/lib/auth/types';
import {
  checkExceptionInputSchema,
  createExceptionInputSchema,
  createExceptions,
  listExceptions,
  listExceptionsQuerySchema,
  revokeException,
  sweepExpiredExceptions,
  ExceptionError,
} from '@/lib/exceptions';
import { acceptRisk, testReviewers } from '@/lib/exceptions/test-utils';
import { approveExceptions } from '@/lib/exceptions';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

let t: TestDatabase;
let db: Db;
let clusterId: string;
let actor: SessionUser;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const u = await db.user.create({ data: { name: 'Ana Lyst', email: 'analyst@example.com', role: 'analyst' } });
  actor = { id: u.id, email: u.email, name: u.name, role: 'analyst' };
});
afterAll(async () => t?.drop());

beforeEach(async () => {
  const cluster = await db.cluster.create({ data: { name: `c-${Math.random().toString(36).slice(2, 8)}`, authType: 'token', apiServerUrl: 'https://k8s.example' } });
  clusterId = cluster.id;
});

function result(ns: string, name: string, status: 'pass' | 'fail', labels: Record<string, string> = {}, checkId = 'privileged-container'): EvaluatedResult & { labels: Record<string, string> } {
  return {
    status,
    checkId,
    section: 'workloads',
    severity: 'high',
    title: 'Privileged container',
    guideRef: '5.5',
    remediation: { steps: ['Set privileged: false'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name },
    message: `${name} runs a privileged container`,
    path: 'spec.template.spec.containers[0].securityContext.privileged',
    detail: 'app',
    fingerprint: `${checkId}-${ns}-${name}`,
    labels,
  };
}

const standard = () => [
  result('kube-system', 'kube-proxy', 'fail', { app: 'proxy' }),
  result('shop', 'legacy-api', 'fail', { app: 'legacy', tier: 'api' }),
  result('shop', 'web', 'fail', { app: 'web', tier: 'web' }),
  result('shop', 'cart', 'pass'),
];

async function scan(results = standard()) {
  const exceptions = await db.riskException.findMany({ where: { OR: [{ clusterId }, { clusterId: null }], revokedAt: null } });
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
    exceptions,
    labelsOf: (r) => (r as ReturnType<typeof result>).labels,
    manifestOf: (r) => ({ kind: r.resource.kind, metadata: { name: r.resource.name, namespace: r.resource.namespace, labels: (r as ReturnType<typeof result>).labels } }),
  });
  return { scanId: row.id, summary };
}

const finding = (ns: string, name: string) => db.finding.findFirstOrThrow({ where: { clusterId, resourceNamespace: ns, resourceName: name } });
const latestScan = () => db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
const workloadsAgg = async () => db.scanSectionAggregate.findFirstOrThrow({ where: { scanId: (await latestScan()).id, section: 'workloads' } });
const inDays = (n: number) => new Date(Date.now() + n * DAY);

describe('exceptions', () => {
  it('finding scope: a bulk request changes nothing; approval marks findings excepted at once, re-scores the latest scan, and audits', async () => {
    await scan();
    const before = await latestScan();
    expect(before).toMatchObject({ score: 25, resultsFailed: 3, resultsExcepted: 0 });
    const web = await finding('shop', 'web');
    const legacy = await finding('shop', 'legacy-api');

    const requested = await createExceptions(db, { findingIds: [web.id, legacy.id], reason: 'Tracked in JIRA SEC-42', expiresAt: inDays(30) }, { actor, ip: '10.0.0.1' });
    expect(requested.exceptions).toHaveLength(2);
    expect(requested.exceptions[0]).toMatchObject({ scope: 'finding', status: 'requested', createdBy: { email: 'analyst@example.com' }, decidedBy: null, coveredFindings: 0 });
    expect(requested).toMatchObject({ findingsChanged: 0, rescoredClusters: [] });
    expect((await finding('shop', 'web')).exceptionId).toBeNull();
    expect(await latestScan()).toMatchObject({ id: before.id, score: 25, resultsExcepted: 0 });

    const { approver } = await testReviewers(db);
    const res = await approveExceptions(db, requested.exceptions.map((e) => e.id), 'Reviewed with the owner', { actor: approver, ip: '10.0.0.2' });
    expect(res.exceptions[0]).toMatchObject({ status: 'active', decidedBy: { id: approver.id }, decisionNote: 'Reviewed with the owner', coveredFindings: 1 });
    expect(res.findingsChanged).toBe(2);
    expect(res.rescoredClusters).toEqual([clusterId]);
    expect((await finding('shop', 'web')).exceptionId).toBe(res.exceptions.find((e) => e.finding?.id === web.id)!.id);
    expect((await finding('kube-system', 'kube-proxy')).exceptionId).toBeNull();

    // 4 high results: 1 fails now, 2 excepted, 1 passes → 75.
    expect(await latestScan()).toMatchObject({ id: before.id, score: 75, grade: 'C', resultsFailed: 1, resultsExcepted: 2, resultsPassed: 1 });
    expect(await workloadsAgg()).toMatchObject({ score: 75, failed: 1, excepted: 2, openHigh: 1 });
    const checkAgg = await db.scanCheckAggregate.findFirstOrThrow({ where: { scanId: before.id, checkId: 'privileged-container' } });
    expect(checkAgg).toMatchObject({ failed: 1, excepted: 2, passed: 1 });

    const audits = await db.auditEvent.findMany({ where: { action: 'exception.created' } });
    expect(audits.filter((a) => res.exceptions.some((e) => e.id === a.targetId))).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actorId: actor.id, ip: '10.0.0.1' });
    const approvals = await db.auditEvent.findMany({ where: { action: 'exception.approved', targetId: { in: res.exceptions.map((e) => e.id) } } });
    expect(approvals).toHaveLength(2);
    expect(approvals[0]).toMatchObject({ actorId: approver.id, ip: '10.0.0.2', details: expect.objectContaining({ requestedById: actor.id, selfApproved: false }) });

    // Accepting the same finding again is skipped, not duplicated.
    const again = await createExceptions(db, { findingIds: [web.id], reason: 'Tracked in JIRA SEC-42', expiresAt: inDays(30) }, { actor });
    expect(again).toMatchObject({ exceptions: [], skippedFindingIds: [web.id] });

    // The next scan keeps them excepted (persist sets exceptionId itself).
    const next = await scan();
    expect(next.summary.scores.overall).toMatchObject({ failed: 1, excepted: 2 });
    expect((await finding('shop', 'legacy-api')).exceptionId).not.toBeNull();
  });

  it('check scope with namespace glob and label selector; revoke returns findings to open at once', async () => {
    await scan();
    const res = await acceptRisk(db, { checkId: 'privileged-container', clusterId, namespacePattern: 'sh*', labelSelector: 'app in (legacy,web),tier!=web', reason: 'Legacy API runs privileged until Q3 rewrite', expiresAt: inDays(90) });
    const [exc] = res.exceptions;
    expect(exc).toMatchObject({ scope: 'check', checkId: 'privileged-container', checkTitle: expect.any(String), cluster: { id: clusterId }, coveredFindings: 1 });
    expect((await finding('shop', 'legacy-api')).exceptionId).toBe(exc!.id);
    expect((await finding('shop', 'web')).exceptionId).toBeNull(); // tier=web is excluded
    expect((await finding('kube-system', 'kube-proxy')).exceptionId).toBeNull(); // namespace does not match
    expect(await latestScan()).toMatchObject({ resultsFailed: 2, resultsExcepted: 1, score: 50 });

    // A new scan applies it to a new matching finding too.
    await scan([...standard(), result('shop', 'legacy-worker', 'fail', { app: 'legacy', tier: 'worker' })]);
    expect((await finding('shop', 'legacy-worker')).exceptionId).toBe(exc!.id);

    const revoked = await revokeException(db, exc!.id, { actor });
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: { id: actor.id }, findingsChanged: 2, coveredFindings: 0 });
    expect((await finding('shop', 'legacy-api')).exceptionId).toBeNull();
    expect(await latestScan()).toMatchObject({ resultsFailed: 4, resultsExcepted: 0, score: 20 });
    await expect(revokeException(db, exc!.id, { actor })).rejects.toMatchObject({ status: 409 });
    await expect(revokeException(db, 'nope', { actor })).rejects.toBeInstanceOf(ExceptionError);
    expect(await db.auditEvent.count({ where: { action: 'exception.revoked', targetId: exc!.id } })).toBe(1);

    // Listing by status.
    const revokedList = await listExceptions(db, listExceptionsQuerySchema.parse({ status: 'revoked', clusterId }));
    expect(revokedList.exceptions.map((e) => e.id)).toEqual([exc!.id]);
    expect((await listExceptions(db, listExceptionsQuerySchema.parse({ clusterId }))).exceptions).toEqual([]);
  });

  it('an all-clusters exception applies to every cluster; a covering exception survives revoking another', async () => {
    await scan();
    const global = await acceptRisk(db, { checkId: 'privileged-container', resourceNamePattern: 'kube-*', reason: 'System components need privilege', expiresAt: inDays(10) });
    const kp = await finding('kube-system', 'kube-proxy');
    expect(kp.exceptionId).toBe(global.exceptions[0]!.id);
    const own = await acceptRisk(db, { findingIds: [kp.id], reason: 'Also accepted individually', expiresAt: inDays(10) });
    expect((await finding('kube-system', 'kube-proxy')).exceptionId).toBe(global.exceptions[0]!.id); // first active one wins
    await revokeException(db, global.exceptions[0]!.id, { actor });
    expect((await finding('kube-system', 'kube-proxy')).exceptionId).toBe(own.exceptions[0]!.id);
    await revokeException(db, own.exceptions[0]!.id, { actor });
  });

  it('expiry: the sweep returns findings to open, re-scores and audits exception.expired once; persist ignores expired ones', async () => {
    await scan();
    const web = await finding('shop', 'web');
    const created = new Date(Date.now() - 2 * DAY);
    const res = await acceptRisk(db, { findingIds: [web.id], reason: 'Short-lived acceptance', expiresAt: new Date(Date.now() - DAY) }, created);
    const id = res.exceptions[0]!.id;
    expect((await finding('shop', 'web')).exceptionId).toBe(id); // active at `created`
    expect((await listExceptions(db, listExceptionsQuerySchema.parse({ status: 'expired', clusterId }))).exceptions.map((e) => e.id)).toEqual([id]);

    const sweep = await sweepExpiredExceptions(db);
    expect(sweep.expired).toContain(id);
    expect(sweep.findingsChanged).toBeGreaterThanOrEqual(1);
    expect((await finding('shop', 'web')).exceptionId).toBeNull();
    expect(await latestScan()).toMatchObject({ resultsExcepted: 0, resultsFailed: 3 });
    expect(await db.auditEvent.count({ where: { action: 'exception.expired', targetId: id } })).toBe(1);
    expect((await sweepExpiredExceptions(db)).expired).not.toContain(id);
    expect(await db.auditEvent.count({ where: { action: 'exception.expired', targetId: id } })).toBe(1);

    const next = await scan();
    expect(next.summary.scores.overall.excepted).toBe(0);
    expect((await finding('shop', 'web')).exceptionId).toBeNull();
  });

  it('validation: reason, expiry within a year, globs, label selectors, known check and finding', async () => {
    const ok = { checkId: 'privileged-container', reason: 'Accepted by the platform team', expiresAt: inDays(30).toISOString() };
    expect(checkExceptionInputSchema.safeParse(ok).success).toBe(true);
    expect(createExceptionInputSchema.safeParse({ ...ok, reason: 'no' }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, expiresAt: inDays(400).toISOString() }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, expiresAt: inDays(-1).toISOString() }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, expiresAt: undefined }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, labelSelector: 'app in (a' }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, namespacePattern: 'kube system/' }).success).toBe(false);
    expect(createExceptionInputSchema.safeParse({ ...ok, labelSelector: 'app=legacy,!canary', namespacePattern: '' }).success).toBe(true);
    expect(createExceptionInputSchema.safeParse({ findingIds: [], reason: ok.reason, expiresAt: ok.expiresAt }).success).toBe(false);
    await expect(createExceptions(db, { checkId: 'no-such-check', reason: ok.reason, expiresAt: inDays(3) }, { actor })).rejects.toMatchObject({ status: 400 });
    await expect(createExceptions(db, { findingIds: ['missing-finding'], reason: ok.reason, expiresAt: inDays(3) }, { actor })).rejects.toMatchObject({ status: 404 });
  });
});
