/**
 * Four-eyes risk acceptance on real PostgreSQL: a request excepts nothing (neither at once nor at
 * the next scan) until a second analyst or admin approves it; the requester, viewers and system
 * actors cannot approve; self-approval only when an admin allowed it; rejected, withdrawn and
 * expired requests can no longer be approved; every transition is audited with its actor; the
 * upgrade migration carries earlier exceptions forward as approved by their author.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/types';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import {
  approveExceptions,
  createExceptions,
  getExceptionPolicy,
  listExceptions,
  listExceptionsQuerySchema,
  rejectExceptions,
  revokeException,
  setExceptionPolicy,
  sweepExpiredExceptions,
} from '@/lib/exceptions';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

let t: TestDatabase;
let db: Db;
let clusterId: string;
const users = {} as Record<'alice' | 'bob' | 'vera' | 'root', SessionUser>;
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);

function result(name: string): EvaluatedResult {
  return {
    status: 'fail',
    checkId: 'privileged-container',
    section: 'workloads',
    severity: 'critical',
    title: 'Privileged container',
    guideRef: '5.5',
    remediation: { steps: ['Set privileged: false'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${name} runs a privileged container`,
    fingerprint: `fe-${name}`,
  };
}

async function scan() {
  const exceptions = await db.riskException.findMany({ where: { OR: [{ clusterId }, { clusterId: null }] } });
  const row = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  await persistScan(db, { clusterId, scanId: row.id, startedAt: new Date(Date.now() - 1000), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results: [result('a'), result('b')], engineErrors: [], exceptions });
  return db.scan.findUniqueOrThrow({ where: { id: row.id } });
}

const excepted = () => db.finding.count({ where: { clusterId, exceptionId: { not: null } } });
const request = (actor: SessionUser, findingIds: string[], expiresAt = inDays(30)) =>
  createExceptions(db, { findingIds, reason: 'Vendor component, replaced next quarter', expiresAt, ticketUrl: 'https://tickets.example.com/SEC-9' }, { actor });

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  for (const [key, role] of [['alice', 'analyst'], ['bob', 'analyst'], ['vera', 'viewer'], ['root', 'admin']] as const) {
    const u = await db.user.create({ data: { name: key, email: `${key}@example.com`, role } });
    users[key] = { id: u.id, email: u.email, name: u.name, role };
  }
  clusterId = (await db.cluster.create({ data: { name: 'four-eyes', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
  await scan();
});
afterAll(() => t?.drop());

describe('four-eyes risk acceptance', () => {
  it('a request changes nothing, not even at the next scan, until another analyst approves it', async () => {
    const [a] = await db.finding.findMany({ where: { clusterId, resourceName: 'a' } });
    const before = await db.scan.findFirstOrThrow({ where: { clusterId }, orderBy: { finishedAt: 'desc' } });
    const req = await request(users.alice, [a!.id]);
    const id = req.exceptions[0]!.id;
    expect(req.exceptions[0]).toMatchObject({ status: 'requested', ticketUrl: 'https://tickets.example.com/SEC-9', createdBy: { id: users.alice.id } });
    expect(await excepted()).toBe(0);
    const rescanned = await scan();
    expect(rescanned).toMatchObject({ score: before.score, resultsExcepted: 0 });
    expect(await excepted()).toBe(0);
    expect((await listExceptions(db, listExceptionsQuerySchema.parse({ status: 'requested', clusterId }))).exceptions.map((e) => e.id)).toEqual([id]);
    expect((await listExceptions(db, listExceptionsQuerySchema.parse({ clusterId }))).exceptions).toEqual([]);

    // Not the requester, not a viewer, not a system actor.
    await expect(approveExceptions(db, [id], undefined, { actor: users.alice })).rejects.toMatchObject({ status: 403 });
    await expect(approveExceptions(db, [id], undefined, { actor: users.vera })).rejects.toMatchObject({ status: 403 });
    await expect(approveExceptions(db, [id], undefined, { actor: null })).rejects.toMatchObject({ status: 403 });
    await expect(approveExceptions(db, [id, 'missing'], undefined, { actor: users.bob })).rejects.toMatchObject({ status: 404 });
    expect(await db.riskException.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'requested', decidedById: null });

    const ok = await approveExceptions(db, [id], 'Compensated by the network policy', { actor: users.bob });
    expect(ok.exceptions[0]).toMatchObject({ status: 'active', decidedBy: { id: users.bob.id }, decisionNote: 'Compensated by the network policy', coveredFindings: 1 });
    expect(ok.findingsChanged).toBe(1);
    expect(await excepted()).toBe(1);
    const after = await db.scan.findFirstOrThrow({ where: { clusterId }, orderBy: { finishedAt: 'desc' } });
    expect(after.resultsExcepted).toBe(1);
    await expect(approveExceptions(db, [id], undefined, { actor: users.root })).rejects.toMatchObject({ status: 409 });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'exception.approved', targetId: id } })).toMatchObject({
      actorId: users.bob.id,
      details: expect.objectContaining({ requestedById: users.alice.id, selfApproved: false, note: 'Compensated by the network policy' }),
    });
    await revokeException(db, id, { actor: users.root });
    expect(await excepted()).toBe(0);
  });

  it('self-approval only when an admin allowed it; the policy change is audited', async () => {
    const [b] = await db.finding.findMany({ where: { clusterId, resourceName: 'b' } });
    expect((await getExceptionPolicy(db)).allowSelfApproval).toBe(false);
    const req = await request(users.alice, [b!.id]);
    const id = req.exceptions[0]!.id;
    await expect(approveExceptions(db, [id], undefined, { actor: users.alice })).rejects.toThrow(/another analyst or admin/);
    await setExceptionPolicy(db, { allowSelfApproval: true }, { actor: users.root, ip: '10.1.1.1' });
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'settings.exception_policy_updated' } })).toMatchObject({
      actorId: users.root.id,
      ip: '10.1.1.1',
      details: { allowSelfApproval: { from: false, to: true } },
    });
    const ok = await approveExceptions(db, [id], undefined, { actor: users.alice });
    expect(ok.exceptions[0]!.status).toBe('active');
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'exception.approved', targetId: id } })).toMatchObject({ details: expect.objectContaining({ selfApproved: true }) });
    await setExceptionPolicy(db, { allowSelfApproval: false }, { actor: users.root });
    await revokeException(db, id, { actor: users.root });
  });

  it('rejected, withdrawn and expired requests are closed; each transition is audited once', async () => {
    const [a] = await db.finding.findMany({ where: { clusterId, resourceName: 'a' } });
    const rejected = (await request(users.alice, [a!.id])).exceptions[0]!.id;
    const res = await rejectExceptions(db, [rejected], 'Fix it instead', { actor: users.bob });
    expect(res.exceptions[0]).toMatchObject({ status: 'rejected', decidedBy: { id: users.bob.id }, decisionNote: 'Fix it instead' });
    await expect(approveExceptions(db, [rejected], undefined, { actor: users.root })).rejects.toMatchObject({ status: 409 });
    await expect(revokeException(db, rejected, { actor: users.alice })).rejects.toMatchObject({ status: 409 });
    expect(await db.auditEvent.count({ where: { action: 'exception.rejected', targetId: rejected, actorId: users.bob.id } })).toBe(1);

    const withdrawn = (await request(users.alice, [a!.id])).exceptions[0]!.id;
    expect((await revokeException(db, withdrawn, { actor: users.alice })).status).toBe('revoked');
    await expect(approveExceptions(db, [withdrawn], undefined, { actor: users.bob })).rejects.toMatchObject({ status: 409 });

    // Nobody approved it before its expiry.
    const stale = (await request(users.alice, [a!.id], new Date(Date.now() - 1000))).exceptions[0]!.id;
    await expect(approveExceptions(db, [stale], undefined, { actor: users.bob })).rejects.toThrow(/expiry has passed/);
    expect((await listExceptions(db, listExceptionsQuerySchema.parse({ status: 'expired', clusterId }))).exceptions.map((e) => e.id)).toContain(stale);
    const sweep = await sweepExpiredExceptions(db);
    expect(sweep.expired).toContain(stale);
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'exception.expired', targetId: stale } })).toMatchObject({ details: expect.objectContaining({ wasApproved: false }) });
    expect(sweep.expired).not.toContain(rejected);
    expect(await excepted()).toBe(0);
  });

  it('the upgrade carries earlier exceptions forward as approved, their author standing as approver', async () => {
    const sql = readFileSync(path.resolve(import.meta.dirname, '../../prisma/migrations/20261207114500_four_eyes_exceptions/migration.sql'), 'utf8');
    const update = sql.slice(sql.indexOf('UPDATE "risk_exceptions"'));
    const legacy = await db.riskException.create({ data: { scope: 'check', clusterId, checkId: 'privileged-container', reason: 'recorded before approvals', createdById: users.alice.id, createdAt: new Date('2026-11-01T00:00:00Z') } });
    expect(legacy.state).toBe('requested');
    await db.$executeRawUnsafe(update.replace(/;\s*$/, '') + ` WHERE "id" = '${legacy.id}'`);
    expect(await db.riskException.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({
      state: 'approved',
      decidedById: users.alice.id,
      decidedAt: new Date('2026-11-01T00:00:00Z'),
      decisionNote: expect.stringMatching(/before four-eyes approval/),
    });
    await db.riskException.delete({ where: { id: legacy.id } });
  });
});
