/**
 * Accepted-risk exceptions (server-only): request, list, revoke, expire; approval and rejection
 * by a second person live in ./review.ts (four-eyes).
 *
 * - A new exception is a request: it excepts nothing until another analyst or admin approves it
 *   (lib/exceptions/active.ts is the one rule for "active").
 * - Every change that alters what is active is one transaction that also applies it: the affected
 *   open findings' exceptionId is updated at once and the cluster's latest scan is re-scored
 *   (lib/exceptions/apply.ts), so findings show as excepted and scores move immediately.
 * - Audited with the real actor: exception.created (the request) / exception.approved /
 *   exception.rejected / exception.revoked / exception.expired.
 * - Expiry: persistScan ignores expired exceptions (lib/exceptions/active.ts isExceptionActive);
 *   `sweepExpiredExceptions` returns covered findings to open between scans. It runs from the
 *   pg-boss cron registered by `startNotificationWorker` (lib/jobs/notifications.ts) (every 5 minutes).
 */
import { clusterNotFound } from '../clusters/errors';
import { recordAudit } from '../auth/audit';
import { getCheck } from '../checks';
import type { Db, DbTransaction, Prisma } from '../db';
import { applyExceptionChange } from './apply';
import { emitExceptionEvents } from './events';
import { exceptionsVisibleWhere, FLEET, type AccessScope } from '../teams/scope';
import { DTO_INCLUDE, dtoIncludeFor, ExceptionError, exceptionStatus, statusWhere, toDto, type ExceptionActionContext, type ExceptionDto } from './dto';
import type { CheckExceptionInput, CreateExceptionInput, FindingExceptionsInput, ListExceptionsQuery } from './schema';

export * from './schema';
export { reapplyExceptions, recomputeLatestScanScores, applyExceptionChange } from './apply';
export { ExceptionError, exceptionStatus, type ExceptionActionContext, type ExceptionDto } from './dto';
export { approveExceptions, rejectExceptions, type DecisionResult } from './review';
export { getExceptionPolicy, setExceptionPolicy, type ExceptionPolicy } from './policy';

export interface ListExceptionsResult {
  exceptions: ExceptionDto[];
  nextCursor: string | null;
}

/** Exceptions newest first; a team member's access scope narrows them to those over their findings (lib/teams/scope.ts exceptionsVisibleWhere). */
export async function listExceptions(db: Db, query: ListExceptionsQuery, now = new Date(), access: AccessScope = FLEET): Promise<ListExceptionsResult> {
  const where: Prisma.RiskExceptionWhereInput = {
    AND: [
      statusWhere(query.status, now),
      exceptionsVisibleWhere(access),
      {
        ...(query.clusterId ? { clusterId: query.clusterId } : {}),
        ...(query.checkId ? { checkId: query.checkId } : {}),
        ...(query.findingId ? { findingId: query.findingId } : {}),
      },
    ],
  };
  const rows = await db.riskException.findMany({
    where,
    include: dtoIncludeFor(access),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  return { exceptions: page.map((r) => toDto(r, now)), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

/** One exception, or null when absent or not the access scope's to see (exceptionsVisibleWhere: what its exceptions list shows, counted the same way). */
export async function getException(db: Db, id: string, now = new Date(), access: AccessScope = FLEET): Promise<ExceptionDto | null> {
  const row = await db.riskException.findFirst({ where: { AND: [{ id }, exceptionsVisibleWhere(access)] }, include: dtoIncludeFor(access) });
  return row ? toDto(row, now) : null;
}

export interface CreateExceptionsResult {
  exceptions: ExceptionDto[];
  /** Findings skipped because an active exception or a pending request of their own already covers them. */
  skippedFindingIds: string[];
  /** Open findings now shown as excepted / clusters whose latest scan was re-scored: none for a
   *  request, which excepts nothing until it is approved (kept for the API's shape). */
  findingsChanged: number;
  rescoredClusters: string[];
}

/** Records the exception request(s) of `input` (state "requested": nothing changes until approval) and audits each. */
export async function createExceptions(db: Db, input: CreateExceptionInput, ctx: ExceptionActionContext, now = new Date()): Promise<CreateExceptionsResult> {
  const { ids, skipped } = await db.$transaction(
    (tx) => ('findingIds' in input ? createForFindings(tx, input, ctx, now) : createForCheck(tx, input, ctx)),
    { timeout: 120_000, maxWait: 30_000 },
  );
  const rows = await db.riskException.findMany({ where: { id: { in: ids } }, include: DTO_INCLUDE, orderBy: { createdAt: 'asc' } });
  const exceptions = rows.map((r) => toDto(r, now));
  await emitExceptionEvents(db, 'exception.requested', exceptions);
  return { exceptions, skippedFindingIds: skipped, findingsChanged: 0, rescoredClusters: [] };
}

interface CreateOutcome {
  ids: string[];
  skipped: string[];
}

async function createForFindings(tx: DbTransaction, input: FindingExceptionsInput, ctx: ExceptionActionContext, now: Date): Promise<CreateOutcome> {
  const wanted = [...new Set(input.findingIds)];
  const findings = await tx.finding.findMany({
    where: { id: { in: wanted } },
    select: { id: true, clusterId: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, cluster: { select: { name: true } } },
  });
  const missing = wanted.filter((id) => !findings.some((f) => f.id === id));
  if (missing.length) throw new ExceptionError(404, `No finding with id ${missing.slice(0, 5).map((m) => `"${m}"`).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: it may have been deleted with its cluster.`);
  const already = await tx.riskException.findMany({
    where: { scope: 'finding', findingId: { in: wanted }, OR: [statusWhere('active', now), statusWhere('requested', now)] },
    select: { findingId: true },
  });
  const covered = new Set(already.map((e) => e.findingId));
  const ids: string[] = [];
  for (const f of findings) {
    if (covered.has(f.id)) continue;
    const row = await tx.riskException.create({
      data: {
        scope: 'finding',
        clusterId: f.clusterId,
        findingId: f.id,
        checkId: f.checkId,
        reason: input.reason,
        expiresAt: input.expiresAt,
        ticketUrl: input.ticketUrl ?? null,
        state: 'requested',
        createdById: ctx.actor?.id ?? null,
      },
      select: { id: true },
    });
    ids.push(row.id);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'exception.created',
      targetType: 'exception',
      targetId: row.id,
      details: {
        scope: 'finding',
        findingId: f.id,
        checkId: f.checkId,
        clusterId: f.clusterId,
        clusterName: f.cluster.name,
        resource: `${f.resourceKind} ${f.resourceNamespace ? `${f.resourceNamespace}/` : ''}${f.resourceName}`,
        reason: input.reason,
        expiresAt: input.expiresAt.toISOString(),
        ticketUrl: input.ticketUrl ?? null,
        state: 'requested',
      },
    });
  }
  return { ids, skipped: [...covered].filter((x): x is string => Boolean(x)) };
}

async function createForCheck(tx: DbTransaction, input: CheckExceptionInput, ctx: ExceptionActionContext): Promise<CreateOutcome> {
  const check = getCheck(input.checkId);
  if (!check) throw new ExceptionError(400, `There is no check "${input.checkId}". Pick one from the check catalog.`);
  let clusterName: string | null = null;
  if (input.clusterId) {
    const cluster = await tx.cluster.findUnique({ where: { id: input.clusterId }, select: { name: true } });
    if (!cluster) throw clusterNotFound(input.clusterId);
    clusterName = cluster.name;
  }
  const row = await tx.riskException.create({
    data: {
      scope: 'check',
      clusterId: input.clusterId ?? null,
      checkId: check.id,
      namespacePattern: input.namespacePattern ?? null,
      labelSelector: input.labelSelector ?? null,
      resourceNamePattern: input.resourceNamePattern ?? null,
      reason: input.reason,
      expiresAt: input.expiresAt,
      ticketUrl: input.ticketUrl ?? null,
      state: 'requested',
      createdById: ctx.actor?.id ?? null,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: ctx.actor,
    ip: ctx.ip,
    action: 'exception.created',
    targetType: 'exception',
    targetId: row.id,
    details: {
      scope: 'check',
      checkId: check.id,
      clusterId: input.clusterId ?? null,
      clusterName: clusterName ?? 'all clusters',
      namespacePattern: input.namespacePattern ?? null,
      labelSelector: input.labelSelector ?? null,
      resourceNamePattern: input.resourceNamePattern ?? null,
      reason: input.reason,
      expiresAt: input.expiresAt.toISOString(),
      ticketUrl: input.ticketUrl ?? null,
      state: 'requested',
    },
  });
  return { ids: [row.id], skipped: [] };
}

/**
 * Revokes an exception; its findings return to open (unless another exception covers them). A
 * pending request can be withdrawn the same way; a rejected one is closed already.
 */
export async function revokeException(db: Db, id: string, ctx: ExceptionActionContext, now = new Date()): Promise<ExceptionDto & { findingsChanged: number }> {
  const changed = await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM risk_exceptions WHERE id = ${id} FOR UPDATE`;
      if (!rows.length) throw new ExceptionError(404, `No exception with id "${id}".`);
      const row = await tx.riskException.findUniqueOrThrow({ where: { id }, select: { revokedAt: true, expiresAt: true, state: true, clusterId: true, checkId: true, findingId: true, scope: true } });
      if (row.revokedAt) throw new ExceptionError(409, 'This exception has already been revoked.');
      if (row.state === 'rejected') throw new ExceptionError(409, 'This exception request was rejected: there is nothing to revoke.');
      await tx.riskException.update({ where: { id }, data: { revokedAt: now, revokedById: ctx.actor?.id ?? null } });
      await recordAudit(tx, {
        actor: ctx.actor,
        ip: ctx.ip,
        action: 'exception.revoked',
        targetType: 'exception',
        targetId: id,
        details: { scope: row.scope, checkId: row.checkId, findingId: row.findingId, clusterId: row.clusterId, wasExpired: exceptionStatus(row, now) === 'expired', state: row.state },
      });
      const applied = await applyExceptionChange(tx, { clusterIds: row.clusterId ? [row.clusterId] : null, exceptionIds: [id] }, now);
      return applied.changed;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  const dto = await getException(db, id, now);
  return { ...dto!, findingsChanged: changed };
}

export interface SweepResult {
  /** Exceptions that expired since the last sweep (audited "exception.expired" once each). */
  expired: string[];
  /** Findings that returned to open (or to another exception). */
  findingsChanged: number;
}

/**
 * Expires exceptions whose expiry passed: findings they covered return to open at once (or to
 * another active exception), the latest scans are re-scored, and each is audited
 * "exception.expired" exactly once. Safe to run from several processes (advisory lock).
 */
export async function sweepExpiredExceptions(db: Db, now = new Date()): Promise<SweepResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('rampart:exceptions:sweep'))`;
      const expired = await tx.riskException.findMany({
        // Recently expired ones (audit once), and older ones that somehow still cover findings.
        where: { revokedAt: null, state: { not: 'rejected' }, expiresAt: { lte: now }, OR: [{ expiresAt: { gte: new Date(now.getTime() - 7 * 86_400_000) } }, { covers: { some: {} } }] },
        select: { id: true, clusterId: true, checkId: true, findingId: true, scope: true, expiresAt: true, reason: true, state: true },
        orderBy: { expiresAt: 'asc' },
      });
      if (!expired.length) return { expired: [], findingsChanged: 0 };
      const audited = new Set(
        (await tx.auditEvent.findMany({ where: { action: 'exception.expired', targetType: 'exception', targetId: { in: expired.map((e) => e.id) } }, select: { targetId: true } })).map((a) => a.targetId),
      );
      const stillCovering = new Set(
        (await tx.finding.groupBy({ by: ['exceptionId'], where: { exceptionId: { in: expired.map((e) => e.id) } } })).map((g) => g.exceptionId),
      );
      const fresh = expired.filter((e) => !audited.has(e.id) || stillCovering.has(e.id));
      if (!fresh.length) return { expired: [], findingsChanged: 0 };
      const applied = await applyExceptionChange(tx, { clusterIds: null, exceptionIds: fresh.map((e) => e.id) }, now);
      const newlyExpired: string[] = [];
      for (const e of fresh) {
        if (audited.has(e.id)) continue;
        newlyExpired.push(e.id);
        await recordAudit(tx, {
          actor: null,
          action: 'exception.expired',
          targetType: 'exception',
          targetId: e.id,
          details: { scope: e.scope, checkId: e.checkId, findingId: e.findingId, clusterId: e.clusterId, expiresAt: e.expiresAt?.toISOString() ?? null, wasApproved: e.state === 'approved' },
        });
      }
      return { expired: newlyExpired, findingsChanged: applied.changed };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
