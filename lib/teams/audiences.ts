/**
 * Access for notifications (lib/notifications/email/audiences.ts and a team's webhooks ask here):
 * who has the fleet view, the digest scope of each team for its members without it, which findings
 * of an alert a given user may see, and what a team owns. The same access scope as every page
 * (lib/teams/scope.ts) and the one ownership rule (lib/teams/ownership.ts).
 */
import type { Db, Prisma } from '@/lib/db';
import { isRole } from '@/lib/auth/roles';
import { clustersOfArea, findingsInArea, wholeClustersOfArea } from './area';
import { ownerBuckets, ownerRuleClauses } from './owner-where';
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

/**
 * The findings the team owns, as a condition: ownership as WHERE clauses (lib/teams/owner-where.ts,
 * the same precedence as resolveOwner: a finding another team owns through a more specific scope is
 * not this team's).
 */
export async function findingsOwnedByTeam(db: Db, teamId: string): Promise<Prisma.FindingWhereInput> {
  const owned = ownerBuckets(await ownerRuleClauses(db, await loadScopeRules(db)), (rule): string | null => rule.teamId, null).get(teamId);
  return owned?.where ?? { id: { in: [] } };
}

/** Whether the team's scopes cover the whole cluster, so that its cluster-wide news (grade, failing scans) is the team's (as seesWholeCluster). */
export async function teamCoversCluster(db: Db, teamId: string, clusterId: string): Promise<boolean> {
  const whole = wholeClustersOfArea(await areaFor(db, await loadScopeRules(db, [teamId])));
  return whole === 'all' || whole.includes(clusterId);
}
