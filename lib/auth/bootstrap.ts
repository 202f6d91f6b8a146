/**
 * First start: when the database has no user at all, create the first admin.
 *   - RAMPART_ADMIN_EMAIL / RAMPART_ADMIN_PASSWORD when set (the password is the operator's);
 *   - otherwise admin@rampart.local (or RAMPART_ADMIN_EMAIL) with a random one-time
 *     password that is printed once to stdout — never logged, never stored in clear —
 *     and must be changed at first sign-in.
 * Idempotent: once any user exists it does nothing. Safe with several replicas starting
 * at once (the unique email decides; only the winner prints its password).
 */
import { randomBytes } from 'node:crypto';
import { getConfig, type Config } from '@/lib/config';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from './audit';
import type { RampartAuth } from './auth';

export const DEFAULT_ADMIN_EMAIL = 'admin@rampart.local';

/**
 * The sign-in notice of `rampart serve` / `rampart demo`, printed last so build and start-up output
 * never bury it; it always says how to get back in.
 */
export function signInBox(input: { title: string; email: string; password?: string; url?: string; note?: string }): string {
  const lines = [
    input.title,
    ...(input.url ? [`  sign in at:         ${input.url}`] : []),
    `  email:              ${input.email}`,
    input.password ? `  one-time password:  ${input.password}` : '  password:           the one you chose',
    ...(input.note ? [input.note] : []),
    `Lost it? On this server: rampart reset-password --email ${input.email}`,
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  return ['', `┌${'─'.repeat(width)}┐`, ...lines.map((l) => `│ ${l.padEnd(width - 1)}│`), `└${'─'.repeat(width)}┘`, ''].join('\n') + '\n';
}

export type BootstrapResult =
  | { created: false }
  | { created: true; userId: string; email: string; passwordSource: 'environment' | 'generated' };

export interface EnsureInitialAdminOptions {
  config?: Config;
  /** Where the one-time password goes; stdout by default. */
  print?: (text: string) => void;
}

/** 24 characters of base64url: 144 bits from the OS CSPRNG. */
export function generateOneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export async function ensureInitialAdmin(
  db: PrismaClient,
  auth: RampartAuth,
  options: EnsureInitialAdminOptions = {},
): Promise<BootstrapResult> {
  const config = options.config ?? getConfig();
  const print = options.print ?? ((text: string) => process.stdout.write(text));

  if ((await db.user.count()) > 0) return { created: false };

  const email = (config.RAMPART_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
  const generated = !config.RAMPART_ADMIN_PASSWORD;
  const password = config.RAMPART_ADMIN_PASSWORD ?? generateOneTimePassword();
  // better-auth's own hasher (scrypt), so better-auth verifies it at sign-in.
  const passwordHash = await (await auth.$context).password.hash(password);

  let userId: string;
  try {
    userId = await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) return '';
      const user = await tx.user.create({
        data: {
          email,
          name: 'Administrator',
          emailVerified: true,
          role: 'admin',
          mustChangePassword: generated,
        },
      });
      await tx.account.create({
        data: { userId: user.id, accountId: user.id, providerId: 'credential', password: passwordHash },
      });
      await recordAudit(tx, {
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        details: { email, role: 'admin', reason: 'initial administrator', passwordSource: generated ? 'generated' : 'environment' },
      });
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false }; // another replica won the race
    throw error;
  }
  if (!userId) return { created: false };

  if (generated) {
    const note = 'Shown only now: sign in and choose a new one. (RAMPART_ADMIN_EMAIL / RAMPART_ADMIN_PASSWORD choose them.)';
    print(signInBox({ title: 'Rampart created the first administrator account.', url: config.RAMPART_BASE_URL, email, password, note }));
  }
  return { created: true, userId, email, passwordSource: generated ? 'generated' : 'environment' };
}
