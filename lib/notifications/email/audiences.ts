/**
 * Who receives what (server-only). The seam between notifications and access: a digest is built
 * per scope and sent to the users of that scope; an alert about a cluster goes to the users who
 * can see that cluster. Users who are banned or opted out get nothing.
 */
import type { Db } from '../../db';
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

async function activeUsers(db: Db): Promise<Array<{ id: string; email: string; name: string }>> {
  return db.user.findMany({ where: { OR: [{ banned: null }, { banned: false }] }, select: { id: true, email: true, name: true }, orderBy: { createdAt: 'asc' } });
}

/** One audience per scope: every user sees the whole fleet, so one fleet digest to all users. */
export async function digestAudiences(db: Db): Promise<DigestAudience[]> {
  return [{ scope: FLEET_SCOPE, recipients: await withPreferences(db, await activeUsers(db)) }];
}

/** The recipients of alerts about these findings of one cluster, each with the findings they may see (every user sees all). */
export async function alertRecipients(db: Db, _clusterId: string, findingIds: readonly string[]): Promise<Array<Recipient & { visible: ReadonlySet<string> }>> {
  const all = new Set(findingIds);
  return (await withPreferences(db, await activeUsers(db))).map((r) => ({ ...r, visible: all }));
}

/** These users, with their preferences (opted-out ones left out). */
export async function usersAsRecipients(db: Db, userIds: readonly string[]): Promise<Recipient[]> {
  const users = await db.user.findMany({ where: { id: { in: [...userIds] }, OR: [{ banned: null }, { banned: false }] }, select: { id: true, email: true, name: true } });
  return withPreferences(db, users);
}
