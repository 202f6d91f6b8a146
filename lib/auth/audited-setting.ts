/**
 * Writes an instance setting (table settings) and audits the change in one transaction, with the
 * previous value handed to the caller's `details` so the trail says what changed from what.
 */
import type { Db, Prisma } from '../db';
import { recordAudit } from './audit';
import type { SessionUser } from './types';

export async function writeAuditedSetting(
  db: Db,
  key: string,
  value: Prisma.InputJsonValue,
  ctx: { actor: SessionUser | null; ip?: string | null },
  audit: { action: string; details: (before: unknown) => object },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = (await tx.setting.findUnique({ where: { key }, select: { value: true } }))?.value;
    await tx.setting.upsert({ where: { key }, create: { key, value, updatedById: ctx.actor?.id ?? null }, update: { value, updatedById: ctx.actor?.id ?? null } });
    await recordAudit(tx, { actor: ctx.actor, ip: ctx.ip, action: audit.action, targetType: 'setting', targetId: key, details: audit.details(before) });
  });
}
