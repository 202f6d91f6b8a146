/** GET /api/users — every user (admin). POST /api/users — create a user with a role and an initial password (admin). */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getAuth, getAuthDb } from '@/lib/auth/auth';
import { createUser, createUserSchema, listUsers } from '@/lib/auth/users';

export const GET = withAuth('admin', async () => Response.json({ users: await listUsers(await getAuthDb()) }));

export const POST = withAuth('admin', async (req, { user }) => {
  const body = await parseJsonBody(req, createUserSchema);
  const created = await createUser(await getAuthDb(), await getAuth(), user, body, requestIp(req.headers));
  return Response.json({ user: created }, { status: 201 });
});
