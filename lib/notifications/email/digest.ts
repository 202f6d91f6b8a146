/**
 * The weekly digest (server-only): for a scope (a set of clusters, optionally narrowed to
 * namespaces) at an instant, what its readers should act on:
 *
 * - new        open findings first seen in the last DIGEST_DAYS days, no active exception
 * - overdue    open, not excepted findings past their remediation due date (lib/sla)
 * - dueSoon    open, not excepted findings due within the next week (lib/sla)
 * - expiring   active exceptions of the scope's clusters that expire within EXPIRING_DAYS
 *
 * Overdue and due-soon use the same conditions as the SLA numbers of the overview and /metrics
 * (lib/sla/where.ts with lib/exceptions/active.ts), so a fleet digest's counts equal theirs.
 * Items carry metadata only (severity, check, resource, cluster, dates), never a finding's
 * message or evidence.
 */
import { getCheck } from '../../checks';
import type { Severity } from '../../checks/types';
import type { Db, Prisma } from '../../db';
import { resourceLabel } from '../../dashboard/resource-label';
import { activeExceptionWhere, loadStaleExceptionIds, notExceptedWhereFor } from '../../exceptions/active';
import { duesOfOpenFindings } from '../../sla/due';
import { loadSlaRules } from '../../sla/settings';
import { slaWhere } from '../../sla/where';

export const DIGEST_DAYS = 7;
export const EXPIRING_DAYS = 14;
/** Items listed per section (the counts are complete). */
export const DIGEST_ITEMS = 10;
const DAY = 86_400_000;

/** Which findings a digest covers: clusters (null: all) and, optionally, only these namespaces of them. */
export interface NotificationScope {
  /** Shown in the subject and heading, e.g. a team's name or "All clusters". */
  label: string;
  clusterIds: string[] | null;
  namespaces: Array<{ clusterId: string; namespace: string }> | null;
  /** Any further condition on findings (a team's scope from lib/teams, for example). */
  findingWhere?: Prisma.FindingWhereInput;
}

export interface DigestFinding {
  id: string;
  severity: Severity;
  checkId: string;
  checkTitle: string;
  resource: string;
  cluster: string;
  firstSeenAt: string;
  dueAt: string | null;
}

export interface DigestException {
  id: string;
  reason: string;
  cluster: string | null;
  checkId: string | null;
  expiresAt: string;
}

export interface Digest {
  scope: NotificationScope;
  generatedAt: string;
  since: string;
  newFindings: { count: number; items: DigestFinding[] };
  overdue: { count: number; items: DigestFinding[] };
  dueSoon: { count: number; items: DigestFinding[] };
  expiring: { count: number; items: DigestException[] };
}

export function scopeWhere(scope: NotificationScope): Prisma.FindingWhereInput {
  const and: Prisma.FindingWhereInput[] = [];
  if (scope.clusterIds) and.push({ clusterId: { in: scope.clusterIds } });
  if (scope.namespaces) and.push(scope.namespaces.length ? { OR: scope.namespaces.map((n) => ({ clusterId: n.clusterId, resourceNamespace: n.namespace })) } : { id: { in: [] } });
  if (scope.findingWhere) and.push(scope.findingWhere);
  return and.length ? { AND: and } : {};
}

const ITEM_SELECT = {
  id: true,
  clusterId: true,
  severity: true,
  checkId: true,
  resourceKind: true,
  resourceNamespace: true,
  resourceName: true,
  manifestHash: true,
  firstSeenAt: true,
  cluster: { select: { name: true } },
} as const;
type ItemRow = Prisma.FindingGetPayload<{ select: typeof ITEM_SELECT }>;

/** One finding as digests and alerts list it (names, dates and its SLA due date, lib/sla/due.ts; never its message). */
export function digestFinding(r: Pick<ItemRow, 'id' | 'severity' | 'checkId' | 'resourceKind' | 'resourceNamespace' | 'resourceName' | 'firstSeenAt'>, cluster: string, dueAt: string | null): DigestFinding {
  return {
    id: r.id,
    severity: r.severity,
    checkId: r.checkId,
    checkTitle: getCheck(r.checkId)?.title ?? r.checkId,
    resource: resourceLabel({ kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName }, cluster),
    cluster,
    firstSeenAt: r.firstSeenAt.toISOString(),
    dueAt,
  };
}

/** Builds the digest of `scope` at `now`. */
export async function buildDigest(db: Db, scope: NotificationScope, now = new Date()): Promise<Digest> {
  const [sla, stale] = await Promise.all([loadSlaRules(db), loadStaleExceptionIds(db, now)]);
  const base: Prisma.FindingWhereInput = { AND: [scopeWhere(scope), { status: 'open' }, notExceptedWhereFor(stale)] };
  const since = new Date(now.getTime() - DIGEST_DAYS * DAY);
  const section = async (where: Prisma.FindingWhereInput, orderBy: Prisma.FindingOrderByWithRelationInput[]) => {
    const full = { AND: [base, where] };
    const [count, rows] = await Promise.all([db.finding.count({ where: full }), db.finding.findMany({ where: full, orderBy, take: DIGEST_ITEMS, select: ITEM_SELECT })]);
    const dues = await duesOfOpenFindings(db, sla.policies, rows, now);
    return { count, items: rows.map((r) => digestFinding(r, r.cluster.name, dues.get(r.id)?.dueAt ?? null)) };
  };
  const bySeverity: Prisma.FindingOrderByWithRelationInput[] = [{ severity: 'asc' }, { firstSeenAt: 'asc' }, { id: 'asc' }];
  const exceptionWhere: Prisma.RiskExceptionWhereInput = {
    AND: [
      activeExceptionWhere(now),
      { expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRING_DAYS * DAY) } },
      scope.clusterIds ? { clusterId: { in: scope.clusterIds } } : {},
      // A team's digest lists the acceptances of its own findings only (a check-wide one spans other teams).
      scope.findingWhere ? { finding: { is: scope.findingWhere } } : {},
    ],
  };
  const [newFindings, overdue, dueSoon, expiringCount, expiringRows] = await Promise.all([
    section({ firstSeenAt: { gte: since } }, bySeverity),
    section(slaWhere('overdue', sla, now), bySeverity),
    section(slaWhere('due-soon', sla, now), bySeverity),
    db.riskException.count({ where: exceptionWhere }),
    db.riskException.findMany({ where: exceptionWhere, orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }], take: DIGEST_ITEMS, select: { id: true, reason: true, checkId: true, expiresAt: true, cluster: { select: { name: true } } } }),
  ]);
  return {
    scope,
    generatedAt: now.toISOString(),
    since: since.toISOString(),
    newFindings,
    overdue,
    dueSoon,
    expiring: {
      count: expiringCount,
      items: expiringRows.map((e) => ({ id: e.id, reason: e.reason, cluster: e.cluster?.name ?? null, checkId: e.checkId, expiresAt: e.expiresAt!.toISOString() })),
    },
  };
}

export function digestIsEmpty(d: Digest): boolean {
  return d.newFindings.count + d.overdue.count + d.dueSoon.count + d.expiring.count === 0;
}
