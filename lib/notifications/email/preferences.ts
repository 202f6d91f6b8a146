/**
 * A user's e-mail preferences (server-only): weekly digest on/off, immediate alerts at or above a
 * severity (or none), and a total opt-out. No row means the defaults. Each change is audited
 * ("notifications.settings_updated") with what changed, by the real actor.
 */
import { z } from 'zod';
import { recordAudit } from '../../auth/audit';
import type { SessionUser } from '../../auth/types';
import { SEVERITIES, type Severity } from '../../checks/types';
import type { Db } from '../../db';

export interface NotificationPreferences {
  digest: boolean;
  /** null: no immediate alerts. */
  alertMinSeverity: Severity | null;
  optOut: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { digest: true, alertMinSeverity: 'critical', optOut: false };

export const notificationPreferencesSchema = z
  .object({
    digest: z.boolean({ message: 'digest must be true or false.' }),
    alertMinSeverity: z.enum(SEVERITIES, { message: `alertMinSeverity must be one of ${SEVERITIES.join(', ')}, or null for no immediate alerts.` }).nullable(),
    optOut: z.boolean({ message: 'optOut must be true or false.' }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one of digest, alertMinSeverity, optOut.' });

export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;

export async function getNotificationPreferences(db: Db, userId: string): Promise<NotificationPreferences> {
  const row = await db.notificationSettings.findUnique({ where: { userId }, select: { digest: true, alertMinSeverity: true, optOut: true } });
  return row ?? { ...DEFAULT_PREFERENCES };
}

/** Preferences of many users at once (defaults for those without a row). */
export async function preferencesOf(db: Db, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  const rows = await db.notificationSettings.findMany({ where: { userId: { in: [...userIds] } }, select: { userId: true, digest: true, alertMinSeverity: true, optOut: true } });
  const out = new Map(userIds.map((id) => [id, { ...DEFAULT_PREFERENCES }]));
  for (const { userId, ...p } of rows) out.set(userId, p);
  return out;
}

export async function setNotificationPreferences(
  db: Db,
  userId: string,
  input: NotificationPreferencesInput,
  ctx: { actor: SessionUser | null; ip?: string | null },
): Promise<NotificationPreferences> {
  return db.$transaction(async (tx) => {
    const before = (await tx.notificationSettings.findUnique({ where: { userId }, select: { digest: true, alertMinSeverity: true, optOut: true } })) ?? { ...DEFAULT_PREFERENCES };
    const after = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as NotificationPreferences;
    await tx.notificationSettings.upsert({ where: { userId }, create: { userId, ...after }, update: after });
    const changed = (Object.keys(after) as Array<keyof NotificationPreferences>).filter((k) => before[k] !== after[k]);
    await recordAudit(tx, {
      actor: ctx.actor,
      ip: ctx.ip,
      action: 'notifications.settings_updated',
      targetType: 'user',
      targetId: userId,
      details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
    });
    return after;
  });
}
