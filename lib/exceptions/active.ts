/**
 * Which findings count as "excepted" (under accepted risk) right now — the one rule shared by
 * the findings browser, its exports, the cluster pages and the PDF reports.
 *
 * An exception is ACTIVE when it was approved (four-eyes: lib/exceptions/review.ts), is not
 * revoked and has not expired (both instants exclusive). A requested, rejected, revoked or
 * expired exception excepts nothing. `isExceptionActive` (row form, used by the scan's matcher)
 * and `activeExceptionWhere` (SQL form) state that one rule.
 *
 * A finding is excepted when it is open and Finding.exceptionId names an exception that is
 * active now. Finding.exceptionId is the
 * exception that covers the finding: persistScan records it at every scan, and creating,
 * revoking or sweeping expired exceptions rewrites it at once (lib/exceptions/apply.ts). Between
 * an exception's expiry and the next sweep (at most 5 minutes) its findings already count as open.
 *
 * Two forms:
 * - with the few "stale" exceptions resolved up front — inactive ones still recorded on some
 *   finding, normally none — so that "excepted" is `exception_id IS NOT NULL` (the partial index
 *   findings_excepted_browse_idx serves it in the browser's order) and "not excepted" is
 *   `exception_id IS NULL`, each with a short correction list;
 * - as a relation filter (exceptedWhere, notExceptedWhere), for callers that build a single WHERE;
 * - as raw SQL over the findings table aliased `f`, for the hand-written counting queries.
 */
import { Prisma, type Db } from '../db';

/** The fields the rule reads. */
export interface ExceptionActivity {
  state: 'requested' | 'approved' | 'rejected';
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Whether an exception excepts anything at `now`: approved, not revoked, not expired. */
export function isExceptionActive(e: ExceptionActivity, now: Date): boolean {
  if (e.state !== 'approved') return false;
  if (e.revokedAt && e.revokedAt <= now) return false;
  return !e.expiresAt || e.expiresAt > now;
}

/** SQL form of isExceptionActive. */
export function activeExceptionWhere(now: Date): Prisma.RiskExceptionWhereInput {
  return {
    AND: [{ state: 'approved' }, { OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] }, { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
  };
}

/** Exceptions inactive at `now` that some finding still names (expired, not swept yet). */
export async function loadStaleExceptionIds(db: Db, now = new Date()): Promise<string[]> {
  const rows = await db.riskException.findMany({ where: { NOT: activeExceptionWhere(now), covers: { some: {} } }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Rows covered by an active exception (any status; AND status = open for "excepted"). */
export function exceptedWhereFor(staleIds: readonly string[]): Prisma.FindingWhereInput {
  return staleIds.length ? { AND: [{ exceptionId: { not: null } }, { exceptionId: { notIn: [...staleIds] } }] } : { exceptionId: { not: null } };
}

/** Rows not covered by an active exception. */
export function notExceptedWhereFor(staleIds: readonly string[]): Prisma.FindingWhereInput {
  return staleIds.length ? { OR: [{ exceptionId: null }, { exceptionId: { in: [...staleIds] } }] } : { exceptionId: null };
}

/** SQL form of exceptedWhereFor, over `findings f`. */
export function exceptedSql(staleIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`(f.exception_id IS NOT NULL AND NOT (f.exception_id = ANY(${[...staleIds]}::text[])))`;
}

/** SQL form of notExceptedWhereFor, over `findings f`. */
export function notExceptedSql(staleIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`(f.exception_id IS NULL OR f.exception_id = ANY(${[...staleIds]}::text[]))`;
}

/** Whether a row's recorded exception makes it excepted (the row form of exceptedWhereFor). */
export function isExcepted(row: { status: string; exceptionId: string | null }, staleIds: ReadonlySet<string>): boolean {
  return row.status === 'open' && row.exceptionId !== null && !staleIds.has(row.exceptionId);
}

/** Relation form of exceptedWhereFor: rows whose recorded exception is active at `now` (AND status = open for "excepted"). */
export function exceptedWhere(now: Date): Prisma.FindingWhereInput {
  return { exception: { is: activeExceptionWhere(now) } };
}

/** Relation form of notExceptedWhereFor: needs no round trip, evaluated per row. */
export function notExceptedWhere(now: Date): Prisma.FindingWhereInput {
  return { OR: [{ exceptionId: null }, { exception: { isNot: activeExceptionWhere(now) } }] };
}
