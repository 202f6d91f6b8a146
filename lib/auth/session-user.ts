/**
 * The Rampart user of a better-auth session, shared by withAuth (API) and requireUser (pages).
 *
 * Impersonation is disabled: Rampart has no use for it (an admin acts under their own name,
 * and every admin action is audited with that name), its endpoints are closed
 * (lib/auth/http.ts), and a session that nevertheless carries an impersonation grants nothing,
 * so no action can ever be recorded under the impersonated user alone.
 */
import { isRole } from './roles';
import type { SessionUser } from './types';

interface BetterAuthSession {
  user: { id: string; email: string; name: string };
  session: object;
}

/** null: not a usable session (impersonated). 'invalid-role': a role written by hand that grants nothing. */
export function sessionUserOf(found: BetterAuthSession): SessionUser | 'invalid-role' | null {
  if ((found.session as { impersonatedBy?: string | null }).impersonatedBy) return null;
  const { user } = found;
  const role = (user as { role?: string | null }).role;
  if (!isRole(role)) return 'invalid-role';
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    mustChangePassword: Boolean((user as { mustChangePassword?: boolean | null }).mustChangePassword),
    via: 'session',
  };
}
