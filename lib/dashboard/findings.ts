/**
 * The findings browser's query: one or all clusters, filtered, searched, sorted, paginated both
 * ways, with a total.
 *
 * Status semantics
 * - open      Finding.status = open and no active accepted-risk exception covers it.
 * - excepted  Finding.status = open and Finding.exceptionId names an active exception (the rule
 *             and why the row's exceptionId is authoritative: lib/exceptions/active.ts).
 * - resolved  Finding.status = resolved.
 *
 * Pagination is keyset: a cursor is a row's sort key (lib/dashboard/findings-order.ts, which
 * also lists the orders and their indexes); next = rows after the page's last row, previous =
 * rows before its first row (the order walked backwards), last page = the order walked backwards
 * from its end. A page number without a cursor jumps there with OFFSET, up to MAX_JUMP_ROWS deep.
 * Search (q): lib/dashboard/findings-search.ts. Total: lib/dashboard/findings-total.ts.
 * Owner: lib/dashboard/namespaces.ts resolves it to the namespaces carrying that owner label.
 * Teams: the caller's access scope and the team filter are one extra condition
 * (lib/teams/restriction.ts); each row's owning team comes from lib/teams/ownership.ts.
 */
import 'server-only';
import { type Severity } from '@/lib/checks/types';
import type { Db, Prisma } from '@/lib/db';
import { exceptedWhereFor, isExcepted, loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import { checksOf } from '@/lib/frameworks';
import { findingDue, type SlaPolicies, type SlaStatus } from '@/lib/sla/policy';
import { getSlaPolicies, loadSlaRules } from '@/lib/sla/settings';
import { slaWhere, type SlaRules } from '@/lib/sla/where';
import { clustersVisibleWhere, FLEET, type AccessScope } from '@/lib/teams/scope';
import { findingRestrictionFor, type FindingRestriction } from '@/lib/teams/restriction';
import { ownersOfFindings, type FindingOwner } from '@/lib/teams/owners';
import { MAX_JUMP_ROWS, type FindingFilters } from './findings-filters';
import { afterCursorWhere, decodeCursor, encodeCursor, orderByFor, pageRequest } from './findings-order';
import { searchWhere } from './findings-search';
import { totalFindings, type ClusterNamespace, type FindingTotal } from './findings-total';
import { namespaceOwners, ownedNamespaces } from './namespaces';

export { decodeCursor, InvalidCursorError } from './findings-order';

export interface FindingRow {
  id: string;
  clusterId: string;
  clusterName: string;
  checkId: string;
  checkTitle: string;
  section: string;
  severity: Severity;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  message: string;
  status: 'open' | 'excepted' | 'resolved';
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  /** Watch mode: the object change after which the finding (re)opened; null for findings opened by full scans. */
  openedByChange: OpenedByChange | null;
  /** Remediation due date (first seen + the SLA days of its severity in its owning team's policy); null when not tracked (lib/sla/policy.ts findingDue). */
  dueAt: string | null;
  sla: SlaStatus | null;
  /** External ticket tracking the fix (lib/tickets), if any. */
  ticketUrl: string | null;
  /** The owning team (lib/teams/ownership.ts); null: unowned. */
  owner: FindingOwner | null;
  /** The person the finding is assigned to; null: nobody. */
  assignee: { id: string; name: string; email: string } | null;
}

export interface OpenedByChange {
  type: string;
  kind: string;
  namespace?: string;
  name: string;
  resourceVersion: string;
  at: string;
}

function openedByChangeOf(value: unknown): OpenedByChange | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  if (!str(v.kind) || !str(v.name)) return null;
  return { type: str(v.type), kind: str(v.kind), ...(str(v.namespace) ? { namespace: str(v.namespace) } : {}), name: str(v.name), resourceVersion: str(v.resourceVersion), at: str(v.at) };
}

export interface FindingPage {
  findings: FindingRow[];
  /** Cursor of the next page (rows after the last one), null on the last page. */
  nextCursor: string | null;
  /** Cursor of the previous page (rows before the first one), null on the first page. */
  prevCursor: string | null;
  /** This page's number (1 = first); on the last page computed from an exact total. */
  page: number;
  total: FindingTotal;
}

/**
/**
 * The WHERE clause of a filter set (without the cursor), given the stale exceptions' ids (lib/exceptions/active),
 * with an owner filter the owner's namespaces, with an SLA filter the SLA rules and the instant, and the teams
 * restriction (the caller's access scope and the team filter).
 */
export function findingsWhereFor(
  filters: FindingFilters,
  staleIds: readonly string[],
  owned: readonly ClusterNamespace[] | null = null,
  sla: { rules: SlaRules; now: Date } | null = null,
  restriction: FindingRestriction | null = null,
): Prisma.FindingWhereInput {
  const and: Prisma.FindingWhereInput[] = [];
  if (restriction) and.push(restriction.where);
  if (filters.cluster) and.push({ clusterId: filters.cluster });
  if (filters.section) and.push({ section: filters.section });
  if (filters.check) and.push({ checkId: filters.check });
  if (filters.framework) and.push({ checkId: { in: checksOf(filters.framework, filters.control) } });
  if (filters.severity?.length) and.push({ severity: { in: filters.severity } });
  if (filters.namespace) and.push({ resourceNamespace: filters.namespace });
  if (filters.kind) and.push({ resourceKind: filters.kind });
  if (filters.name) and.push({ resourceName: filters.name });
  if (filters.since) and.push({ firstSeenAt: { gte: filters.since } });
  if (filters.q) and.push(searchWhere(filters.q));
  // Due dates apply to open findings no exception covers: the SLA filter narrows any status to those.
  if (filters.sla && sla) and.push({ status: 'open', ...notExceptedWhereFor(staleIds) }, slaWhere(filters.sla, sla.rules, sla.now));
  if (owned) and.push(owned.length ? { OR: owned.map((o) => ({ clusterId: o.clusterId, resourceNamespace: o.namespace })) } : { id: { in: [] } });
  switch (filters.status) {
    case 'open':
      and.push({ status: 'open', ...notExceptedWhereFor(staleIds) });
      break;
    case 'excepted':
      // status = open AND exception_id IS NOT NULL: the partial index findings_excepted_browse_idx,
      // an ordered walk of the excepted rows alone.
      and.push({ status: 'open' }, exceptedWhereFor(staleIds));
      break;
    case 'resolved':
      and.push({ status: 'resolved' });
      break;
    case 'all':
      break;
  }
  return and.length ? { AND: and } : {};
}

export interface FindingScope {
  staleIds: string[];
  owned: ClusterNamespace[] | null;
  /** The SLA policies every row's due date follows. */
  policies: SlaPolicies;
  /** With an SLA filter, what its SQL forms need (null otherwise). */
  slaRules: SlaRules | null;
  now: Date;
  /** The caller's access scope and the team filter (null: neither restricts). */
  restriction: FindingRestriction | null;
  where: Prisma.FindingWhereInput;
}

/** Everything a findings query needs besides the filters: stale exceptions, the owner's namespaces, the SLA policies (and rules with an SLA filter) and the teams restriction. */
export async function findingScope(db: Db, filters: FindingFilters, now = new Date(), access: AccessScope = FLEET): Promise<FindingScope> {
  const [staleIds, owned, slaRules, restriction] = await Promise.all([
    loadStaleExceptionIds(db, now),
    filters.owner ? ownedNamespaces(db, filters.owner, filters.cluster) : Promise.resolve(null),
    filters.sla ? loadSlaRules(db) : Promise.resolve(null),
    findingRestrictionFor(db, access, filters.team),
  ]);
  const policies = slaRules?.policies ?? (await getSlaPolicies(db));
  return { staleIds, owned, policies, slaRules, now, restriction, where: findingsWhereFor(filters, staleIds, owned, slaRules && { rules: slaRules, now }, restriction) };
}

/** The columns of a findings-browser row (the CSV / JSON export adds its own on top). */
export const FINDING_ROW_SELECT = {
  id: true,
  clusterId: true,
  checkId: true,
  section: true,
  severity: true,
  resourceApiVersion: true,
  resourceKind: true,
  resourceNamespace: true,
  resourceName: true,
  message: true,
  status: true,
  exceptionId: true,
  firstSeenAt: true,
  lastSeenAt: true,
  resolvedAt: true,
  openedByChange: true,
  ticketUrl: true,
  manifestHash: true,
  cluster: { select: { name: true } },
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.FindingSelect;

export interface CheckTitleLookup {
  (checkId: string): string | undefined;
}

/** One page of findings, with the cursors of its neighbours and the total. */
export async function listFindings(db: Db, filters: FindingFilters, checkTitle: CheckTitleLookup, now = new Date(), access: AccessScope = FLEET): Promise<FindingPage> {
  const scope = await findingScope(db, filters, now, access);
  const { cursor, backwards } = pageRequest(filters);
  const cursorWhere = cursor ? afterCursorWhere(filters.sort, filters.dir, decodeCursor(cursor, filters.sort), backwards) : undefined;
  const jump = !cursor && !backwards && filters.page > 1 ? Math.min((filters.page - 1) * filters.limit, MAX_JUMP_ROWS) : 0;
  const [rows, total] = await Promise.all([
    db.finding.findMany({
      where: cursorWhere ? { AND: [scope.where, cursorWhere] } : scope.where,
      orderBy: orderByFor(filters.sort, filters.dir, backwards),
      skip: jump || undefined,
      take: filters.limit + 1,
      select: FINDING_ROW_SELECT,
    }),
    totalFindings(db, filters, scope, now),
  ]);
  const more = rows.length > filters.limit;
  let page = rows.slice(0, filters.limit);
  if (backwards) page.reverse();
  // The last page holds what is left after the full pages of an exact total, so its rows are those
  // of the same page number reached forwards (and "previous" from it lines up with page numbers).
  const remainder = backwards && !cursor && total.exact ? total.count % filters.limit : 0;
  const trimmed = remainder > 0 && page.length > remainder;
  if (trimmed) page = page.slice(-remainder);
  const first = page[0];
  const last = page.at(-1);
  const pageNumber = backwards && !cursor ? Math.max(1, Math.ceil(total.count / filters.limit)) : jump ? jump / filters.limit + 1 : filters.page;
  // Going forwards there are earlier rows when a cursor or a jump brought us here; going backwards, when the walk found more.
  const hasPrev = backwards ? more || trimmed : Boolean(cursor) || jump > 0;
  const hasNext = backwards ? Boolean(cursor) : more;
  const staleSet = new Set(scope.staleIds);
  const owners = await ownersOfFindings(db, page);
  return {
    findings: page.map((r) => {
      const status = r.status === 'resolved' ? 'resolved' : isExcepted(r, staleSet) ? 'excepted' : 'open';
      return {
      id: r.id,
      clusterId: r.clusterId,
      clusterName: r.cluster.name,
      checkId: r.checkId,
      checkTitle: checkTitle(r.checkId) ?? r.checkId,
      section: r.section,
      severity: r.severity,
      resource: { apiVersion: r.resourceApiVersion, kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
      message: r.message,
      status,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      openedByChange: openedByChangeOf(r.openedByChange),
      ...findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: status === 'open', owner: owners.get(r.id) ?? null }, scope.policies, now),
      ticketUrl: r.ticketUrl,
      owner: owners.get(r.id) ?? null,
      assignee: r.assignee,
      } satisfies FindingRow;
    }),
    nextCursor: hasNext && last ? encodeCursor(filters.sort, last) : null,
    prevCursor: hasPrev && first ? encodeCursor(filters.sort, first) : null,
    page: pageNumber,
    total,
  };
}

/**
 * Options for the filter bar: clusters, namespace owners, teams, and (for one cluster) namespaces
 * and kinds that have findings; only what the access scope may see.
 */
export async function findingFilterOptions(
  db: Db,
  clusterId?: string,
  access: AccessScope = FLEET,
): Promise<{ clusters: Array<{ id: string; name: string }>; namespaces: string[]; kinds: string[]; owners: string[]; teams: Array<{ id: string; name: string }> }> {
  const restriction = access.kind === 'fleet' ? null : await findingRestrictionFor(db, access);
  const inCluster = (id: string): Prisma.FindingWhereInput => (restriction ? { AND: [{ clusterId: id }, restriction.where] } : { clusterId: id });
  const [clusters, namespaces, kinds, owners, teams] = await Promise.all([
    db.cluster.findMany({ where: clustersVisibleWhere(access), orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    clusterId
      ? db.finding.groupBy({ by: ['resourceNamespace'], where: { AND: [inCluster(clusterId), { resourceNamespace: { not: null } }] }, orderBy: { resourceNamespace: 'asc' }, take: 500 })
      : Promise.resolve([]),
    clusterId ? db.finding.groupBy({ by: ['resourceKind'], where: inCluster(clusterId), orderBy: { resourceKind: 'asc' }, take: 100 }) : Promise.resolve([]),
    access.kind === 'fleet' ? namespaceOwners(db, clusterId) : Promise.resolve([]),
    access.kind === 'fleet' ? db.team.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }) : Promise.resolve(access.teams.map((t) => ({ id: t.id, name: t.name }))),
  ]);
  return {
    clusters,
    namespaces: namespaces.map((n) => n.resourceNamespace).filter((n): n is string => Boolean(n)),
    kinds: kinds.map((k) => k.resourceKind),
    owners,
    teams,
  };
}
