/**
 * The signed-in user for server components, pages and layouts.
 *
 *   const user = await requireUser('admin');   // in a page
 *
 * requireUser redirects to /sign-in when signed out, to /change-password while the user
 * must change a generated or reset password, and renders the 403 page (app/forbidden.tsx)
 * when the role is insufficient, or when a team-scoped user (lib/teams/scope.ts) opens a page
 * that shows the whole fleet. A page that limits itself to the caller's teams uses requireScope.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getAuth, getAuthDb } from './auth';
import { PATHNAME_HEADER } from './constants';
import { accessScopeFor, effectiveRole, type AccessScope } from '@/lib/teams/scope';
import { hasRole, type Role } from './roles';
import { sessionUserOf } from './session-user';
import type { SessionUser } from './types';

export type { SessionUser } from './types';


/** Once per request (React cache): the user of the session cookie, or null. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Read the request first: it marks the page dynamic, so `next build` never prerenders it
  // and never opens the database (which, embedded, belongs to the running server alone).
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = sessionUserOf(session);
  if (user === 'invalid-role') forbidden();
  return user;
});

function signInUrl(pathname: string | null): string {
  if (!pathname || pathname === '/' || !pathname.startsWith('/') || pathname.startsWith('//')) return '/sign-in';
  return `/sign-in?next=${encodeURIComponent(pathname)}`;
}

/** Once per request: what the signed-in user may see. */
const getAccessScope = cache(async (id: string, role: Role): Promise<AccessScope> => accessScopeFor(await getAuthDb(), { id, role }));

/**
 * The signed-in user and their access scope, for a page that limits what it shows to the scope.
 * For a team-scoped user, `user.role` is their highest team role.
 */
export async function requireScope(minRole: Role = 'viewer'): Promise<{ user: SessionUser; scope: AccessScope }> {
  const user = await getCurrentUser();
  if (!user) redirect(signInUrl((await headers()).get(PATHNAME_HEADER)));
  if (user.mustChangePassword) redirect('/change-password');
  const scope = await getAccessScope(user.id, user.role);
  const role = effectiveRole(user, scope);
  if (!hasRole(role, minRole)) forbidden();
  return { user: role && role !== user.role ? { ...user, role } : user, scope };
}

/** The signed-in user, for a page that shows the whole fleet (team-scoped users get the 403 page). */
export async function requireUser(minRole: Role = 'viewer'): Promise<SessionUser> {
  const { user, scope } = await requireScope(minRole);
  if (scope.kind === 'teams') forbidden();
  return user;
}
