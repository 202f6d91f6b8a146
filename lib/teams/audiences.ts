/**
 * Access for notifications (lib/notifications/email/audiences.ts asks here): who has the fleet
 * view, the digest scope of each team for its members without it, and which findings of an alert a
 * given user may see. The same access scope as every page (lib/teams/scope.ts).
 */
import type { Db, Prisma } from '@/lib/db';
import { isRole } from '@/lib/auth/roles';
import { clustersOfArea, findingsInArea } from './area';
import { accessScopeFor, areaFor, findingsVisibleWhere, loadScopeRules } from './scope';

export interface TeamDigestScope {
  teamId: string;
  label: string;
  /** Clusters the team touches; null: every cluster. */
  clusterIds: string[] | null;
  findingWhere: Prisma.FindingWhereInput;
  /** Members who do not have the fleet view (those get the fleet digest instead). */
  memberIds: string[];
}

/** Whether a user sees the fleet (admin, or fleet access on). */
export function hasFleetView(user: { role: string; fleetAccess: boolean }): boolean {
  return user.role === 'admin' || user.fleetAccess;
}

/** One digest scope per team that has members without the fleet view. */
export async function teamDigestScopes(db: Db): Promise<TeamDigestScope[]> {
  const teams = await db.team.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, members: { select: { userId: true, role: true, user: { select: { role: true, fleetAccess: true } } } } },
  });
  const out: TeamDigestScope[] = [];
  for (const team of teams) {
    const memberIds = team.members.filter((m) => isRole(m.role) && !hasFleetView(m.user)).map((m) => m.userId);
    if (!memberIds.length) continue;
    const area = await areaFor(db, await loadScopeRules(db, [team.id]));
    const clusters = clustersOfArea(area);
    out.push({ teamId: team.id, label: team.name, clusterIds: clusters === 'all' ? null : clusters, findingWhere: findingsInArea(area), memberIds });
  }
  return out;
}

/** The ids among `findingIds` the user may see. */
export async function visibleFindingIds(db: Db, user: { id: string; role: string }, findingIds: readonly string[]): Promise<Set<string>> {
  const scope = await accessScopeFor(db, { id: user.id, role: user.role === 'admin' ? 'admin' : 'viewer' });
  if (scope.kind === 'fleet') return new Set(findingIds);
  const rows = await db.finding.findMany({ where: { AND: [{ id: { in: [...findingIds] } }, findingsVisibleWhere(scope)] }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
