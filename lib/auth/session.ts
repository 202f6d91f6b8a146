/**
 * The signed-in user for server components, pages and layouts.
 *
 *   const user = await requireUser('admin');   // in a page
 *
 * requireUser redirects to /sign-in when signed out, to /change-password while the user
 * must change a generated or reset password, and renders the 403 page (app/forbidden.tsx)
 * when the role is insufficient.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getAuth } from './auth';
import { PATHNAME_HEADER } from './constants';
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

export async function requireUser(minRole: Role = 'viewer'): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInUrl((await headers()).get(PATHNAME_HEADER)));
  if (user.mustChangePassword) redirect('/change-password');
  if (!hasRole(user.role, minRole)) forbidden();
  return user;
}
