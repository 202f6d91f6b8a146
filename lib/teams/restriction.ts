/**
 * The extra condition a findings query carries for teams: what the caller may see (their access
 * scope) AND, with the browser's team filter, one team's area or "unowned" (outside every team's
 * area). The same condition in Prisma and SQL form (the browser's estimate reads the SQL one).
 * null: no condition (a fleet user without a team filter).
 */
import 'server-only';
import { Prisma, type Db } from '@/lib/db';
import { findingsInArea, findingsInAreaSql, findingsOutsideArea, findingsOutsideAreaSql } from './area';
import { UNOWNED } from './ownership';
import { areaFor, FLEET, loadScopeRules, type AccessScope } from './scope';

export interface FindingRestriction {
  where: Prisma.FindingWhereInput;
  sql: Prisma.Sql;
}

/** The team filter's condition: one team's area, or outside every team's area for "unowned". */
export async function teamFilterRestriction(db: Db, team: string): Promise<FindingRestriction> {
  if (team === UNOWNED) {
    const area = await areaFor(db, await loadScopeRules(db));
    return { where: findingsOutsideArea(area), sql: findingsOutsideAreaSql(area) };
  }
  const area = await areaFor(db, await loadScopeRules(db, [team]));
  return { where: findingsInArea(area), sql: findingsInAreaSql(area) };
}

/** The caller's scope AND the team filter, or null when neither restricts anything. */
export async function findingRestrictionFor(db: Db, scope: AccessScope = FLEET, team?: string | null): Promise<FindingRestriction | null> {
  const parts: FindingRestriction[] = [];
  if (scope.kind === 'teams') parts.push({ where: findingsInArea(scope.area), sql: findingsInAreaSql(scope.area) });
  if (team) parts.push(await teamFilterRestriction(db, team));
  if (!parts.length) return null;
  if (parts.length === 1) return parts[0]!;
  return { where: { AND: parts.map((p) => p.where) }, sql: Prisma.sql`(${Prisma.join(parts.map((p) => p.sql), ' AND ')})` };
}
