/**
 * Searching, filtering and sorting the check catalog (the /checks table). Pure and client-safe: the
 * page parses its URL with `parseCatalogQuery` and narrows the catalog with `applyCatalogQuery`.
 * A bad URL never errors: each unknown value falls back to its default and is reported, so the page
 * can say what it ignored.
 */
import { z } from 'zod';
import { SECTION_IDS, SEVERITIES, type SectionId, type Severity } from '../checks/types';
import type { FrameworkMapping } from '../checks/frameworks/types';
import { compareSeverity } from '../vocabulary';

export const CATALOG_SORTS = ['failures', 'clusters', 'severity', 'section', 'id'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const CATALOG_FRAMEWORKS = ['cis', 'nsa', 'pss'] as const;
export type CatalogFramework = (typeof CATALOG_FRAMEWORKS)[number];

export interface CatalogQuery {
  q: string;
  section?: SectionId;
  severity?: Severity;
  framework?: CatalogFramework;
  /** Only checks failing somewhere in the fleet. */
  failing: boolean;
  sort: CatalogSort;
}

/** What applyCatalogQuery needs of a check (CatalogCheck has it). */
export interface CatalogRow {
  id: string;
  title: string;
  section: SectionId;
  severity: Severity;
  description: string;
  guideRef: string;
  frameworks: FrameworkMapping;
  fleet: { passed: number; failed: number; excepted: number; clustersFailing: number } | null;
}

const param = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const fields = {
  q: z.string().max(200),
  section: z.enum(SECTION_IDS),
  severity: z.enum(SEVERITIES),
  framework: z.enum(CATALOG_FRAMEWORKS),
  failing: z.enum(['1', 'true']),
  sort: z.enum(CATALOG_SORTS),
} as const;

export function parseCatalogQuery(params: Record<string, string | string[] | undefined>): { query: CatalogQuery; ignored: string[] } {
  const ignored: string[] = [];
  const pick = <K extends keyof typeof fields>(key: K): z.infer<(typeof fields)[K]> | undefined => {
    const raw = param(params[key]);
    if (raw === undefined || raw === '') return undefined;
    const parsed = fields[key].safeParse(raw);
    if (!parsed.success) {
      ignored.push(key);
      return undefined;
    }
    return parsed.data as z.infer<(typeof fields)[K]>;
  };
  const query: CatalogQuery = {
    q: (pick('q') ?? '').trim(),
    section: pick('section'),
    severity: pick('severity'),
    framework: pick('framework'),
    failing: pick('failing') !== undefined,
    sort: pick('sort') ?? 'failures',
  };
  return { query, ignored };
}

const SECTION_RANK = new Map(SECTION_IDS.map((s, i) => [s, i]));

function haystack(c: CatalogRow): string {
  const fw = [...(c.frameworks.cis ?? []).map((id) => `cis ${id}`), ...(c.frameworks.nsa ?? []), c.frameworks.pss ? `${c.frameworks.pss.level} ${c.frameworks.pss.control}` : ''];
  return [c.id, c.title, c.description, c.guideRef, ...fw].join('\n').toLowerCase();
}

function hasFramework(c: CatalogRow, fw: CatalogFramework): boolean {
  if (fw === 'pss') return Boolean(c.frameworks.pss);
  return (c.frameworks[fw]?.length ?? 0) > 0;
}

export function applyCatalogQuery<T extends CatalogRow>(checks: readonly T[], q: CatalogQuery): T[] {
  const words = q.q.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = checks.filter(
    (c) =>
      (!q.section || c.section === q.section) &&
      (!q.severity || c.severity === q.severity) &&
      (!q.framework || hasFramework(c, q.framework)) &&
      (!q.failing || (c.fleet?.failed ?? 0) > 0) &&
      (words.length === 0 || words.every((w) => haystack(c).includes(w))),
  );
  const bySeverity = (a: T, b: T) => compareSeverity(a.severity, b.severity);
  const bySection = (a: T, b: T) => (SECTION_RANK.get(a.section) ?? 9) - (SECTION_RANK.get(b.section) ?? 9);
  const byId = (a: T, b: T) => a.id.localeCompare(b.id);
  const failed = (c: T) => c.fleet?.failed ?? 0;
  const clusters = (c: T) => c.fleet?.clustersFailing ?? 0;
  const compare: Record<CatalogSort, (a: T, b: T) => number> = {
    failures: (a, b) => failed(b) - failed(a) || clusters(b) - clusters(a) || bySeverity(a, b) || byId(a, b),
    clusters: (a, b) => clusters(b) - clusters(a) || failed(b) - failed(a) || bySeverity(a, b) || byId(a, b),
    severity: (a, b) => bySeverity(a, b) || failed(b) - failed(a) || byId(a, b),
    section: (a, b) => bySection(a, b) || byId(a, b),
    id: byId,
  };
  return [...rows].sort(compare[q.sort]);
}
