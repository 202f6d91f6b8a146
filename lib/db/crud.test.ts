/**
 * One CRUD round-trip body, run on real PostgreSQL 15 and on the embedded database (PGlite):
 * every model family, JSON / BigInt / String[] / enum columns, unique constraints, cascades
 * and interactive transactions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, type PrismaClient } from './index';
import { resourceDocumentId } from './resource-document';
import { createTestDatabaseOfKind, TEST_DATABASE_KINDS, type TestDatabase } from './test-utils';

describe.each(TEST_DATABASE_KINDS)('CRUD round-trip on %s', (kind) => {
  let t: TestDatabase;
  let db: PrismaClient;
  beforeAll(async () => {
    t = await createTestDatabaseOfKind(kind);
    db = t.db;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('stores users the way better-auth and the admin plugin expect', async () => {
    const user = await db.user.create({
      data: {
        name: 'Ada',
        email: 'ada@example.com',
        accounts: { create: { accountId: 'ada', providerId: 'credential', password: 'scrypt$…' } },
        sessions: { create: { token: 'tok-1', expiresAt: new Date(Date.now() + 3600_000) } },
      },
      include: { accounts: true, sessions: true },
    });
    expect(user).toMatchObject({ role: 'viewer', banned: false, mustChangePassword: false, emailVerified: false });
    expect(user.sessions[0]?.impersonatedBy).toBeNull();
    await expect(db.user.create({ data: { name: 'Dup', email: 'ada@example.com' } })).rejects.toMatchObject({
      code: 'P2002',
    });
    const limit = await db.rateLimit.create({
      data: { key: '127.0.0.1/sign-in/email', count: 1, lastRequest: BigInt(Date.now()) },
    });
    expect(typeof limit.lastRequest).toBe('bigint');
    const token = await db.apiToken.create({
      data: { userId: user.id, name: 'ci', prefix: 'rmp_ab12', tokenHash: 'f'.repeat(64) },
    });
    expect(token.revokedAt).toBeNull();
  });

  it('round-trips a cluster, a scan, findings, events, aggregates, documents and artifacts; deleting the cluster removes them', async () => {
    const user = await db.user.create({ data: { name: 'Ops', email: `ops-${kind}@example.com`, role: 'admin' } });
    const cluster = await db.cluster.create({
      data: {
        name: 'prod-eu-1',
        environment: 'production',
        labels: { team: 'platform', region: 'eu' },
        authType: 'kubeconfig',
        credentials: 'v1:0123456789ab:aaaa:bbbb:cccc',
        credentialsKeyId: '0123456789ab',
        createdById: user.id,
      },
    });
    expect(cluster).toMatchObject({ scanSchedule: '0 3 * * *', scheduleTimezone: 'UTC', enabled: true });
    expect(cluster.labels).toEqual({ team: 'platform', region: 'eu' });

    const scan = await db.scan.create({
      data: {
        clusterId: cluster.id,
        trigger: 'manual',
        triggeredById: user.id,
        status: 'succeeded',
        startedAt: new Date('2026-11-01T03:00:00.123Z'),
        finishedAt: new Date('2026-11-01T03:00:09.456Z'),
        durationMs: 9333,
        objectCounts: { Pod: 120, Deployment: 30 },
        coverageGaps: [{ kind: 'Secret', reason: 'forbidden' }],
        score: 82,
        grade: 'B',
      },
    });
    expect(scan.finishedAt?.toISOString()).toBe('2026-11-01T03:00:09.456Z');

    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    const docId = resourceDocumentId(cluster.id, body);
    await db.resourceDocument.createMany({
      data: [
        { id: docId, clusterId: cluster.id, kind: 'Deployment', namespace: 'shop', name: 'web', body },
        { id: docId, clusterId: cluster.id, kind: 'Deployment', namespace: 'shop', name: 'web', body },
      ],
      skipDuplicates: true,
    });
    expect(await db.resourceDocument.count()).toBe(1);

    const at = scan.finishedAt ?? new Date();
    const finding = await db.finding.create({
      data: {
        clusterId: cluster.id,
        fingerprint: 'fp-1',
        checkId: 'privileged-container',
        section: 'workloads',
        severity: 'critical',
        resourceApiVersion: 'apps/v1',
        resourceKind: 'Deployment',
        resourceNamespace: 'shop',
        resourceName: 'web',
        path: 'spec.template.spec.containers[0].securityContext.privileged',
        message: 'Container web runs privileged',
        evidence: { container: 'web' },
        patch: Prisma.DbNull,
        manifestHash: docId,
        firstSeenScanId: scan.id,
        lastSeenScanId: scan.id,
        firstSeenAt: at,
        lastSeenAt: at,
        events: { create: { scanId: scan.id, clusterId: cluster.id, type: 'opened', at } },
      },
    });
    expect(finding.status).toBe('open');
    expect(finding.patch).toBeNull();
    await expect(
      db.finding.create({
        data: { ...finding, id: undefined, evidence: Prisma.JsonNull, patch: Prisma.JsonNull, openedByChange: Prisma.JsonNull },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });

    await db.scanSectionAggregate.create({
      data: { scanId: scan.id, clusterId: cluster.id, section: 'workloads', scannedAt: at, score: 70, grade: 'C', failed: 1, openCritical: 1 },
    });
    await db.scanCheckAggregate.create({
      data: { scanId: scan.id, clusterId: cluster.id, checkId: 'privileged-container', section: 'workloads', severity: 'critical', scannedAt: at, failed: 1 },
    });
    await db.scanArtifact.create({ data: { scanId: scan.id, kind: 'rbac-graph', data: { nodes: [], edges: [] } } });
    await db.riskException.create({
      data: { clusterId: cluster.id, scope: 'finding', findingId: finding.id, reason: 'legacy, tracked in OPS-12', createdById: user.id },
    });

    const open = await db.finding.findMany({
      where: { clusterId: cluster.id, status: 'open', severity: { in: ['critical', 'high'] } },
      include: { manifest: true, events: true, exceptions: true },
    });
    expect(open).toHaveLength(1);
    expect(open[0]?.manifest?.body).toEqual(body);
    expect(open[0]?.events.map((e) => e.type)).toEqual(['opened']);
    expect(open[0]?.exceptions).toHaveLength(1);

    // Resolve it in a transaction, using only `tx` inside (required on PGlite).
    await db.$transaction(async (tx) => {
      const scan2 = await tx.scan.create({ data: { clusterId: cluster.id, trigger: 'schedule', status: 'succeeded' } });
      await tx.finding.update({
        where: { clusterId_fingerprint: { clusterId: cluster.id, fingerprint: 'fp-1' } },
        data: { status: 'resolved', resolvedScanId: scan2.id, resolvedAt: new Date() },
      });
      await tx.findingEvent.create({ data: { findingId: finding.id, scanId: scan2.id, clusterId: cluster.id, type: 'resolved' } });
    });
    expect((await db.finding.findUniqueOrThrow({ where: { id: finding.id } })).status).toBe('resolved');

    // A failing transaction leaves nothing behind.
    await expect(
      db.$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { action: 'test.rolled-back' } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.auditEvent.count({ where: { action: 'test.rolled-back' } })).toBe(0);

    await db.cluster.delete({ where: { id: cluster.id } });
    const remaining = await Promise.all([
      db.scan.count({ where: { clusterId: cluster.id } }),
      db.finding.count({ where: { clusterId: cluster.id } }),
      db.findingEvent.count({ where: { clusterId: cluster.id } }),
      db.resourceDocument.count({ where: { clusterId: cluster.id } }),
      db.scanSectionAggregate.count({ where: { clusterId: cluster.id } }),
      db.scanCheckAggregate.count({ where: { clusterId: cluster.id } }),
      db.scanArtifact.count({ where: { scanId: scan.id } }),
      db.riskException.count({ where: { clusterId: cluster.id } }),
    ]);
    expect(remaining).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });

  it('round-trips webhooks, deliveries, reports, schedules, settings and audit events', async () => {
    const user = await db.user.create({ data: { name: 'Analyst', email: `an-${kind}@example.com`, role: 'analyst' } });
    const hook = await db.webhook.create({
      data: { name: 'slack', url: 'https://hooks.example.com/x', format: 'slack', events: ['scan.failed', 'report.ready'], createdById: user.id },
    });
    expect(hook.events).toEqual(['scan.failed', 'report.ready']);
    await db.webhookDelivery.create({ data: { webhookId: hook.id, event: 'scan.failed', payload: { scanId: 's1' } } });
    const schedule = await db.reportSchedule.create({
      data: { name: 'weekly', cron: '0 6 * * 1', params: { clusterIds: [] }, webhookId: hook.id, createdById: user.id },
    });
    const report = await db.report.create({ data: { kind: 'remediation-pdf', scheduleId: schedule.id, createdById: user.id } });
    expect(report).toMatchObject({ status: 'queued', progress: 0, params: {} });
    await db.setting.upsert({
      where: { key: 'trusted-registries' },
      create: { key: 'trusted-registries', value: ['ghcr.io/acme/'], updatedById: user.id },
      update: { value: ['ghcr.io/acme/'] },
    });
    await db.auditEvent.create({
      data: { actorId: user.id, actorEmail: user.email, action: 'webhook.created', targetType: 'webhook', targetId: hook.id, ip: '10.0.0.1' },
    });

    // Deleting the user keeps what they created (SetNull) and the audit trail.
    await db.user.delete({ where: { id: user.id } });
    expect((await db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).createdById).toBeNull();
    expect((await db.report.findUniqueOrThrow({ where: { id: report.id } })).createdById).toBeNull();
    expect(await db.auditEvent.count({ where: { actorId: user.id } })).toBe(1);

    // Deleting the webhook removes its deliveries and detaches schedules.
    await db.webhook.delete({ where: { id: hook.id } });
    expect(await db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    expect((await db.reportSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).webhookId).toBeNull();
  });
});
