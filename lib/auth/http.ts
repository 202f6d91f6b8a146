/**
 * The better-auth endpoints reachable over HTTP (app/api/auth/[...all]). better-auth and its
 * admin plugin serve many more endpoints than Rampart's pages use: user management
 * (admin/create-user, set-role, set-user-password, ban-user, remove-user, …), impersonation,
 * self-service (update-user, delete-user, list-sessions, …) and get-session, which hands
 * the session token to any page script. Rampart manages users through its own audited,
 * validated /api/users and reads sessions on the server, so all of those are closed:
 *
 * - open: the endpoints below, which the sign-in, change-password and sign-out UI use;
 * - a signed-in user who must still change a one-time password gets 403
 *   PASSWORD_CHANGE_REQUIRED from every other endpoint (only changing it, or signing out, is
 *   possible), like from withAuth;
 * - everything else: 404.
 *
 * No response body carries a session token: page scripts never see one (the cookie is
 * HttpOnly). Server code keeps using `auth.api.*`, which this does not touch.
 */
import type { RampartAuth } from './auth';
import { jsonError, passwordChangeRequired } from './api';

export const AUTH_BASE_PATH = '/api/auth';

const OPEN_ENDPOINTS = new Set(['/sign-in/email', '/sign-in/social', '/change-password', '/sign-out', '/ok', '/error']);
/** The OIDC provider's redirect back to Rampart (/callback/<providerId>). */
const CALLBACK = /^\/callback\/[A-Za-z0-9_-]+$/;

/** The path of a request below /api/auth, exactly as sent (no decoding: "%61dmin" is not "admin"). */
function endpointOf(request: Request): string | null {
  const { pathname } = new URL(request.url);
  return pathname.startsWith(`${AUTH_BASE_PATH}/`) ? pathname.slice(AUTH_BASE_PATH.length) : null;
}

export function isOpenAuthEndpoint(endpoint: string): boolean {
  return OPEN_ENDPOINTS.has(endpoint) || CALLBACK.test(endpoint);
}

/** A JSON body without its session token(s); other responses pass through untouched. */
async function withoutSessionTokens(response: Response): Promise<Response> {
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  let changed = false;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if ('token' in record) {
      delete record.token;
      changed = true;
    }
    const session = record.session as Record<string, unknown> | undefined;
    if (session && typeof session === 'object' && 'token' in session) {
      delete session.token;
      changed = true;
    }
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('Cache-Control', 'no-store');
  return new Response(changed ? JSON.stringify(body) : text, { status: response.status, statusText: response.statusText, headers });
}

export async function handleAuthRequest(auth: RampartAuth, request: Request): Promise<Response> {
  const endpoint = endpointOf(request);
  if (endpoint === null || !isOpenAuthEndpoint(endpoint)) {
    const session = await auth.api.getSession({ headers: request.headers }).catch(() => null);
    if ((session?.user as { mustChangePassword?: boolean | null } | undefined)?.mustChangePassword) {
      return passwordChangeRequired();
    }
    return jsonError(404, 'Not found.');
  }
  return withoutSessionTokens(await auth.handler(request));
}
