/**
 * Who receives what (server-only). The seam between notifications and access: a digest is built
 * per scope and sent to the users of that scope; an alert about a cluster goes to the users who
 * can see that cluster. Users who are banned or opted out get nothing. Access is lib/teams: users
 * with the fleet view get the fleet digest, every other user their teams' digests, and an alert
 * lists to each recipient only the findings they may see.
 */
import type { Db } from '../../db';
import { hasFleetView, teamDigestScopes, visibleFindingIds } from '../../teams/audiences';
import type { NotificationScope } from './digest';
import { preferencesOf, type NotificationPreferences } from './preferences';

export interface Recipient {
  id: string;
  email: string;
  name: string;
  preferences: NotificationPreferences;
}

export interface DigestAudience {
  scope: NotificationScope;
  recipients: Recipient[];
}

export const FLEET_SCOPE: NotificationScope = { label: 'All clusters', clusterIds: null, namespaces: null };

async function withPreferences(db: Db, users: Array<{ id: string; email: string; name: string }>): Promise<Recipient[]> {
  const prefs = await preferencesOf(db, users.map((u) => u.id));
  return users.map((u) => ({ ...u, preferences: prefs.get(u.id)! })).filter((r) => !r.preferences.optOut);
}

async function activeUsers(db: Db): Promise<Array<{ id: string; email: string; name: string; role: string; fleetAccess: boolean }>> {
  return db.user.findMany({ where: { OR: [{ banned: null }, { banned: false }] }, select: { id: true, email: true, name: true, role: true, fleetAccess: true }, orderBy: { createdAt: 'asc' } });
}

const contact = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name });

/** One audience per scope: the fleet digest to users with the fleet view, each team's digest to its other members. */
export async function digestAudiences(db: Db): Promise<DigestAudience[]> {
  const users = await activeUsers(db);
  const audiences: DigestAudience[] = [{ scope: FLEET_SCOPE, recipients: await withPreferences(db, users.filter(hasFleetView).map(contact)) }];
  const active = new Map(users.map((u) => [u.id, u]));
  for (const team of await teamDigestScopes(db)) {
    const members = team.memberIds.map((id) => active.get(id)).filter((u): u is NonNullable<typeof u> => Boolean(u));
    if (!members.length) continue;
    audiences.push({ scope: { label: team.label, clusterIds: team.clusterIds, namespaces: null, findingWhere: team.findingWhere }, recipients: await withPreferences(db, members.map(contact)) });
  }
  return audiences;
}

/** The recipients of alerts about these findings of one cluster, each with the findings they may see. */
export async function alertRecipients(db: Db, _clusterId: string, findingIds: readonly string[]): Promise<Array<Recipient & { visible: ReadonlySet<string> }>> {
  const users = await activeUsers(db);
  const recipients = await withPreferences(db, users.map(contact));
  const byId = new Map(users.map((u) => [u.id, u]));
  const out: Array<Recipient & { visible: ReadonlySet<string> }> = [];
  for (const r of recipients) {
    const visible = await visibleFindingIds(db, byId.get(r.id)!, findingIds);
    if (visible.size) out.push({ ...r, visible });
  }
  return out;
}

/** These users, with their preferences (opted-out ones left out). */
export async function usersAsRecipients(db: Db, userIds: readonly string[]): Promise<Recipient[]> {
  const users = await db.user.findMany({ where: { id: { in: [...userIds] }, OR: [{ banned: null }, { banned: false }] }, select: { id: true, email: true, name: true } });
  return withPreferences(db, users);
}
