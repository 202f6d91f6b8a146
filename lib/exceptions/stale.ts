/**
 * The stale-exception report (server-only): accepted risks and requests that need someone's
 * attention, in four lists (up to STALE_REPORT_ITEMS each, with full counts):
 *
 * - unused         active, but covering no open finding any more (fixed, or the resource is gone): revoke it
 * - pending        requested more than PENDING_DAYS days ago and still undecided
 * - expiringSoon   active and expiring within EXPIRING_DAYS days: renew or fix (reminders go out too)
 * - openEnded      active without an expiry, approved more than OPEN_ENDED_DAYS days ago: review it
 */
import type { Db, Prisma } from '../db';
import { activeExceptionWhere } from './active';
import { exceptionsVisibleWhere, FLEET, type AccessScope } from '../teams/scope';
import { dtoIncludeFor, statusWhere, toDto, type ExceptionDto } from './dto';

export const STALE_REPORT_ITEMS = 100;
export const PENDING_DAYS = 7;
export const EXPIRING_DAYS = 14;
export const OPEN_ENDED_DAYS = 180;
const DAY = 86_400_000;

export interface StaleList {
  count: number;
  exceptions: ExceptionDto[];
}

export interface StaleExceptionReport {
  generatedAt: string;
  unused: StaleList;
  pending: StaleList;
  expiringSoon: StaleList;
  openEnded: StaleList;
}

/** The report over the exceptions the access scope sees (lib/teams/scope.ts exceptionsVisibleWhere). */
export async function staleExceptionReport(db: Db, now = new Date(), access: AccessScope = FLEET): Promise<StaleExceptionReport> {
  const active = activeExceptionWhere(now);
  const visible = exceptionsVisibleWhere(access);
  const include = dtoIncludeFor(access);
  const list = async (listed: Prisma.RiskExceptionWhereInput, orderBy: Prisma.RiskExceptionOrderByWithRelationInput): Promise<StaleList> => {
    const where = access.kind === 'fleet' ? listed : { AND: [listed, visible] };
    const [count, rows] = await Promise.all([db.riskException.count({ where }), db.riskException.findMany({ where, include, orderBy: [orderBy, { id: 'asc' }], take: STALE_REPORT_ITEMS })]);
    return { count, exceptions: rows.map((r) => toDto(r, now)) };
  };
  const [unused, pending, expiringSoon, openEnded] = await Promise.all([
    list({ AND: [active, { covers: { none: { status: 'open' } } }] }, { createdAt: 'asc' }),
    list({ AND: [statusWhere('requested', now), { createdAt: { lt: new Date(now.getTime() - PENDING_DAYS * DAY) } }] }, { createdAt: 'asc' }),
    list({ AND: [active, { expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRING_DAYS * DAY) } }] }, { expiresAt: 'asc' }),
    list({ AND: [active, { expiresAt: null }, { OR: [{ decidedAt: { lt: new Date(now.getTime() - OPEN_ENDED_DAYS * DAY) } }, { decidedAt: null, createdAt: { lt: new Date(now.getTime() - OPEN_ENDED_DAYS * DAY) } }] }] }, { createdAt: 'asc' }),
  ]);
  return { generatedAt: now.toISOString(), unused, pending, expiringSoon, openEnded };
}
