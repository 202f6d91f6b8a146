/**
 * Loading the exceptions a scan or an exception change matches results against
 * (./match.ts compileExceptions): the active ones (./active.ts) of the clusters concerned and the
 * fleet-wide ones, oldest first, with the fields the matcher reads.
 */
import type { DbTransaction, Prisma } from '../db';
import { activeExceptionWhere } from './active';
import type { ExceptionRule } from './match';

/** The columns of an ExceptionRule. */
export const EXCEPTION_RULE_SELECT = {
  id: true,
  clusterId: true,
  scope: true,
  findingId: true,
  checkId: true,
  namespacePattern: true,
  labelSelector: true,
  resourceNamePattern: true,
  expiresAt: true,
  revokedAt: true,
  state: true,
} as const satisfies Prisma.RiskExceptionSelect;

/** The exceptions active at `now` that may apply to these clusters (null: every cluster), oldest first. */
export async function loadExceptionRules(db: Pick<DbTransaction, 'riskException'>, clusterIds: readonly string[] | null, now: Date): Promise<ExceptionRule[]> {
  return db.riskException.findMany({
    where: { AND: [activeExceptionWhere(now), ...(clusterIds ? [{ OR: [{ clusterId: null }, { clusterId: { in: [...clusterIds] } }] }] : [])] },
    select: EXCEPTION_RULE_SELECT,
    orderBy: { createdAt: 'asc' },
  });
}
