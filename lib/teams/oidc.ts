/**
 * OIDC group claims → teams and roles (lib/config.ts OIDC_GROUPS_CLAIM, OIDC_GROUP_ROLES,
 * OIDC_GROUP_TEAMS), applied at each OIDC sign-in:
 *
 * - In a role group: the fleet view with the highest mapped role.
 * - Otherwise, when team groups are configured: no fleet view (only the user's teams). An admin
 *   role given in Rampart is kept (remove it under Settings → Users).
 * - Team memberships that came from groups (source `oidc`) follow the groups: added, role
 *   changed, removed. Memberships an admin added by hand are left alone. A mapped team that does
 *   not exist yet is created.
 *
 * Audited as `user.oidc_groups_applied` (the user is the actor: it happens at their sign-in) when
 * anything changed.
 */
import { recordAudit } from '@/lib/auth/audit';
import { hasRole, isRole, type Role } from '@/lib/auth/roles';
import type { Config } from '@/lib/config';
import type { Db } from '@/lib/db';

export type GroupMapping = Pick<Config, 'OIDC_GROUPS_CLAIM' | 'OIDC_GROUP_ROLES' | 'OIDC_GROUP_TEAMS'>;

/** The group names in a profile's claim (a list of strings, or one string). */
export function groupsOf(profile: Record<string, unknown>, claim: string): string[] {
  const v = profile[claim];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string').slice(0, 1000) : [];
}

export function isGroupMappingConfigured(config: GroupMapping): boolean {
  return config.OIDC_GROUP_ROLES.length > 0 || config.OIDC_GROUP_TEAMS.length > 0;
}

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };
const higher = (a: Role | null, b: Role): Role => (!a || RANK[b] > RANK[a] ? b : a);

/** What the groups give: a fleet role (or null) and a role per team name. Pure. */
export function mapGroups(groups: readonly string[], config: GroupMapping): { fleetRole: Role | null; teams: Map<string, Role> } {
  const have = new Set(groups);
  let fleetRole: Role | null = null;
  for (const m of config.OIDC_GROUP_ROLES) if (have.has(m.group)) fleetRole = higher(fleetRole, m.role);
  const teams = new Map<string, Role>();
  for (const m of config.OIDC_GROUP_TEAMS) if (have.has(m.group)) teams.set(m.team, higher(teams.get(m.team) ?? null, m.role));
  return { fleetRole, teams };
}

/** Applies a signed-in user's groups to their role, fleet access and team memberships. */
export async function applyOidcGroups(db: Db, userId: string, groups: readonly string[], config: GroupMapping, ip: string | null = null): Promise<void> {
  if (!isGroupMappingConfigured(config)) return;
  const { fleetRole, teams } = mapGroups(groups, config);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, fleetAccess: true } });
    if (!user) return;
    const changes: Record<string, unknown> = {};
    const currentRole: Role = isRole(user.role) ? user.role : 'viewer';
    if (fleetRole) {
      const role = hasRole(currentRole, 'admin') ? currentRole : fleetRole;
      if (role !== user.role || !user.fleetAccess) {
        await tx.user.update({ where: { id: userId }, data: { role, fleetAccess: true } });
        changes.role = { from: user.role, to: role };
        changes.fleetAccess = { from: user.fleetAccess, to: true };
      }
    } else if (config.OIDC_GROUP_TEAMS.length && user.fleetAccess && currentRole !== 'admin') {
      await tx.user.update({ where: { id: userId }, data: { fleetAccess: false } });
      changes.fleetAccess = { from: true, to: false };
    }
    const existing = await tx.teamMember.findMany({ where: { userId }, include: { team: { select: { name: true } } } });
    const added: string[] = [];
    const removed: string[] = [];
    for (const [teamName, role] of teams) {
      const team = (await tx.team.findUnique({ where: { name: teamName }, select: { id: true } })) ?? (await tx.team.create({ data: { name: teamName, description: 'Created from an OIDC group mapping.' }, select: { id: true } }));
      const member = existing.find((m) => m.teamId === team.id);
      if (member?.source === 'manual') continue;
      if (!member) await tx.teamMember.create({ data: { teamId: team.id, userId, role, source: 'oidc' } });
      else if (member.role !== role) await tx.teamMember.update({ where: { teamId_userId: { teamId: team.id, userId } }, data: { role } });
      else continue;
      added.push(`${teamName}:${role}`);
    }
    for (const m of existing) {
      if (m.source !== 'oidc' || teams.has(m.team.name)) continue;
      await tx.teamMember.delete({ where: { teamId_userId: { teamId: m.teamId, userId } } });
      removed.push(m.team.name);
    }
    if (added.length) changes.teamsSet = added;
    if (removed.length) changes.teamsRemoved = removed;
    if (!Object.keys(changes).length) return;
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email, name: user.name, role: currentRole },
      action: 'user.oidc_groups_applied',
      targetType: 'user',
      targetId: userId,
      ip,
      details: { groups: groups.slice(0, 50), ...changes },
    });
  });
}
