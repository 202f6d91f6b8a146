/**
 * Four-eyes review of exception requests (server-only).
 *
 * A request (lib/exceptions createExceptions) excepts nothing. `approveExceptions` makes requests
 * active: only an analyst or admin may approve, and not the person who requested them unless an
 * admin allowed self-approval (./policy.ts). Approval applies the exceptions in the same
 * transaction (findings excepted, latest scans re-scored once for the whole batch, one trend point:
 * ./apply.ts). `rejectExceptions` closes requests. All or nothing: one request that cannot be
 * decided fails the batch. Audited per exception with the real actor (exception.approved /
 * exception.rejected).
 */
import { recordAudit } from '../auth/audit';
import { hasRole } from '../auth/roles';
import type { Db, DbTransaction } from '../db';
import { applyExceptionChange } from './apply';
import { DTO_INCLUDE, ExceptionError, exceptionStatus, toDto, type ExceptionActionContext, type ExceptionDto } from './dto';
import { emitExceptionEvents } from './events';
import { getExceptionPolicy } from './policy';

export type ExceptionDecision = 'approved' | 'rejected';

export interface DecisionResult {
  exceptions: ExceptionDto[];
  /** Open findings whose exception changed (approval only). */
  findingsChanged: number;
  rescoredClusters: string[];
}

const WHY_NOT: Record<string, string> = {
  active: 'it has been approved already',
  rejected: 'it has been rejected already',
  revoked: 'it was withdrawn or revoked',
  expired: 'its expiry has passed; request it again with a new expiry',
};

async function decideInTx(tx: DbTransaction, ids: string[], decision: ExceptionDecision, note: string | undefined, ctx: ExceptionActionContext & { actor: NonNullable<ExceptionActionContext['actor']> }, now: Date) {
  const { actor } = ctx;
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM risk_exceptions WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
  const missing = ids.filter((id) => !locked.some((r) => r.id === id));
  if (missing.length) throw new ExceptionError(404, `No exception with id "${missing[0]}".`);
  const rows = await tx.riskException.findMany({
    where: { id: { in: ids } },
    select: { id: true, state: true, revokedAt: true, expiresAt: true, createdById: true, clusterId: true, checkId: true, findingId: true, scope: true, ticketUrl: true },
  });
  const allowSelf = decision === 'approved' && rows.some((r) => r.createdById === actor.id) ? (await getExceptionPolicy(tx)).allowSelfApproval : true;
  for (const row of rows) {
    const status = exceptionStatus(row, now);
    if (status !== 'requested') throw new ExceptionError(409, `Exception ${row.id} cannot be ${decision}: ${WHY_NOT[status] ?? status}.`);
    if (decision === 'approved' && row.createdById === actor.id && !allowSelf) {
      throw new ExceptionError(403, 'You requested this exception, so another analyst or admin must approve it. An admin can allow self-approval under Settings → Exceptions.');
    }
  }
  await tx.riskException.updateMany({ where: { id: { in: ids } }, data: { state: decision, decidedById: actor.id, decidedAt: now, decisionNote: note ?? null } });
  for (const row of rows) {
    await recordAudit(tx, {
      actor,
      ip: ctx.ip,
      action: decision === 'approved' ? 'exception.approved' : 'exception.rejected',
      targetType: 'exception',
      targetId: row.id,
      details: {
        scope: row.scope,
        checkId: row.checkId,
        findingId: row.findingId,
        clusterId: row.clusterId,
        requestedById: row.createdById,
        selfApproved: decision === 'approved' && row.createdById === actor.id,
        note: note ?? null,
        ticketUrl: row.ticketUrl,
        expiresAt: row.expiresAt?.toISOString() ?? null,
      },
    });
  }
  if (decision === 'rejected') return { changed: 0, rescored: [] as string[] };
  const findingIds = rows.flatMap((r) => (r.scope === 'finding' && r.findingId ? [r.findingId] : []));
  const checkIds = [...new Set(rows.flatMap((r) => (r.scope === 'check' && r.checkId ? [r.checkId] : [])))];
  const clusterIds = rows.some((r) => !r.clusterId) ? null : [...new Set(rows.map((r) => r.clusterId!))];
  const applied = await applyExceptionChange(tx, { clusterIds, findingIds, checkIds }, now);
  return { changed: applied.changed, rescored: applied.rescored };
}

async function decide(db: Db, ids: readonly string[], decision: ExceptionDecision, note: string | undefined, ctx: ExceptionActionContext, now: Date): Promise<DecisionResult> {
  const actor = ctx.actor;
  if (!actor || !hasRole(actor.role, 'analyst')) {
    throw new ExceptionError(403, 'Only an analyst or an admin can approve or reject an exception request.');
  }
  const unique = [...new Set(ids)];
  const outcome = await db.$transaction((tx) => decideInTx(tx, unique, decision, note, { ...ctx, actor }, now), { timeout: 120_000, maxWait: 30_000 });
  const rows = await db.riskException.findMany({ where: { id: { in: unique } }, include: DTO_INCLUDE, orderBy: { createdAt: 'asc' } });
  const exceptions = rows.map((r) => toDto(r, now));
  await emitExceptionEvents(db, decision === 'approved' ? 'exception.approved' : 'exception.rejected', exceptions);
  return { exceptions, findingsChanged: outcome.changed, rescoredClusters: outcome.rescored };
}

/** Approves pending requests (four-eyes): they become active and apply at once. */
export function approveExceptions(db: Db, ids: readonly string[], note: string | undefined, ctx: ExceptionActionContext, now = new Date()): Promise<DecisionResult> {
  return decide(db, ids, 'approved', note, ctx, now);
}

/** Rejects pending requests: they never except anything. */
export function rejectExceptions(db: Db, ids: readonly string[], note: string | undefined, ctx: ExceptionActionContext, now = new Date()): Promise<DecisionResult> {
  return decide(db, ids, 'rejected', note, ctx, now);
}
