/**
 * The API's view of an accepted-risk exception, its derived status, and the error type of the
 * exception services (server-only).
 *
 * Status, derived from the stored state and the clock:
 *   revoked   revokedAt set (an approved exception revoked, or a request withdrawn)
 *   rejected  a second person turned the request down
 *   expired   its expiry passed (requested or approved)
 *   requested waiting for a second person's approval: excepts nothing yet
 *   active    approved, not revoked, not expired (lib/exceptions/active.ts is the rule)
 */
import type { SessionUser } from '../auth/types';
import { getCheck } from '../checks';
import type { Prisma } from '../db';
import { activeExceptionWhere } from './active';
import type { ExceptionStatus } from './schema';
import { AppError } from '../api/errors';
import { findingsVisibleWhere, type AccessScope } from '../teams/scope';

export class ExceptionError extends AppError {
  constructor(status: 400 | 403 | 404 | 409, message: string) {
    super(status, message);
  }
}

export interface ExceptionActionContext {
  actor: SessionUser | null;
  ip?: string | null;
}

type Person = { id: string; name: string; email: string };

export interface ExceptionDto {
  id: string;
  scope: 'finding' | 'check';
  status: ExceptionStatus;
  cluster: { id: string; name: string } | null;
  checkId: string | null;
  checkTitle: string | null;
  finding: { id: string; resourceKind: string; resourceNamespace: string | null; resourceName: string; severity: string; status: string } | null;
  namespacePattern: string | null;
  labelSelector: string | null;
  resourceNamePattern: string | null;
  reason: string;
  /** Link to the tracking ticket, when the requester gave one. */
  ticketUrl: string | null;
  /** Who asked for the exception. */
  createdBy: Person | null;
  createdAt: string;
  expiresAt: string | null;
  /** Who approved or rejected it, when, and their note (null while requested). */
  decidedBy: Person | null;
  decidedAt: string | null;
  decisionNote: string | null;
  revokedAt: string | null;
  revokedBy: Person | null;
  /** Open findings this exception covers now. */
  coveredFindings: number;
}

const PERSON = { select: { id: true, name: true, email: true } } as const;

export const DTO_INCLUDE = {
  cluster: { select: { id: true, name: true } },
  finding: { select: { id: true, resourceKind: true, resourceNamespace: true, resourceName: true, severity: true, status: true } },
  createdBy: PERSON,
  revokedBy: PERSON,
  decidedBy: PERSON,
  _count: { select: { covers: { where: { status: 'open' } } } },
} satisfies Prisma.RiskExceptionInclude;

type ExceptionRow = Prisma.RiskExceptionGetPayload<{ include: typeof DTO_INCLUDE }>;

/** DTO_INCLUDE for a caller's access scope: a team member's count of covered findings counts the findings they see. */
export function dtoIncludeFor(scope: AccessScope): typeof DTO_INCLUDE {
  if (scope.kind === 'fleet') return DTO_INCLUDE;
  return { ...DTO_INCLUDE, _count: { select: { covers: { where: { AND: [{ status: 'open' }, findingsVisibleWhere(scope)] } } } } } as unknown as typeof DTO_INCLUDE;
}

export function exceptionStatus(row: { state: 'requested' | 'approved' | 'rejected'; revokedAt: Date | null; expiresAt: Date | null }, now: Date): ExceptionStatus {
  if (row.revokedAt) return 'revoked';
  if (row.state === 'rejected') return 'rejected';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  if (row.state === 'requested') return 'requested';
  return 'active';
}

export function toDto(row: ExceptionRow, now: Date): ExceptionDto {
  return {
    id: row.id,
    scope: row.scope,
    status: exceptionStatus(row, now),
    cluster: row.cluster,
    checkId: row.checkId,
    checkTitle: row.checkId ? (getCheck(row.checkId)?.title ?? null) : null,
    finding: row.finding,
    namespacePattern: row.namespacePattern,
    labelSelector: row.labelSelector,
    resourceNamePattern: row.resourceNamePattern,
    reason: row.reason,
    ticketUrl: row.ticketUrl,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
    coveredFindings: row._count.covers,
  };
}

const notExpired = (now: Date): Prisma.RiskExceptionWhereInput => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/** The rows whose exceptionStatus is `status` at `now`. */
export function statusWhere(status: ExceptionStatus | 'all', now: Date): Prisma.RiskExceptionWhereInput {
  switch (status) {
    case 'active':
      return activeExceptionWhere(now);
    case 'requested':
      return { AND: [{ state: 'requested', revokedAt: null }, notExpired(now)] };
    case 'rejected':
      return { state: 'rejected', revokedAt: null };
    case 'expired':
      return { revokedAt: null, state: { not: 'rejected' }, expiresAt: { lte: now } };
    case 'revoked':
      return { revokedAt: { not: null } };
    case 'all':
      return {};
  }
}
