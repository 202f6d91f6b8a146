/**
 * Authentication and authorisation for route handlers. Every API route except
 * /api/health and better-auth's own /api/auth/* is wrapped in withAuth:
 *
 *   export const GET = withAuth('viewer', async (req, { user, params }) => Response.json(…));
 *
 * - no session cookie and no valid API token → 401 { error }
 * - role below `minRole`                    → 403 { error }
 * - a team-scoped user (lib/teams/scope.ts) on a route not declared `teams: true`
 *                                           → 403 { error } (the route shows the whole fleet)
 * - an error thrown by the handler          → errorResponse (lib/api/errors.ts): an AppError's status,
 *                                             a zod error's 400, else 500 (details only in the server log)
 *
 * The proxy (proxy.ts) only redirects signed-out page requests; it is not what protects
 * the API: withAuth checks every request itself.
 */
import type { NextRequest } from 'next/server';
import { ZodObject, type ZodType } from 'zod';
import { AppError } from '@/lib/api/errors';
import { errorResponse, jsonError } from '@/lib/api/respond';
import { MAX_PATH_PARAM_CHARS, MAX_QUERY_VALUE_CHARS, unsafeTextProblem } from '@/lib/api/input';
import { getConfig } from '@/lib/config';
import { authenticateApiToken } from './api-tokens';
import { getAuth, getAuthDb } from './auth';
import { hasRole, ROLE_LABELS, type Role } from './roles';
import { sessionUserOf } from './session-user';
import type { SessionUser } from './types';
import { accessScopeFor, effectiveRole, type AccessScope } from '../teams/scope';

export type { SessionUser } from './types';
export { errorResponse, jsonError };
/** The name route code used before AppError (lib/api/errors.ts); the same class. */
export { AppError as HttpError } from '@/lib/api/errors';

/** The answer to a user who must still change a one-time password and tried anything else. */
export function passwordChangeRequired(): Response {
  return jsonError(403, 'Change your password before continuing.', { code: 'PASSWORD_CHANGE_REQUIRED' });
}

export interface RouteContext {
  /** For a team-scoped user, `role` is their highest team role (lib/teams/scope.ts effectiveRole). */
  user: SessionUser;
  params: Record<string, string>;
  /** What the caller may see: the fleet, or their teams' part of it. */
  scope: AccessScope;
}

export type AuthedHandler = (req: NextRequest, ctx: RouteContext) => Promise<Response>;

export interface WithAuthOptions {
  /**
   * Let a user who must change their password through (only the password-change
   * endpoint sets this). Everyone else gets 403 until they have changed it.
   */
  allowPendingPasswordChange?: boolean;
  /**
   * The route limits what it returns to `ctx.scope` (or concerns only the caller), so team-scoped
   * users may call it. Without this a team-scoped user gets 403: a route shows the whole fleet
   * until it is made scope-aware.
   */
  teams?: boolean;
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Browsers attach the session cookie to cross-site requests in some cases; reject a
 * state-changing, cookie-authenticated request that a browser says comes from another
 * site. (API-token requests carry no ambient credentials, so they are exempt.)
 */
function isCrossSite(req: NextRequest): boolean {
  if (req.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = req.headers.get('origin');
  if (!origin || origin === 'null') return origin === 'null';
  const config = getConfig();
  const allowed = new Set<string>([new URL(config.RAMPART_BASE_URL).origin]);
  // X-Forwarded-* are plain request headers: only a proxy we are told to trust sets them.
  const forwardedHost = config.RAMPART_TRUST_PROXY ? req.headers.get('x-forwarded-host') : null;
  const forwardedProto = config.RAMPART_TRUST_PROXY ? req.headers.get('x-forwarded-proto') : null;
  const host = forwardedHost ?? req.headers.get('host');
  if (host) allowed.add(`${forwardedProto ?? req.nextUrl.protocol.replace(':', '')}://${host}`);
  return !allowed.has(origin);
}

/** The caller of a request: a browser session or a bearer API token; null when neither is valid. */
export async function authenticateRequest(req: Request): Promise<SessionUser | null> {
  const authorization = req.headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    return authenticateApiToken(await getAuthDb(), authorization.slice(7).trim());
  }
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: req.headers });
  if (!session) return null;
  const user = sessionUserOf(session);
  // An unknown role (written into the database by hand) grants nothing.
  if (user === 'invalid-role') throw new AppError(403, 'Your account has no valid role. Ask an administrator to set one.');
  return user;
}

function flattenParams(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join('/') : v;
  }
  return out;
}

/**
 * The first query or path parameter no route may accept (a NUL or other control character,
 * a tab or line break, or longer than the limit), as a message for a 400; null when all are
 * acceptable. Each route's zod schema then checks the values it reads.
 */
function unsafeRequestInput(req: NextRequest, params: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(params)) {
    if (value.length > MAX_PATH_PARAM_CHARS) return `The path parameter "${name}" is longer than ${MAX_PATH_PARAM_CHARS} characters.`;
    const problem = unsafeTextProblem(value);
    if (problem) return `The path parameter "${name}" ${problem}.`;
  }
  for (const [name, value] of req.nextUrl.searchParams) {
    const shown = JSON.stringify(name.slice(0, 40));
    if (name.length > 100 || value.length > MAX_QUERY_VALUE_CHARS) return `The query parameter ${shown} is longer than ${name.length > 100 ? 100 : MAX_QUERY_VALUE_CHARS} characters.`;
    const problem = unsafeTextProblem(name) ?? unsafeTextProblem(value);
    if (problem) return `The query parameter ${shown} ${problem}.`;
  }
  return null;
}

export function withAuth(minRole: Role, handler: AuthedHandler, options: WithAuthOptions = {}) {
  return async function route(req: NextRequest, context?: NextRouteContext): Promise<Response> {
    try {
      const user = await authenticateRequest(req);
      if (!user) return jsonError(401, 'Not signed in. Sign in, or send an API token as "Authorization: Bearer <token>".');
      if (user.via === 'session' && UNSAFE_METHODS.has(req.method) && isCrossSite(req)) {
        return jsonError(403, 'Cross-site request refused.');
      }
      if (user.mustChangePassword && !options.allowPendingPasswordChange) {
        return passwordChangeRequired();
      }
      const scope = await accessScopeFor(await getAuthDb(), user);
      if (scope.kind === 'teams' && !options.teams) {
        return jsonError(403, 'This covers the whole fleet; your account sees only the clusters and namespaces of your teams.');
      }
      const role = effectiveRole(user, scope);
      if (!hasRole(role, minRole)) {
        return jsonError(403, role ? `This action needs the ${ROLE_LABELS[minRole]} role.` : 'Your account is in no team yet. Ask an administrator to add you to one.');
      }
      const params = flattenParams((await context?.params) ?? {});
      const unsafe = unsafeRequestInput(req, params);
      if (unsafe) return jsonError(400, unsafe);
      return await handler(req, { user: role && role !== user.role ? { ...user, role } : user, params, scope });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The largest JSON body any route accepts (a kubeconfig may be 1 MiB). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** Why a JSON value holds text no route may accept, with its path (e.g. `labels.env`), or null. */
function unsafeJsonProblem(value: unknown, at: string, depth = 0): string | null {
  if (depth > 32) return `${at || 'body'}: nested too deeply`;
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value, { multiline: true });
    return problem ? `${at || 'body'} ${problem}` : null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const problem = unsafeJsonProblem(v, `${at}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = unsafeTextProblem(k);
      if (key) return `a key in ${at || 'body'} ${key}`;
      const problem = unsafeJsonProblem(v, at ? `${at}.${k}` : k, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Reads a JSON request body strictly: at most MAX_JSON_BODY_BYTES, valid JSON, and no NUL,
 * control character or unpaired surrogate in any string or key. Anything else is a 400 (413
 * when too large) with a message; the body never reaches a query unchecked.
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_JSON_BODY_BYTES) throw new AppError(413, `The request body is larger than ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB.`);
  const text = await req.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_JSON_BODY_BYTES) throw new AppError(413, `The request body is larger than ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB.`);
  if (text.trim() === '') throw new AppError(400, 'The request needs a JSON body.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AppError(400, `The request body is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}).`);
  }
  const problem = unsafeJsonProblem(body, '');
  if (problem) throw new AppError(400, `The request is not valid: ${problem}.`);
  return body;
}

/**
 * Parses a JSON request body with a zod schema (a ZodError becomes a 400 in withAuth). An
 * object schema is applied strictly: a field the route does not know is an error, not ignored.
 */
export async function parseJsonBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const body = await readJsonBody(req);
  const strict = schema instanceof ZodObject ? (schema.strict() as unknown as ZodType<T>) : schema;
  return strict.parse(body);
}

/** Parses URL search parameters with a zod schema. */
export function parseSearchParams<T>(req: NextRequest, schema: ZodType<T>): T {
  return schema.parse(Object.fromEntries(req.nextUrl.searchParams.entries()));
}
