/**
 * The report's appendix: the accepted risks (active exceptions, lib/exceptions/active.ts) that
 * apply to the clusters in scope, with their reasons, expiry and the open findings they cover.
 * Within a team member's access scope: those over their findings (lib/teams/scope.ts
 * exceptionsVisibleWhere), each counting the open findings of theirs it covers.
 */
import { CHECKS_BY_SECTION, getCheck } from '@/lib/checks';
import type { Db } from '@/lib/db';
import { activeExceptionWhere } from '@/lib/exceptions/active';
import { exceptionsVisibleWhere, findingsVisibleWhere, FLEET, type AccessScope } from '@/lib/teams/scope';
import type { ReportParams } from '../params';
import type { ReportException } from './types';

export async function buildExceptions(db: Db, clusterIds: string[], params: Pick<ReportParams, 'sections'>, now: Date, access: AccessScope = FLEET): Promise<ReportException[]> {
  const exceptionRows = await db.riskException.findMany({
    where: {
      AND: [
        { OR: [{ clusterId: { in: clusterIds } }, { clusterId: null }] },
        activeExceptionWhere(now),
        exceptionsVisibleWhere(access),
        ...(params.sections.length ? [{ OR: [{ checkId: null }, { checkId: { in: params.sections.flatMap((s) => CHECKS_BY_SECTION[s].map((c) => c.id)) } }] }] : []),
      ],
    },
    orderBy: [{ expiresAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    select: {
      id: true,
      scope: true,
      clusterId: true,
      checkId: true,
      namespacePattern: true,
      labelSelector: true,
      resourceNamePattern: true,
      reason: true,
      createdAt: true,
      expiresAt: true,
      createdBy: { select: { name: true, email: true } },
      cluster: { select: { name: true } },
      finding: { select: { status: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, cluster: { select: { name: true } } } },
      _count: { select: { covers: { where: { AND: [{ status: 'open' }, findingsVisibleWhere(access)] } } } },
    },
  });
  return exceptionRows.map((e) => {
    const checkId = e.checkId ?? e.finding?.checkId ?? null;
    const target =
      e.scope === 'finding' && e.finding
        ? `${e.finding.resourceKind} ${e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}${e.finding.resourceName}`
        : [e.namespacePattern ? `namespace ${e.namespacePattern}` : null, e.resourceNamePattern ? `name ${e.resourceNamePattern}` : null, e.labelSelector ? `labels ${e.labelSelector}` : null].filter(Boolean).join(', ') ||
          'every resource';
    return {
      id: e.id,
      scope: e.scope,
      clusterName: e.cluster?.name ?? e.finding?.cluster.name ?? null,
      checkId,
      checkTitle: checkId ? (getCheck(checkId)?.title ?? checkId) : null,
      target,
      reason: e.reason,
      createdBy: e.createdBy?.name || e.createdBy?.email || null,
      createdAt: e.createdAt.toISOString(),
      expiresAt: e.expiresAt?.toISOString() ?? null,
      // A finding-scoped exception covers its finding while open (persist may not have linked it yet).
      covers: e.scope === 'finding' ? (e.finding?.status === 'open' ? 1 : 0) : e._count.covers,
    };
  });
}
