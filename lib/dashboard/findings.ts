/**
 * The findings browser's query: one or all clusters, filtered, sorted and keyset-paginated.
 *
 * Status semantics
 * - open      Finding.status = open and no active accepted-risk exception covers it.
 * - excepted  Finding.status = open and Finding.exceptionId names an active exception (the rule
 *             and why the row's exceptionId is authoritative: lib/exceptions/active.ts).
 * - resolved  Finding.status = resolved.
 *
 * Pagination is keyset (cursor), never OFFSET: the cursor is the last row's sort key plus its
 * id, and the next page asks for rows strictly after it in the same total order. Orders:
 * - severity  severity (critical first), first seen newest first, id   ← index (status, severity, first_seen_at DESC, id)
 * - newest    first seen newest first, id descending
 * - oldest    first seen oldest first, id ascending
 * Search (q) is a prefix match on the resource name (SP-GiST index findings_resource_name_spgist_idx,
 * any collation) or an exact check id — both index-friendly at 5M
 * rows, unlike a substring match on messages.
 */
import 'server-only';
import { SEVERITIES, type Severity } from '@/lib/checks/types';
import type { Db, Prisma } from '@/lib/db';
import { exceptedWhereFor, isExcepted, loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import type { FindingFilters } from './findings-filters';
import { checksOf } from '@/lib/frameworks';

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
}

export interface FindingPage {
  findings: FindingRow[];
  nextCursor: string | null;
}

export interface FindingGroupRow {
  key: string;
  /** group=check: the check id; group=resource: "<kind>/<namespace>/<name>". */
  checkId?: string;
  checkTitle?: string;
  resource?: { kind: string; namespace: string | null; name: string; clusterId: string; clusterName: string };
  section?: string;
  severity: Severity;
  count: number;
  bySeverity: Record<Severity, number>;
}

interface Cursor {
  s?: Severity;
  t: string;
  id: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is invalid or belongs to another sort order; start again from the first page.');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string, sort: FindingFilters['sort']): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof c.t !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.t))) throw new Error();
    if (sort === 'severity' && !SEVERITIES.includes(c.s as Severity)) throw new Error();
    return { s: c.s, t: c.t, id: c.id };
  } catch {
    throw new InvalidCursorError();
  }
}

/** The WHERE clause of a filter set (without the cursor), given the stale exceptions' ids (lib/exceptions/active). */
export function findingsWhereFor(filters: FindingFilters, staleIds: readonly string[]): Prisma.FindingWhereInput {
  const and: Prisma.FindingWhereInput[] = [];
  if (filters.cluster) and.push({ clusterId: filters.cluster });
  if (filters.section) and.push({ section: filters.section });
  if (filters.check) and.push({ checkId: filters.check });
  if (filters.framework) and.push({ checkId: { in: checksOf(filters.framework, filters.control) } });
  if (filters.severity?.length) and.push({ severity: { in: filters.severity } });
  if (filters.namespace) and.push({ resourceNamespace: filters.namespace });
  if (filters.kind) and.push({ resourceKind: filters.kind });
  if (filters.since) and.push({ firstSeenAt: { gte: filters.since } });
  if (filters.q) and.push({ OR: [{ resourceName: { startsWith: filters.q } }, { checkId: filters.q }] });
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

function orderBy(sort: FindingFilters['sort']): Prisma.FindingOrderByWithRelationInput[] {
  switch (sort) {
    case 'severity':
      return [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }];
    case 'newest':
      return [{ firstSeenAt: 'desc' }, { id: 'desc' }];
    case 'oldest':
      return [{ firstSeenAt: 'asc' }, { id: 'asc' }];
  }
}

/** Rows strictly after the cursor in the sort's total order. */
function afterCursor(c: Cursor, sort: FindingFilters['sort']): Prisma.FindingWhereInput {
  const t = new Date(c.t);
  switch (sort) {
    case 'severity': {
      const s = c.s as Severity;
      const later = SEVERITIES.slice(SEVERITIES.indexOf(s) + 1);
      return {
        OR: [
          ...(later.length ? [{ severity: { in: [...later] } }] : []),
          { severity: s, firstSeenAt: { lt: t } },
          { severity: s, firstSeenAt: t, id: { gt: c.id } },
        ],
      };
    }
    case 'newest':
      return { OR: [{ firstSeenAt: { lt: t } }, { firstSeenAt: t, id: { lt: c.id } }] };
    case 'oldest':
      return { OR: [{ firstSeenAt: { gt: t } }, { firstSeenAt: t, id: { gt: c.id } }] };
  }
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
  cluster: { select: { name: true } },
} satisfies Prisma.FindingSelect;

export interface CheckTitleLookup {
  (checkId: string): string | undefined;
}

/** One page of findings. */
export async function listFindings(db: Db, filters: FindingFilters, checkTitle: CheckTitleLookup, now = new Date()): Promise<FindingPage> {
  const stale = await loadStaleExceptionIds(db, now);
  const where = findingsWhereFor(filters, stale);
  const cursorWhere = filters.cursor ? afterCursor(decodeCursor(filters.cursor, filters.sort), filters.sort) : undefined;
  const rows = await db.finding.findMany({
    where: cursorWhere ? { AND: [where, cursorWhere] } : where,
    orderBy: orderBy(filters.sort),
    take: filters.limit + 1,
    select: FINDING_ROW_SELECT,
  });
  const page = rows.slice(0, filters.limit);
  const staleSet = new Set(stale);
  const last = page.at(-1);
  return {
    findings: page.map((r) => ({
      id: r.id,
      clusterId: r.clusterId,
      clusterName: r.cluster.name,
      checkId: r.checkId,
      checkTitle: checkTitle(r.checkId) ?? r.checkId,
      section: r.section,
      severity: r.severity,
      resource: { apiVersion: r.resourceApiVersion, kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
      message: r.message,
      status: r.status === 'resolved' ? 'resolved' : isExcepted(r, staleSet) ? 'excepted' : 'open',
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > filters.limit && last ? encodeCursor({ s: filters.sort === 'severity' ? last.severity : undefined, t: last.firstSeenAt.toISOString(), id: last.id }) : null,
  };
}

const zeroBySeverity = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
const worst = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b);

/**
 * Whether the count tables (lib/scans/open-finding-counts.ts) hold the answer at all: open or
 * excepted findings without a first-seen or search filter, and no expired exception still
 * recorded on a finding (its rows count as open, the tables' as excepted, until the sweep).
 */
function countsApply(filters: FindingFilters, staleIds: readonly string[]): boolean {
  return (filters.status === 'open' || filters.status === 'excepted') && !filters.since && !filters.q && staleIds.length === 0;
}

/** Whether OpenFindingCount answers a group-by-check exactly: filters on cluster, section, check and severity only. */
export function countsServeGrouping(filters: FindingFilters, staleIds: readonly string[]): boolean {
  return countsApply(filters, staleIds) && !filters.namespace && !filters.kind;
}

/** Whether OpenResourceCount answers a group-by-resource exactly: filters on cluster, namespace and kind only. */
export function resourceCountsServeGrouping(filters: FindingFilters, staleIds: readonly string[]): boolean {
  return countsApply(filters, staleIds) && !filters.section && !filters.check && !filters.framework && !filters.severity?.length;
}

/** Group-by-check rows (check, section, severity → count) from OpenFindingCount. */
async function checkCountsFromTable(db: Db, filters: FindingFilters): Promise<Array<{ checkId: string; section: string; severity: Severity; _count: { _all: number } }>> {
  const rows = await db.openFindingCount.groupBy({
    by: ['checkId', 'section', 'severity'],
    where: {
      excepted: filters.status === 'excepted',
      ...(filters.cluster ? { clusterId: filters.cluster } : {}),
      ...(filters.section ? { section: filters.section } : {}),
      ...(filters.check ? { checkId: filters.check } : {}),
      ...(filters.framework ? { AND: [{ checkId: { in: checksOf(filters.framework, filters.control) } }] } : {}),
      ...(filters.severity?.length ? { severity: { in: filters.severity } } : {}),
    },
    _sum: { count: true },
  });
  return rows.map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, _count: { _all: r._sum.count ?? 0 } }));
}

async function groupByResourceFromCounts(db: Db, filters: FindingFilters, limit: number): Promise<{ groups: FindingGroupRow[]; truncated: boolean }> {
  const rows = await db.openResourceCount.findMany({
    where: {
      excepted: filters.status === 'excepted',
      ...(filters.cluster ? { clusterId: filters.cluster } : {}),
      ...(filters.namespace ? { resourceNamespace: filters.namespace } : {}),
      ...(filters.kind ? { resourceKind: filters.kind } : {}),
    },
    orderBy: [{ total: 'desc' }, { resourceName: 'asc' }],
    take: limit + 1,
    include: { cluster: { select: { name: true } } },
  });
  const groups = rows.slice(0, limit).map((r): FindingGroupRow => {
    const namespace = r.resourceNamespace === '' ? null : r.resourceNamespace;
    const bySeverity: Record<Severity, number> = { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info };
    return {
      key: `${r.clusterId}/${r.resourceKind}/${r.resourceNamespace}/${r.resourceName}`,
      resource: { kind: r.resourceKind, namespace, name: r.resourceName, clusterId: r.clusterId, clusterName: r.cluster.name },
      severity: SEVERITIES.find((s) => bySeverity[s] > 0) ?? 'info',
      count: r.total,
      bySeverity,
    };
  });
  return { groups, truncated: rows.length > limit };
}

/**
 * Aggregated counts of the filtered findings, grouped by check or by resource (biggest groups
 * first, at most `limit` groups). From OpenFindingCount / OpenResourceCount where that is exact
 * (countsServeGrouping, resourceCountsServeGrouping): no count over millions of rows.
 */
export async function groupFindings(db: Db, filters: FindingFilters, group: 'check' | 'resource', checkTitle: CheckTitleLookup, now = new Date(), limit = 200): Promise<{ groups: FindingGroupRow[]; truncated: boolean }> {
  const stale = await loadStaleExceptionIds(db, now);
  const where = findingsWhereFor(filters, stale);
  if (group === 'check') {
    const rows = countsServeGrouping(filters, stale)
      ? await checkCountsFromTable(db, filters)
      : await db.finding.groupBy({ by: ['checkId', 'section', 'severity'], where, _count: { _all: true } });
    const byCheck = new Map<string, FindingGroupRow>();
    for (const r of rows) {
      let g = byCheck.get(r.checkId);
      if (!g) byCheck.set(r.checkId, (g = { key: r.checkId, checkId: r.checkId, checkTitle: checkTitle(r.checkId) ?? r.checkId, section: r.section, severity: r.severity, count: 0, bySeverity: zeroBySeverity() }));
      g.count += r._count._all;
      g.bySeverity[r.severity] += r._count._all;
      g.severity = worst(g.severity, r.severity);
    }
    const groups = [...byCheck.values()].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.count - a.count || a.key.localeCompare(b.key));
    return { groups: groups.slice(0, limit), truncated: groups.length > limit };
  }
  if (resourceCountsServeGrouping(filters, stale)) return groupByResourceFromCounts(db, filters, limit);
  const rows = await db.finding.groupBy({
    by: ['clusterId', 'resourceKind', 'resourceNamespace', 'resourceName'],
    where,
    _count: { _all: true },
    orderBy: [{ _count: { id: 'desc' } }, { resourceName: 'asc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const clusterNames = new Map((await db.cluster.findMany({ where: { id: { in: [...new Set(page.map((r) => r.clusterId))] } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const severities = page.length
    ? await db.finding.groupBy({
        by: ['clusterId', 'resourceKind', 'resourceNamespace', 'resourceName', 'severity'],
        where: { AND: [where, { OR: page.map((r) => ({ clusterId: r.clusterId, resourceKind: r.resourceKind, resourceNamespace: r.resourceNamespace, resourceName: r.resourceName })) }] },
        _count: { _all: true },
      })
    : [];
  const key = (r: { clusterId: string; resourceKind: string; resourceNamespace: string | null; resourceName: string }) => `${r.clusterId}/${r.resourceKind}/${r.resourceNamespace ?? ''}/${r.resourceName}`;
  const groups = new Map<string, FindingGroupRow>(
    page.map((r) => [
      key(r),
      {
        key: key(r),
        resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName, clusterId: r.clusterId, clusterName: clusterNames.get(r.clusterId) ?? r.clusterId },
        severity: 'info' as Severity,
        count: r._count._all,
        bySeverity: zeroBySeverity(),
      },
    ]),
  );
  for (const s of severities) {
    const g = groups.get(key(s));
    if (!g) continue;
    g.bySeverity[s.severity] += s._count._all;
    g.severity = worst(g.severity, s.severity);
  }
  return { groups: [...groups.values()], truncated: rows.length > limit };
}

/** Options for the filter bar: clusters, and (for one cluster) namespaces and kinds that have findings. */
export async function findingFilterOptions(db: Db, clusterId?: string): Promise<{ clusters: Array<{ id: string; name: string }>; namespaces: string[]; kinds: string[] }> {
  const [clusters, namespaces, kinds] = await Promise.all([
    db.cluster.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    clusterId
      ? db.finding.groupBy({ by: ['resourceNamespace'], where: { clusterId, resourceNamespace: { not: null } }, orderBy: { resourceNamespace: 'asc' }, take: 500 })
      : Promise.resolve([]),
    clusterId ? db.finding.groupBy({ by: ['resourceKind'], where: { clusterId }, orderBy: { resourceKind: 'asc' }, take: 100 }) : Promise.resolve([]),
  ]);
  return {
    clusters,
    namespaces: namespaces.map((n) => n.resourceNamespace).filter((n): n is string => Boolean(n)),
    kinds: kinds.map((k) => k.resourceKind),
  };
}
