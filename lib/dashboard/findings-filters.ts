/**
 * The findings browser's filters: one zod schema shared by the page (URL search params), the
 * API (GET /api/findings) and the query (lib/dashboard/findings.ts). Safe in client components.
 *
 * The URL is the state: every filter is a search param, so a filtered view survives reload and
 * can be shared. Multi-valued filters (severity) are comma-separated.
 */
import { z } from 'zod';
import { dateInput } from '@/lib/api/input';
import { SECTION_IDS, SEVERITIES, type Severity } from '@/lib/checks/types';
import { FRAMEWORK_IDS } from '@/lib/frameworks/types';

export const FINDING_STATUSES = ['open', 'excepted', 'resolved', 'all'] as const;
export type FindingStatusFilter = (typeof FINDING_STATUSES)[number];
export const FINDING_SORTS = ['severity', 'newest', 'oldest'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export const FINDING_GROUPS = ['none', 'check', 'resource'] as const;
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
  /** First seen on or after this date (YYYY-MM-DD or ISO). */
  since: z.preprocess(empty, dateInput.optional()),
  /** Resource-name prefix, or an exact check id. */
  q: z.preprocess(empty, z.string().trim().min(1).max(200).optional()),
  sort: z.preprocess(empty, z.enum(FINDING_SORTS).default('severity')),
  group: z.preprocess(empty, z.enum(FINDING_GROUPS).default('none')),
  cursor: z.preprocess(empty, z.string().max(500).optional()),
  limit: z.preprocess(empty, z.coerce.number().int().min(1).max(200).default(50)),
}).refine((f) => !f.control || f.framework, { message: 'A control filter needs a framework.', path: ['control'] });

export type FindingFilters = z.output<typeof findingFiltersSchema>;
export type FindingFiltersInput = z.input<typeof findingFiltersSchema>;

/** Parses URLSearchParams or a Next.js searchParams object (first value of repeated keys). */
export function parseFindingFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): FindingFilters {
  const entries: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (entries[k] ??= v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) entries[k] = Array.isArray(v) ? (v[0] ?? '') : v;
  return findingFiltersSchema.parse(entries);
}

/** Like parseFindingFilters but never throws: invalid params fall back to defaults (pages). */
export function safeParseFindingFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): { filters: FindingFilters; error: string | null } {
  try {
    return { filters: parseFindingFilters(params), error: null };
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : 'Invalid filters';
    return { filters: findingFiltersSchema.parse({}), error: message };
  }
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
  set('since', filters.since ? filters.since.toISOString().slice(0, 10) : undefined);
  set('q', filters.q);
  set('sort', filters.sort && filters.sort !== 'severity' ? filters.sort : undefined);
  set('group', filters.group && filters.group !== 'none' ? filters.group : undefined);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || v === '') p.delete(k);
    else p.set(k, v);
  }
  return p;
}

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;
