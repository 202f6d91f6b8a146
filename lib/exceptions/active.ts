/**
 * Which findings count as "excepted" (under accepted risk) right now — the one rule shared by
 * the findings browser, its exports, the cluster pages and the PDF reports.
 *
 * A finding is excepted when it is open and Finding.exceptionId names an exception that is
 * active now (not revoked, not expired; both instants exclusive). Finding.exceptionId is the
 * exception that covers the finding: persistScan records it at every scan, and creating,
 * revoking or sweeping expired exceptions rewrites it at once (lib/exceptions/apply.ts). Between
 * an exception's expiry and the next sweep (at most 5 minutes) its findings already count as open.
 *
 * Two forms:
 * - with the few "stale" exceptions resolved up front — inactive ones still recorded on some
 *   finding, normally none — so that "excepted" is `exception_id IS NOT NULL` (the partial index
 *   findings_excepted_browse_idx serves it in the browser's order) and "not excepted" is
 *   `exception_id IS NULL`, each with a short correction list;
 * - as a relation filter, for callers that build a single WHERE.
 */
import type { Db, Prisma } from '../db';

export function activeExceptionWhere(now: Date): Prisma.RiskExceptionWhereInput {
  return { AND: [{ OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] }, { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }] };
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

/** Whether a row's recorded exception makes it excepted (the row form of exceptedWhereFor). */
export function isExcepted(row: { status: string; exceptionId: string | null }, staleIds: ReadonlySet<string>): boolean {
  return row.status === 'open' && row.exceptionId !== null && !staleIds.has(row.exceptionId);
}

/** Relation form of notExceptedWhereFor: needs no round trip, evaluated per row. */
export function notExceptedWhere(now: Date): Prisma.FindingWhereInput {
  return { OR: [{ exceptionId: null }, { exception: { isNot: activeExceptionWhere(now) } }] };
}
