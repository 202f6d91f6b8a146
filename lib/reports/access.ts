/**
 * Who may read a stored remediation report. A report records the teams it was made for
 * (Report.teamIds: a team member's report covers their teams' part of the fleet; empty: the
 * fleet). Fleet users read every report; a team member only reports made for teams that are all
 * theirs, so another user's report over a part of the fleet they do not see is "not found" to them.
 */
import type { Prisma } from '@/lib/db';
import type { AccessScope } from '@/lib/teams/scope';

/** The teams a report made within `scope` is recorded for: none for the fleet. */
export function reportTeamIds(scope: AccessScope): string[] {
  return scope.kind === 'fleet' ? [] : scope.teams.map((t) => t.id).sort();
}

/** Whether `scope` may read a report recorded for `teamIds`. */
export function mayReadReport(scope: AccessScope, teamIds: readonly string[]): boolean {
  if (scope.kind === 'fleet') return true;
  const mine = new Set(scope.teams.map((t) => t.id));
  return teamIds.length > 0 && teamIds.every((id) => mine.has(id));
}

/** A first cut of the reports `scope` may read, in SQL (refine each row with mayReadReport). */
export function reportsVisibleWhere(scope: AccessScope): Prisma.ReportWhereInput {
  return scope.kind === 'fleet' ? {} : { teamIds: { hasSome: scope.teams.map((t) => t.id) } };
}
