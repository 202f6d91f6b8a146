/**
 * The findings browser's filters: one zod schema shared by the page (URL search params), the
 * API (GET /api/findings) and the query (lib/dashboard/findings.ts). Safe in client components.
 *
 * The URL is the state: every filter is a search param, so a filtered view survives reload and
 * can be shared. Multi-valued filters (severity) are comma-separated.
 */
import { z } from 'zod';
import { dateInput } from '@/lib/api/input';
import { SECTION_IDS, SEVERITIES } from '@/lib/checks/types';
import { FRAMEWORK_IDS } from '@/lib/frameworks/types';
import { SLA_FILTERS } from '@/lib/sla/policy';
import { AppError } from '@/lib/api/errors';

export const FINDING_STATUSES = ['open', 'excepted', 'resolved', 'all'] as const;
export type FindingStatusFilter = (typeof FINDING_STATUSES)[number];
/**
 * Sort orders. Each has a natural direction (dir=asc: most severe, newest, oldest, A→Z) and its
 * exact reverse (dir=desc); "newest" and "oldest" are one order in its two directions.
 */
export const FINDING_SORTS = ['severity', 'newest', 'oldest', 'resource', 'check', 'namespace'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export const FINDING_SORT_DIRS = ['asc', 'desc'] as const;
export type FindingSortDir = (typeof FINDING_SORT_DIRS)[number];
export const FINDING_GROUPS = ['none', 'check', 'resource', 'namespace'] as const;
export type FindingGroup = (typeof FINDING_GROUPS)[number];

const id = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'Not an id.');
const empty = (v: unknown) => (v === '' || v === null ? undefined : v);

const severityList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(SEVERITIES)).max(SEVERITIES.length));

export const findingFiltersSchema = z.object({
  cluster: z.preprocess(empty, id.optional()),
  section: z.preprocess(empty, z.enum(SECTION_IDS).optional()),
  check: z.preprocess(empty, id.optional()),
  /** Only findings of the checks that assess this compliance framework (lib/frameworks)… */
  framework: z.preprocess(empty, z.enum(FRAMEWORK_IDS).optional()),
  /** …or only of this one control of it (needs `framework`). */
  control: z.preprocess(empty, z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9./-]+$/, 'Not a control id.').optional()),
  severity: z.preprocess(empty, severityList.optional()),
  status: z.preprocess(empty, z.enum(FINDING_STATUSES).default('open')),
  namespace: z.preprocess(empty, z.string().trim().min(1).max(253).optional()),
  kind: z.preprocess(empty, z.string().trim().min(1).max(100).optional()),
  /** Exactly this resource name (one workload's findings, with kind and namespace); `q` is the substring search. */
  name: z.preprocess(empty, z.string().trim().min(1).max(253).optional()),
  /** First seen on or after this date (YYYY-MM-DD or ISO). */
  since: z.preprocess(empty, dateInput.optional()),
  /** Remediation SLA state (lib/sla/policy.ts): open, not excepted findings past their due date or due within a week. */
  sla: z.preprocess(empty, z.enum(SLA_FILTERS).optional()),
  /** Namespace owner (the namespace label named by RAMPART_NAMESPACE_OWNER_LABEL, default `team`). */
  owner: z.preprocess(empty, z.string().trim().min(1).max(63).optional()),
  /** Owning team (a team id), or `unowned` for findings no team's scope covers (lib/teams/ownership.ts). */
  team: z.preprocess(empty, id.optional()),
  /** Case-insensitive substring of the resource name, namespace, message, check id or check title. */
  q: z.preprocess(empty, z.string().trim().min(1).max(200).optional()),
  sort: z.preprocess(empty, z.enum(FINDING_SORTS).default('severity')),
  dir: z.preprocess(empty, z.enum(FINDING_SORT_DIRS).default('asc')),
  group: z.preprocess(empty, z.enum(FINDING_GROUPS).default('none')),
  /** Rows after this one (next page). */
  cursor: z.preprocess(empty, z.string().max(500).optional()),
  /** Rows before this one (previous page). */
  before: z.preprocess(empty, z.string().max(500).optional()),
  /** The last page (the order walked backwards from its end). */
  last: z.preprocess(empty, z.enum(['1']).optional()),
  /** Page number: shown, and without a cursor a jump to that page (up to MAX_JUMP_ROWS rows deep). */
  page: z.preprocess(empty, z.coerce.number().int().min(1).max(1_000_000).default(1)),
  limit: z.preprocess(empty, z.coerce.number().int().min(1).max(200).default(50)),
}).refine((f) => !f.control || f.framework, { message: 'A control filter needs a framework.', path: ['control'] });

/** How deep a page-number jump (OFFSET) may go; further pages are reached with next / previous. */
export const MAX_JUMP_ROWS = 10_000;

export type FindingFilters = z.output<typeof findingFiltersSchema>;
export type FindingFiltersInput = z.input<typeof findingFiltersSchema>;

/** Parses URLSearchParams or a Next.js searchParams object (first value of repeated keys). */
export function parseFindingFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): FindingFilters {
  return findingFiltersSchema.parse(firstValues(params));
}

function firstValues(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (entries[k] ??= v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) entries[k] = Array.isArray(v) ? (v[0] ?? '') : v;
  return entries;
}

const ALLOWED: Partial<Record<keyof FindingFilters, readonly string[]>> = {
  section: SECTION_IDS,
  severity: SEVERITIES,
  status: FINDING_STATUSES,
  sort: FINDING_SORTS,
  dir: FINDING_SORT_DIRS,
  group: FINDING_GROUPS,
  framework: FRAMEWORK_IDS,
  sla: SLA_FILTERS,
};
const NAMES: Partial<Record<keyof FindingFilters, string>> = {
  section: 'section', framework: 'framework', severity: 'severity', status: 'status', sort: 'sort order', dir: 'sort direction', group: 'grouping', sla: 'due-date filter',
};
const quote = (v: string) => `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
const orList = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

/** One sentence a person can act on for a parameter that was not understood (never zod's wording). */
export function describeBadParam(key: string, raw: string | undefined): string {
  const k = key as keyof FindingFilters;
  const allowed = ALLOWED[k];
  const value = raw ?? '';
  if (k === 'severity' && allowed) {
    const bad = value.split(',').map((x) => x.trim()).filter((x) => x && !allowed.includes(x));
    return `Unknown severity ${bad.length ? bad.map(quote).join(', ') : quote(value)}: use ${orList(allowed)} (several separated by commas).`;
  }
  if (allowed) return `Unknown ${NAMES[k] ?? key} ${quote(value)}: use ${orList(allowed)}.`;
  switch (k) {
    case 'limit':
      return `Rows per page must be a whole number from 1 to 200, not ${quote(value)}.`;
    case 'page':
      return `The page number must be a whole number from 1, not ${quote(value)}.`;
    case 'since':
      return `${quote(value)} is not a date: use YYYY-MM-DD, such as 2026-01-31.`;
    case 'cluster':
    case 'check':
    case 'team':
      return `${quote(value)} is not a ${k} id.`;
    case 'q':
      return 'The search text must be 1 to 200 characters long.';
    case 'cursor':
    case 'before':
      return 'The page link is damaged: start again from the first page.';
    case 'control':
      return raw && /^[A-Za-z0-9./-]{1,64}$/.test(raw) ? 'A control filter needs a framework (add framework=… to the address).' : `${quote(value)} is not a control id.`;
    case 'last':
      return 'The "last page" parameter takes the value 1.';
    default:
      return `The ${key} filter ${quote(value)} is not valid.`;
  }
}

/**
 * Like parseFindingFilters but never throws (pages): a parameter that is not understood is left
 * out, the others still apply, and `error` says in plain words what was ignored.
 */
export function safeParseFindingFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): { filters: FindingFilters; error: string | null } {
  const entries = firstValues(params);
  const first = findingFiltersSchema.safeParse(entries);
  if (first.success) return { filters: first.data, error: null };
  const badKeys = [...new Set(first.error.issues.map((i) => String(i.path[0] ?? '')))].filter(Boolean);
  const kept = Object.fromEntries(Object.entries(entries).filter(([k]) => !badKeys.includes(k)));
  const second = findingFiltersSchema.safeParse(kept);
  const error = badKeys.map((k) => describeBadParam(k, entries[k])).join(' ');
  return { filters: second.success ? second.data : findingFiltersSchema.parse({}), error: error || 'Some filters were not understood and were ignored.' };
}

/** Thrown by parseFindingFiltersOrExplain: the API answers 400 with this message. */
export class BadFindingFilterError extends AppError {
  constructor(message: string) {
    super(400, message);
  }
}

/** Strict parsing for the API: a parameter that is not understood is an error with a plain message. */
export function parseFindingFiltersOrExplain(params: URLSearchParams | Record<string, string | string[] | undefined>): FindingFilters {
  const { filters, error } = safeParseFindingFilters(params);
  if (error) throw new BadFindingFilterError(error);
  return filters;
}

/** The search params of a filter set (defaults and empty values left out), for links and the URL bar. */
export function findingFiltersToParams(filters: Partial<FindingFilters>, overrides: Partial<Record<keyof FindingFilters, string | undefined>> = {}): URLSearchParams {
  const p = new URLSearchParams();
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined && v !== '') p.set(k, v);
  };
  set('cluster', filters.cluster);
  set('section', filters.section);
  set('check', filters.check);
  set('framework', filters.framework);
  set('control', filters.control);
  set('severity', filters.severity?.length ? filters.severity.join(',') : undefined);
  set('status', filters.status && filters.status !== 'open' ? filters.status : undefined);
  set('namespace', filters.namespace);
  set('kind', filters.kind);
  set('name', filters.name);
  set('since', filters.since ? filters.since.toISOString().slice(0, 10) : undefined);
  set('owner', filters.owner);
  set('sla', filters.sla);
  set('team', filters.team);
  set('q', filters.q);
  set('sort', filters.sort && filters.sort !== 'severity' ? filters.sort : undefined);
  set('dir', filters.dir && filters.dir !== 'asc' ? filters.dir : undefined);
  set('group', filters.group && filters.group !== 'none' ? filters.group : undefined);
  set('limit', filters.limit && filters.limit !== 50 ? String(filters.limit) : undefined);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  return p;
}

/** The findings browser's address of one resource's open findings (exact kind, namespace and name). */
export function resourceFindingsHref(clusterId: string, r: { kind: string; namespace?: string | null; name: string }): string {
  return `/findings?${findingFiltersToParams({ cluster: clusterId, kind: r.kind, namespace: r.namespace ?? undefined, name: r.name }).toString()}`;
}
