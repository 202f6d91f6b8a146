/**
 * `rampart reset-password --email …`: the operator's way back in when the only admin password is
 * lost (or the first start's one-time password scrolled away). Someone with shell access to the
 * server and its database sets a new random one-time password: it must be changed at the next
 * sign-in, every session of that user ends, and the audit trail records the operator (OS user and
 * host) as the actor.
 */
import os from 'node:os';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from './audit';
import type { RampartAuth } from './auth';
import { generateOneTimePassword } from './bootstrap';

export class UnknownUserError extends Error {}

export interface OperatorResetResult {
  email: string;
  password: string;
}

export async function resetPasswordAsOperator(db: PrismaClient, auth: RampartAuth, email: string): Promise<OperatorResetResult> {
  const normalised = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: normalised }, select: { id: true, email: true } });
  if (!user) throw new UnknownUserError(`No user with the email ${normalised}.`);
  const password = generateOneTimePassword();
  const passwordHash = await (await auth.$context).password.hash(password);
  const operator = `${os.userInfo().username}@${os.hostname()}`;
  await db.$transaction(async (tx) => {
    const credential = await tx.account.findFirst({ where: { userId: user.id, providerId: 'credential' }, select: { id: true } });
    if (credential) await tx.account.update({ where: { id: credential.id }, data: { password: passwordHash } });
    else await tx.account.create({ data: { userId: user.id, accountId: user.id, providerId: 'credential', password: passwordHash } });
    await tx.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, {
      actorEmail: `operator ${operator} (rampart reset-password)`,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, via: 'cli', operator, requirePasswordChange: true },
    });
  });
  return { email: user.email, password };
}
