/**
 * Assigning a finding to a person (Finding.assigneeId), audited as `finding.assigned` with the
 * real actor and the assignee before and after.
 *
 * - The caller must see the finding (else: not found) and be an analyst or admin over it: their
 *   global role with fleet access, else the role of a team whose scope covers the finding.
 * - The assignee must exist and be able to see the finding themselves (a team-scoped person
 *   outside the finding's teams cannot be asked to fix it).
 */
import 'server-only';
import { type SessionUser } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { recordAudit } from '@/lib/auth/audit';
import type { Db } from '@/lib/db';
import { assertFindingRole } from './finding-access';
import type { AssignFindingInput } from './schema';
import { accessScopeFor, findingsVisibleWhere, type AccessScope } from './scope';


export interface Assignee {
  id: string;
  name: string;
  email: string;
}

async function visibleFinding(db: Db, scope: AccessScope, id: string) {
  return db.finding.findFirst({
    where: { AND: [{ id }, findingsVisibleWhere(scope)] },
    select: { id: true, assigneeId: true, assignee: { select: { id: true, name: true, email: true } } },
  });
}

export async function assignFinding(db: Db, actor: SessionUser, scope: AccessScope, findingId: string, input: AssignFindingInput, ip: string | null): Promise<{ assignee: Assignee | null }> {
  await assertFindingRole(db, actor, scope, [findingId], 'analyst', 'Assigning a finding');
  const finding = await visibleFinding(db, scope, findingId);
  if (!finding) throw new AppError(404, `No finding with id "${findingId}".`);
  let assignee: Assignee | null = null;
  if (input.assigneeId) {
    const user = await db.user.findUnique({ where: { id: input.assigneeId }, select: { id: true, name: true, email: true, role: true } });
    if (!user) throw new AppError(400, `No user with id "${input.assigneeId}".`);
    const theirs = await accessScopeFor(db, { id: user.id, role: user.role === 'admin' ? 'admin' : 'viewer' });
    if (theirs.kind === 'teams' && !(await visibleFinding(db, theirs, findingId))) {
      throw new AppError(400, `${user.email} cannot see this finding: add them to a team that owns it first.`);
    }
    assignee = { id: user.id, name: user.name, email: user.email };
  }
  if ((finding.assigneeId ?? null) === (assignee?.id ?? null)) return { assignee };
  await db.$transaction(async (tx) => {
    await tx.finding.update({ where: { id: finding.id }, data: { assigneeId: assignee?.id ?? null } });
    await recordAudit(tx, {
      actor,
      action: 'finding.assigned',
      targetType: 'finding',
      targetId: finding.id,
      ip,
      details: { from: finding.assignee?.email ?? null, to: assignee?.email ?? null },
    });
  });
  return { assignee };
}

/**
 * People a finding can be assigned to: members of its owning team, or (unowned, or nobody in the
 * team) everyone with fleet access; at most 200, by name.
 */
export async function assigneeCandidates(db: Db, ownerTeamId: string | null): Promise<Assignee[]> {
  const select = { id: true, name: true, email: true } as const;
  const members = ownerTeamId ? await db.user.findMany({ where: { teamMemberships: { some: { teamId: ownerTeamId } } }, select, orderBy: { name: 'asc' }, take: 200 }) : [];
  const fleet = await db.user.findMany({ where: { AND: [{ OR: [{ fleetAccess: true }, { role: 'admin' }] }, { OR: [{ banned: null }, { banned: false }] }] }, select, orderBy: { name: 'asc' }, take: 200 });
  const seen = new Set<string>();
  return [...members, ...fleet].filter((u) => (seen.has(u.id) ? false : (seen.add(u.id), true))).slice(0, 200);
}
