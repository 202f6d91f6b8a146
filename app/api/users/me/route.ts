/** GET /api/users/me — the caller (any role; also answers for API tokens). */
import { withAuth } from '@/lib/auth/api';

export const GET = withAuth(
  'viewer',
  async (_req, { user }) =>
    Response.json({ user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: Boolean(user.mustChangePassword), via: user.via } }),
  { allowPendingPasswordChange: true, teams: true },
);
