/**
 * The findings browser's sort orders and keyset cursors (lib/dashboard/findings.ts).
 *
 * Every order is a total order ending in the row id, given as a list of keys. dir=asc walks it
 * in its natural direction, dir=desc is its exact reverse, so one index serves both (PostgreSQL
 * walks a B-tree backwards). A cursor holds the sort key of a row; "after" a cursor means later in
 * the walked direction, "before" means earlier (previous page: the walk reversed, then flipped).
 *
 * | sort      | natural direction (asc)                                   | index (status = …)                    |
 * |-----------|-----------------------------------------------------------|---------------------------------------|
 * | severity  | critical first, newest first, id                          | (status, severity, first_seen DESC, id) |
 * | newest    | newest first, id descending                               | (status, first_seen, id) backwards    |
 * | oldest    | oldest first, id                                          | (status, first_seen, id)              |
 * | resource  | resource name A→Z, id                                     | (status, resource_name, id)           |
 * | check     | check id A→Z, critical first, newest first, id            | (check_id, status, severity, first_seen DESC, id) |
 * | namespace | namespace A→Z (cluster-scoped last), resource name, id    | (status, resource_namespace, resource_name, id) |
 */
import { SEVERITIES, type Severity } from '@/lib/checks/types';
import type { Prisma } from '@/lib/db';
import type { FindingFilters, FindingSort, FindingSortDir } from './findings-filters';
import { AppError } from '@/lib/api/errors';

type KeyField = 'severity' | 'firstSeenAt' | 'resourceName' | 'checkId' | 'resourceNamespace' | 'id';
interface Key {
  field: KeyField;
  /** Natural direction of this key. */
  asc: boolean;
}

const ORDERS: Record<FindingSort, Key[]> = {
  severity: [
    { field: 'severity', asc: true },
    { field: 'firstSeenAt', asc: false },
    { field: 'id', asc: true },
  ],
  newest: [
    { field: 'firstSeenAt', asc: false },
    { field: 'id', asc: false },
  ],
  oldest: [
    { field: 'firstSeenAt', asc: true },
    { field: 'id', asc: true },
  ],
  resource: [
    { field: 'resourceName', asc: true },
    { field: 'id', asc: true },
  ],
  check: [
    { field: 'checkId', asc: true },
    { field: 'severity', asc: true },
    { field: 'firstSeenAt', asc: false },
    { field: 'id', asc: true },
  ],
  namespace: [
    { field: 'resourceNamespace', asc: true },
    { field: 'resourceName', asc: true },
    { field: 'id', asc: true },
  ],
};

/** A row's values of the sort keys. */
export type SortRow = Pick<Prisma.FindingGetPayload<{ select: { severity: true; firstSeenAt: true; resourceName: true; checkId: true; resourceNamespace: true; id: true } }>, KeyField>;

/** The cursor: the sort it belongs to and the key values, in key order (dates as ISO strings). */
interface Cursor {
  o: FindingSort;
  v: Array<string | null>;
}

export class InvalidCursorError extends AppError {
  constructor() {
    super(400, 'This page link is damaged or belongs to another sort order (its cursor does not match); start again from the first page.');
  }
}

export function encodeCursor(sort: FindingSort, row: SortRow): string {
  const v = ORDERS[sort].map((k) => {
    const x = row[k.field];
    return x instanceof Date ? x.toISOString() : (x ?? null);
  });
  return Buffer.from(JSON.stringify({ o: sort, v } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(raw: string, sort: FindingSort): Array<string | null> {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    const keys = ORDERS[sort];
    if (c.o !== sort || !Array.isArray(c.v) || c.v.length !== keys.length) throw new Error();
    keys.forEach((k, i) => {
      const x = c.v![i];
      if (x === null && k.field === 'resourceNamespace') return;
      if (typeof x !== 'string') throw new Error();
      if (k.field === 'firstSeenAt' && Number.isNaN(Date.parse(x))) throw new Error();
      if (k.field === 'severity' && !SEVERITIES.includes(x as Severity)) throw new Error();
    });
    return c.v;
  } catch {
    throw new InvalidCursorError();
  }
}

/** Whether the walk goes against the natural direction: dir=desc, or a previous / last page (which flips it once more). */
function walkAscending(key: Key, dir: FindingSortDir, backwards: boolean): boolean {
  return key.asc !== (dir === 'desc') !== backwards;
}

/** ORDER BY of the walk. Namespaces: cluster-scoped (null) last in the natural direction. */
export function orderByFor(sort: FindingSort, dir: FindingSortDir, backwards = false): Prisma.FindingOrderByWithRelationInput[] {
  return ORDERS[sort].map((k) => {
    const up = walkAscending(k, dir, backwards);
    if (k.field === 'resourceNamespace') return { resourceNamespace: { sort: up ? 'asc' : 'desc', nulls: up ? 'last' : 'first' } };
    return { [k.field]: up ? 'asc' : 'desc' } as Prisma.FindingOrderByWithRelationInput;
  });
}

function equal(field: KeyField, v: string | null): Prisma.FindingWhereInput {
  if (field === 'firstSeenAt') return { firstSeenAt: new Date(v!) };
  if (field === 'severity') return { severity: v as Severity };
  return { [field]: v } as Prisma.FindingWhereInput;
}

/** Rows strictly later than `v` on this key, walking up (asc) or down. Nulls (namespaces only) sort last going up. */
function later(field: KeyField, v: string | null, up: boolean): Prisma.FindingWhereInput | null {
  if (field === 'severity') {
    const i = SEVERITIES.indexOf(v as Severity);
    const rest = up ? SEVERITIES.slice(i + 1) : SEVERITIES.slice(0, i);
    return rest.length ? { severity: { in: [...rest] } } : null;
  }
  if (field === 'resourceNamespace') {
    if (v === null) return up ? null : { resourceNamespace: { not: null } };
    return up ? { OR: [{ resourceNamespace: { gt: v } }, { resourceNamespace: null }] } : { resourceNamespace: { lt: v } };
  }
  const value = field === 'firstSeenAt' ? new Date(v!) : v!;
  return { [field]: up ? { gt: value } : { lt: value } } as Prisma.FindingWhereInput;
}

/** Rows strictly after the cursor in the walk (lexicographic over the keys). */
export function afterCursorWhere(sort: FindingSort, dir: FindingSortDir, values: Array<string | null>, backwards = false): Prisma.FindingWhereInput {
  const keys = ORDERS[sort];
  const or: Prisma.FindingWhereInput[] = [];
  keys.forEach((k, i) => {
    const step = later(k.field, values[i], walkAscending(k, dir, backwards));
    if (!step) return;
    const prefix = keys.slice(0, i).map((p, j) => equal(p.field, values[j]));
    or.push(prefix.length ? { AND: [...prefix, step] } : step);
  });
  return or.length ? { OR: or } : { id: { in: [] } };
}

/** The cursor direction a page request asks for. */
export function pageRequest(filters: Pick<FindingFilters, 'cursor' | 'before' | 'last'>): { cursor?: string; backwards: boolean } {
  if (filters.before) return { cursor: filters.before, backwards: true };
  if (filters.cursor) return { cursor: filters.cursor, backwards: false };
  return { backwards: filters.last === '1' };
}
