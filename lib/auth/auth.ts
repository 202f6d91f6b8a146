/**
 * better-auth, configured for Rampart: email + password (no self sign-up: admins create
 * users), the admin plugin (roles, bans), optional OpenID Connect sign-in, sign-in rate
 * limits stored in PostgreSQL (shared by every replica), and audit events for sign-in,
 * sign-in failures, sign-out and password changes.
 *
 * getDb() is async, so the instance is built lazily: call `await getAuth()`.
 */
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { admin, genericOAuth } from 'better-auth/plugins';
import { getConfig, type Config } from '@/lib/config';
import { getDb } from '@/lib/db/client';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit, requestIp } from './audit';
import { AUTH_COOKIE_PREFIX } from './constants';
import { isRole } from './roles';
import { getAuthSecret } from './secret';
import { withHashedSessionTokens } from './session-tokens';
import { applyOidcGroups, groupsOf, isGroupMappingConfigured } from '../teams/oidc';

export { AUTH_COOKIE_PREFIX };
export const OIDC_PROVIDER_ID = 'oidc';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** Path of the sign-in endpoint the per-IP limit (RAMPART_LOGIN_RATE_LIMIT per minute) applies to. */
export const SIGN_IN_PATH = '/sign-in/email';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The OIDC provider when all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
export function getOidcSettings(config: Config = getConfig()): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: config.OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    name: config.OIDC_PROVIDER_NAME,
  };
}

function errorCode(error: APIError): string {
  const body = error.body as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : String(error.status);
}

/**
 * Group claims seen in an OIDC profile, by lower-cased email, from the profile mapping until the
 * sign-in's after-hook applies them (lib/teams/oidc.ts); the same request, so the wait is short.
 */
const pendingGroups = new Map<string, string[]>();

function rememberGroups(profile: Record<string, unknown>, config: Config): Record<string, never> {
  const email = typeof profile.email === 'string' ? profile.email.toLowerCase() : null;
  if (email && isGroupMappingConfigured(config)) {
    if (pendingGroups.size > 1000) pendingGroups.clear();
    pendingGroups.set(email, groupsOf(profile, config.OIDC_GROUPS_CLAIM));
  }
  return {};
}

export function createAuth(db: PrismaClient, config: Config = getConfig()) {
  const oidc = getOidcSettings(config);
  const baseURL = config.RAMPART_BASE_URL;
  const secure = new URL(baseURL).protocol === 'https:';

  return betterAuth({
    appName: 'Rampart',
    baseURL,
    basePath: '/api/auth',
    secret: getAuthSecret(config),
    trustedOrigins: [new URL(baseURL).origin],
    // Session tokens are stored as SHA-256 hashes (session-tokens.ts).
    database: withHashedSessionTokens(prismaAdapter(db, { provider: 'postgresql' })),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Users are created by admins (Settings → Users) or by OIDC sign-in.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      additionalFields: {
        mustChangePassword: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: Math.round(config.RAMPART_SESSION_HOURS * 3600),
      // Sliding expiry: an active session is extended at most every 15 minutes.
      updateAge: 15 * 60,
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        [SIGN_IN_PATH]: { window: 60, max: config.RAMPART_LOGIN_RATE_LIMIT },
        '/change-password': { window: 60, max: 10 },
      },
    },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true, secure },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-out') return;
        const current = await getSessionFromCtx(ctx).catch(() => null);
        if (!current) return;
        const role = (current.user as { role?: string }).role;
        await recordAudit(db, {
          actor: { id: current.user.id, email: current.user.email, name: current.user.name, role: isRole(role) ? role : 'viewer' },
          action: 'auth.signed_out',
          targetType: 'user',
          targetId: current.user.id,
          ip: ctx.headers ? requestIp(ctx.headers) : null,
        });
      }),
      after: createAuthMiddleware(async (ctx) => {
        const ip = ctx.headers ? requestIp(ctx.headers) : null;
        const returned = ctx.context.returned;
        // OIDC (generic OAuth) providers use the core social endpoints: /sign-in/social, /callback/:providerId.
        const isSignIn = ctx.path === SIGN_IN_PATH || ctx.path.startsWith('/callback/');
        if (isSignIn) {
          const method = ctx.path === SIGN_IN_PATH ? 'password' : 'oidc';
          if (returned instanceof APIError) {
            const body = ctx.body as { email?: unknown } | undefined;
            await recordAudit(db, {
              actorEmail: typeof body?.email === 'string' ? body.email.toLowerCase().slice(0, 320) : null,
              action: 'auth.sign_in_failed',
              ip,
              details: { method, reason: errorCode(returned) },
            });
            return;
          }
          const created = ctx.context.newSession;
          const groups = created && method === 'oidc' ? pendingGroups.get(created.user.email.toLowerCase()) : undefined;
          if (created && groups) {
            pendingGroups.delete(created.user.email.toLowerCase());
            await applyOidcGroups(db, created.user.id, groups, config, ip);
          }
          if (created) {
            const role = (created.user as { role?: string }).role;
            await recordAudit(db, {
              actor: { id: created.user.id, email: created.user.email, name: created.user.name, role: isRole(role) ? role : 'viewer' },
              action: 'auth.signed_in',
              targetType: 'user',
              targetId: created.user.id,
              ip,
              details: { method },
            });
          }
          return;
        }
        if (ctx.path === '/change-password' && !(returned instanceof APIError)) {
          const current = ctx.context.session ?? ctx.context.newSession;
          if (!current) return;
          await db.user.update({ where: { id: current.user.id }, data: { mustChangePassword: false } });
          const role = (current.user as { role?: string }).role;
          await recordAudit(db, {
            actor: { id: current.user.id, email: current.user.email, name: current.user.name, role: isRole(role) ? role : 'viewer' },
            action: 'auth.password_changed',
            targetType: 'user',
            targetId: current.user.id,
            ip,
          });
        }
      }),
    },
    plugins: [
      // defaultRole applies only to users created without an explicit role: the ones
      // who first sign in through OIDC. Admin-created users always get a chosen role.
      admin({ defaultRole: config.OIDC_DEFAULT_ROLE, adminRoles: ['admin'] }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: oidc.name,
                  discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                  // Group claims → teams and roles (OIDC_GROUP_ROLES, OIDC_GROUP_TEAMS), applied after sign-in.
                  mapProfileToUser: (profile: Record<string, unknown>) => rememberGroups(profile, config),
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export type RampartAuth = ReturnType<typeof createAuth>;

interface AuthContext {
  auth: RampartAuth;
  db: PrismaClient;
}

// Kept on globalThis so Next's dev-mode module reloading does not build a second instance.
const holder = globalThis as unknown as { __rampartAuth?: Promise<AuthContext> };

function getAuthContext(): Promise<AuthContext> {
  if (!holder.__rampartAuth) {
    const pending = getDb().then((db) => ({ db, auth: createAuth(db) }));
    holder.__rampartAuth = pending;
    pending.catch(() => {
      if (holder.__rampartAuth === pending) holder.__rampartAuth = undefined;
    });
  }
  return holder.__rampartAuth;
}

/** The process-wide better-auth instance, built on first use against getDb(). */
export async function getAuth(): Promise<RampartAuth> {
  return (await getAuthContext()).auth;
}

/** The database the auth instance uses (getDb() in the app, the test database in tests). */
export async function getAuthDb(): Promise<PrismaClient> {
  return (await getAuthContext()).db;
}

/** Tests: authenticate against this database (a createTestDatabase() client); undefined resets. */
export function useAuthDatabaseForTests(db: PrismaClient | undefined, config?: Config): RampartAuth | undefined {
  if (!db) {
    holder.__rampartAuth = undefined;
    return undefined;
  }
  const auth = createAuth(db, config);
  holder.__rampartAuth = Promise.resolve({ db, auth });
  return auth;
}
