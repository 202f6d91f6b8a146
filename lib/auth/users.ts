/**
 * User management (Settings → Users, admin only): list, create with a role and an
 * initial password, change role or name, disable (ban) / re-enable, reset password,
 * delete. Roles are validated here (better-auth's setRole accepts any string).
 * Every change is audited in the same transaction. Guards: nobody can disable, demote
 * or delete themselves, and the last enabled admin cannot be removed.
 */
import { z } from 'zod';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '../api/errors';
import { recordAudit } from './audit';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type RampartAuth } from './auth';
import { ROLES, type Role } from './roles';
import type { SessionUser } from './types';

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().max(320, 'An email address has at most 320 characters.').pipe(z.email('Enter a valid email address.')),
  name: z.string().trim().min(1, 'Enter a name.').max(200),
  role: z.enum(ROLES),
  password: passwordSchema,
  /** Ask the user to choose their own password at first sign-in (default). */
  requirePasswordChange: z.boolean().default(true),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    /** true disables (bans) the account and ends its sessions; false re-enables it. */
    disabled: z.boolean().optional(),
    disabledReason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.disabled !== undefined, 'Nothing to change.');
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({
  password: passwordSchema,
  requirePasswordChange: z.boolean().default(true),
});

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  disabledReason: string | null;
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  signInMethods: string[];
}

const summarySelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  banned: true,
  banReason: true,
  banExpires: true,
  mustChangePassword: true,
  createdAt: true,
  accounts: { select: { providerId: true } },
  sessions: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
} as const satisfies Prisma.UserSelect;

type SummaryRow = Prisma.UserGetPayload<{ select: typeof summarySelect }>;

function isDisabled(row: { banned: boolean | null; banExpires: Date | null }): boolean {
  return Boolean(row.banned) && (!row.banExpires || row.banExpires.getTime() > Date.now());
}

function toSummary(row: SummaryRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: isDisabled(row),
    disabledReason: isDisabled(row) ? row.banReason : null,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
    lastSignInAt: row.sessions[0]?.createdAt.toISOString() ?? null,
    signInMethods: [...new Set(row.accounts.map((a) => (a.providerId === 'credential' ? 'password' : 'sso')))],
  };
}

export async function listUsers(db: PrismaClient): Promise<UserSummary[]> {
  const rows = await db.user.findMany({ select: summarySelect, orderBy: [{ role: 'asc' }, { email: 'asc' }] });
  return rows.map(toSummary);
}

async function hashPassword(auth: RampartAuth, password: string): Promise<string> {
  return (await auth.$context).password.hash(password);
}

type Tx = Prisma.TransactionClient;

async function enabledAdminCount(tx: Tx, excludingUserId: string): Promise<number> {
  return tx.user.count({
    where: {
      role: 'admin',
      id: { not: excludingUserId },
      OR: [{ banned: false }, { banned: null }, { banExpires: { lt: new Date() } }],
    },
  });
}

async function findOrThrow(tx: Tx, id: string) {
  const row = await tx.user.findUnique({ where: { id }, select: summarySelect });
  if (!row) throw new AppError(404, 'No such user. It may have been deleted.');
  return row;
}

export async function createUser(
  db: PrismaClient,
  auth: RampartAuth,
  actor: SessionUser,
  raw: unknown,
  ip?: string | null,
): Promise<UserSummary> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(auth, input.password);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw new AppError(409, `A user with the email ${input.email} already exists.`);
      }
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          emailVerified: true,
          mustChangePassword: input.requirePasswordChange,
        },
      });
      await tx.account.create({
        data: { userId: user.id, accountId: user.id, providerId: 'credential', password: passwordHash },
      });
      await recordAudit(tx, {
        actor,
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { email: input.email, role: input.role, requirePasswordChange: input.requirePasswordChange },
      });
      return toSummary(await findOrThrow(tx, user.id));
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'P2002') {
      throw new AppError(409, `A user with the email ${input.email} already exists.`);
    }
    throw error;
  }
}

export async function updateUser(
  db: PrismaClient,
  actor: SessionUser,
  userId: string,
  raw: unknown,
  ip?: string | null,
): Promise<UserSummary> {
  const input = updateUserSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await findOrThrow(tx, userId);
    const self = userId === actor.id;
    const losesAdmin =
      before.role === 'admin' && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (self && (input.disabled === true || (input.role !== undefined && input.role !== before.role))) {
      throw new AppError(409, 'You cannot change your own role or disable your own account. Ask another admin.');
    }
    if (losesAdmin && !isDisabled(before) && (await enabledAdminCount(tx, userId)) === 0) {
      throw new AppError(409, 'This is the last enabled admin. Make someone else an admin first.');
    }

    const data: Prisma.UserUpdateInput = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== before.name) {
      data.name = input.name;
      changes.name = { from: before.name, to: input.name };
    }
    if (input.role !== undefined && input.role !== before.role) {
      data.role = input.role;
      changes.role = { from: before.role, to: input.role };
    }
    if (input.disabled !== undefined && input.disabled !== isDisabled(before)) {
      data.banned = input.disabled;
      data.banReason = input.disabled ? (input.disabledReason || 'Disabled by an administrator') : null;
      data.banExpires = null;
      changes.disabled = { from: isDisabled(before), to: input.disabled };
    }
    if (Object.keys(changes).length === 0) return toSummary(before);

    await tx.user.update({ where: { id: userId }, data });
    // A disabled user is signed out everywhere at once.
    if (input.disabled === true) await tx.session.deleteMany({ where: { userId } });

    const action = changes.disabled
      ? input.disabled
        ? 'user.disabled'
        : 'user.enabled'
      : changes.role
        ? 'user.role_changed'
        : 'user.updated';
    await recordAudit(tx, {
      actor,
      action,
      targetType: 'user',
      targetId: userId,
      ip,
      details: { email: before.email, changes, ...(input.disabled ? { reason: data.banReason } : {}) },
    });
    return toSummary(await findOrThrow(tx, userId));
  });
}

export async function resetUserPassword(
  db: PrismaClient,
  auth: RampartAuth,
  actor: SessionUser,
  userId: string,
  raw: unknown,
  ip?: string | null,
): Promise<UserSummary> {
  const input = resetPasswordSchema.parse(raw);
  const passwordHash = await hashPassword(auth, input.password);
  return db.$transaction(async (tx) => {
    const before = await findOrThrow(tx, userId);
    const credential = await tx.account.findFirst({ where: { userId, providerId: 'credential' }, select: { id: true } });
    if (credential) {
      await tx.account.update({ where: { id: credential.id }, data: { password: passwordHash } });
    } else {
      await tx.account.create({ data: { userId, accountId: userId, providerId: 'credential', password: passwordHash } });
    }
    await tx.user.update({ where: { id: userId }, data: { mustChangePassword: input.requirePasswordChange } });
    // Whoever knew the old password is signed out.
    if (userId !== actor.id) await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actor,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      ip,
      details: { email: before.email, requirePasswordChange: input.requirePasswordChange },
    });
    return toSummary(await findOrThrow(tx, userId));
  });
}

export async function deleteUser(db: PrismaClient, actor: SessionUser, userId: string, ip?: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    if (userId === actor.id) throw new AppError(409, 'You cannot delete your own account. Ask another admin.');
    const before = await findOrThrow(tx, userId);
    if (before.role === 'admin' && !isDisabled(before) && (await enabledAdminCount(tx, userId)) === 0) {
      throw new AppError(409, 'This is the last enabled admin. Make someone else an admin first.');
    }
    // Sessions, accounts and API tokens go with the user (onDelete: Cascade).
    await tx.user.delete({ where: { id: userId } });
    await recordAudit(tx, {
      actor,
      action: 'user.deleted',
      targetType: 'user',
      targetId: userId,
      ip,
      details: { email: before.email, role: before.role as Role | string },
    });
  });
}
