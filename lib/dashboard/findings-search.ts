/**
 * The findings browser's search box: a case-insensitive substring of the resource name, the
 * namespace, the message, the check id or the check's title.
 *
 * Name, namespace and message are matched in the database with ILIKE '%q%', which the pg_trgm
 * GIN indexes findings_{resource_name,resource_namespace,message}_trgm_idx answer at millions of
 * rows (PostgreSQL 15+ and PGlite load pg_trgm: lib/db/pglite-extensions.ts). Check ids and titles
 * live in the catalog, not in each row: the catalog is searched in memory and the matching check
 * ids become `check_id IN (…)`. `%`, `_` and `\` in the search text match themselves.
 */
import { CHECKS } from '@/lib/checks';
import { Prisma } from '@/lib/db';

/** Check ids whose id or title contains the text (case-insensitive). */
export function checkIdsMatching(q: string): string[] {
  const needle = q.toLowerCase();
  return CHECKS.filter((c) => c.id.toLowerCase().includes(needle) || c.title.toLowerCase().includes(needle)).map((c) => c.id);
}

/** The ILIKE pattern of a substring: wildcards in the text are escaped (backslash is LIKE's default escape). */
export function substringPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Prisma form: the rows the search text matches. */
export function searchWhere(q: string): Prisma.FindingWhereInput {
  const checks = checkIdsMatching(q);
  // Prisma's `contains` leaves % and _ unescaped; the escaped text is passed so they match themselves.
  const text = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return {
    OR: [
      { resourceName: { contains: text, mode: 'insensitive' } },
      { resourceNamespace: { contains: text, mode: 'insensitive' } },
      { message: { contains: text, mode: 'insensitive' } },
      ...(checks.length ? [{ checkId: { in: checks } }] : []),
    ],
  };
}

/** SQL form of searchWhere over `findings f` (the row-count estimate, lib/dashboard/findings-total.ts). */
export function searchSql(q: string): Prisma.Sql {
  const pattern = substringPattern(q);
  const checks = checkIdsMatching(q);
  return Prisma.sql`(f.resource_name ILIKE ${pattern} OR f.resource_namespace ILIKE ${pattern} OR f.message ILIKE ${pattern}${
    checks.length ? Prisma.sql` OR f.check_id = ANY(${checks}::text[])` : Prisma.empty
  })`;
}
