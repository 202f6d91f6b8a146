/**
 * Teams, their members and scopes (Settings → Teams, admin only), and a user's fleet access.
 * Every change is audited with the real actor in the same transaction (lib/auth/audit.ts):
 * team.created / team.updated / team.deleted, team.member_set / team.member_removed,
 * team.scope_added / team.scope_removed, team.sla_updated, user.fleet_access_changed.
 */
import 'server-only';
import { type SessionUser } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { recordAudit } from '@/lib/auth/audit';
import { Prisma, type Db } from '@/lib/db';
import { overridesOf, SLA_SEVERITIES, type SlaOverrides } from '@/lib/sla/policy';
import { describeScope } from './ownership';
import type { TeamDto } from './dto';
import type { CreateTeamInput, MemberInput, ScopeInput, UpdateTeamInput } from './schema';

export type { TeamDto, TeamMemberDto, TeamScopeDto } from './dto';

const TEAM_INCLUDE = {
  members: { include: { user: { select: { id: true, name: true, email: true, fleetAccess: true } } }, orderBy: { createdAt: 'asc' } },
  scopes: { include: { cluster: { select: { name: true } } }, orderBy: { createdAt: 'asc' } },
} satisfies Prisma.TeamInclude;

type TeamRow = Prisma.TeamGetPayload<{ include: typeof TEAM_INCLUDE }>;

function toDto(t: TeamRow): TeamDto {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    slaOverrides: overridesOf(t.slaOverrides),
    createdAt: t.createdAt.toISOString(),
    members: t.members
      .map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, source: m.source, fleetAccess: m.user.fleetAccess }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    scopes: t.scopes.map((s) => ({
      id: s.id,
      clusterId: s.clusterId,
      clusterName: s.cluster?.name ?? null,
      kind: s.kind,
      value: s.value,
      summary: describeScope({ kind: s.kind, value: s.value }, s.cluster?.name ?? null),
    })),
  };
}

const notFound = (id: string) => new AppError(404, `No team with id "${id}".`);
const nameTaken = (name: string) => new AppError(409, `A team named "${name}" already exists.`);
const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

export async function listTeams(db: Db): Promise<TeamDto[]> {
  return (await db.team.findMany({ include: TEAM_INCLUDE, orderBy: { name: 'asc' } })).map(toDto);
}

export async function getTeam(db: Db, id: string): Promise<TeamDto> {
  const t = await db.team.findUnique({ where: { id }, include: TEAM_INCLUDE });
  if (!t) throw notFound(id);
  return toDto(t);
}

export async function createTeam(db: Db, actor: SessionUser, input: CreateTeamInput, ip: string | null): Promise<TeamDto> {
  try {
    const id = await db.$transaction(async (tx) => {
      const t = await tx.team.create({ data: { name: input.name, description: input.description || null } });
      await recordAudit(tx, { actor, action: 'team.created', targetType: 'team', targetId: t.id, ip, details: { name: t.name } });
      return t.id;
    });
    return getTeam(db, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

export async function updateTeam(db: Db, actor: SessionUser, id: string, input: UpdateTeamInput, ip: string | null): Promise<TeamDto> {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.team.findUnique({ where: { id } });
      if (!before) throw notFound(id);
      const data: Prisma.TeamUpdateInput = {};
      if (input.name !== undefined) data.name = input.name;
      if (input.description !== undefined) data.description = input.description || null;
      await tx.team.update({ where: { id }, data });
      await recordAudit(tx, {
        actor,
        action: 'team.updated',
        targetType: 'team',
        targetId: id,
        ip,
        details: { before: { name: before.name, description: before.description }, after: { name: input.name ?? before.name, description: input.description === undefined ? before.description : input.description || null } },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name ?? '');
    throw e;
  }
  return getTeam(db, id);
}

export async function deleteTeam(db: Db, actor: SessionUser, id: string, ip: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.team.findUnique({ where: { id }, include: { _count: { select: { members: true, scopes: true } }, webhooks: { select: { name: true }, orderBy: { name: 'asc' } } } });
    if (!before) throw notFound(id);
    // Without its team a team's webhook would be a fleet webhook: the admin decides what becomes of it.
    if (before.webhooks.length) throw new AppError(409, `Team "${before.name}" has webhooks (${before.webhooks.map((w) => `"${w.name}"`).join(', ')}): delete them or remove their team filter under Settings › Webhooks first.`);
    await tx.team.delete({ where: { id } });
    await recordAudit(tx, { actor, action: 'team.deleted', targetType: 'team', targetId: id, ip, details: { name: before.name, members: before._count.members, scopes: before._count.scopes } });
  });
}

/** Adds a member or changes their role within the team. */
export async function setMember(db: Db, actor: SessionUser, teamId: string, input: MemberInput, ip: string | null): Promise<TeamDto> {
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true } });
    if (!team) throw notFound(teamId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true } });
    if (!user) throw new AppError(400, `No user with id "${input.userId}".`);
    const before = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId: input.userId } } });
    if (before?.role === input.role) return;
    await tx.teamMember.upsert({
      where: { teamId_userId: { teamId, userId: input.userId } },
      create: { teamId, userId: input.userId, role: input.role, source: 'manual' },
      update: { role: input.role, source: 'manual' },
    });
    await recordAudit(tx, { actor, action: 'team.member_set', targetType: 'team', targetId: teamId, ip, details: { team: team.name, user: user.email, from: before?.role ?? null, to: input.role } });
  });
  return getTeam(db, teamId);
}

export async function removeMember(db: Db, actor: SessionUser, teamId: string, userId: string, ip: string | null): Promise<TeamDto> {
  await db.$transaction(async (tx) => {
    const member = await tx.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, include: { team: { select: { name: true } }, user: { select: { email: true } } } });
    if (!member) throw new AppError(404, 'That user is not a member of this team.');
    await tx.teamMember.delete({ where: { teamId_userId: { teamId, userId } } });
    await recordAudit(tx, { actor, action: 'team.member_removed', targetType: 'team', targetId: teamId, ip, details: { team: member.team.name, user: member.user.email, role: member.role } });
  });
  return getTeam(db, teamId);
}

export async function addScope(db: Db, actor: SessionUser, teamId: string, input: ScopeInput, ip: string | null): Promise<TeamDto> {
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true } });
    if (!team) throw notFound(teamId);
    const clusterId = input.clusterId ?? null;
    const cluster = clusterId ? await tx.cluster.findUnique({ where: { id: clusterId }, select: { name: true } }) : null;
    if (clusterId && !cluster) throw new AppError(400, `No cluster with id "${clusterId}".`);
    const value = input.kind === 'cluster' ? null : (input.value?.trim() ?? null);
    const same = await tx.teamScope.findFirst({ where: { teamId, clusterId, kind: input.kind, value } });
    if (same) throw new AppError(409, 'The team already has this scope.');
    const scope = await tx.teamScope.create({ data: { teamId, clusterId, kind: input.kind, value } });
    await recordAudit(tx, {
      actor,
      action: 'team.scope_added',
      targetType: 'team',
      targetId: teamId,
      ip,
      details: { team: team.name, scopeId: scope.id, clusterId, kind: input.kind, value, summary: describeScope({ kind: input.kind, value }, cluster?.name ?? null) },
    });
  });
  return getTeam(db, teamId);
}

export async function removeScope(db: Db, actor: SessionUser, teamId: string, scopeId: string, ip: string | null): Promise<TeamDto> {
  await db.$transaction(async (tx) => {
    const scope = await tx.teamScope.findFirst({ where: { id: scopeId, teamId }, include: { team: { select: { name: true } }, cluster: { select: { name: true } } } });
    if (!scope) throw new AppError(404, 'This team has no such scope.');
    await tx.teamScope.delete({ where: { id: scopeId } });
    await recordAudit(tx, {
      actor,
      action: 'team.scope_removed',
      targetType: 'team',
      targetId: teamId,
      ip,
      details: { team: scope.team.name, scopeId, clusterId: scope.clusterId, kind: scope.kind, value: scope.value, summary: describeScope(scope, scope.cluster?.name ?? null) },
    });
  });
  return getTeam(db, teamId);
}

/**
 * Sets the team's remediation SLA days for some severities (lib/sla/policy.ts): the overrides as
 * sent replace the previous ones; a severity left out or null follows the instance policy.
 */
export async function setTeamSla(db: Db, actor: SessionUser, teamId: string, input: Partial<Record<keyof SlaOverrides, number | null>>, ip: string | null): Promise<TeamDto> {
  const after = overridesOf(input);
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true, slaOverrides: true } });
    if (!team) throw notFound(teamId);
    const before = overridesOf(team.slaOverrides);
    if (SLA_SEVERITIES.every((s) => before[s] === after[s])) return;
    await tx.team.update({ where: { id: teamId }, data: { slaOverrides: Object.keys(after).length ? after : Prisma.DbNull } });
    await recordAudit(tx, { actor, action: 'team.sla_updated', targetType: 'team', targetId: teamId, ip, details: { team: team.name, before, after } });
  });
  return getTeam(db, teamId);
}

/** Turns a user's fleet view on or off (off: only their teams' scopes). Admins keep the fleet view whatever it says. */
export async function setFleetAccess(db: Db, actor: SessionUser, userId: string, fleetAccess: boolean, ip: string | null): Promise<{ id: string; email: string; fleetAccess: boolean }> {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, fleetAccess: true } });
    if (!before) throw new AppError(404, `No user with id "${userId}".`);
    if (before.fleetAccess === fleetAccess) return before;
    const after = await tx.user.update({ where: { id: userId }, data: { fleetAccess }, select: { id: true, email: true, fleetAccess: true } });
    await recordAudit(tx, { actor, action: 'user.fleet_access_changed', targetType: 'user', targetId: userId, ip, details: { email: before.email, from: before.fleetAccess, to: fleetAccess } });
    return after;
  });
}

/** Users an admin can add to a team, with their fleet access (for Settings → Teams). */
export async function listTeamCandidates(db: Db): Promise<Array<{ id: string; name: string; email: string; role: string; fleetAccess: boolean }>> {
  return db.user.findMany({ select: { id: true, name: true, email: true, role: true, fleetAccess: true }, orderBy: { email: 'asc' }, take: 1000 });
}
