/** PATCH /api/users/:id — change name, role, or disable/enable (admin). DELETE — delete the user (admin). */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getAuthDb } from '@/lib/auth/auth';
import { deleteUser, updateUser, updateUserSchema } from '@/lib/auth/users';
import { idSchema } from '@/lib/api/input';

const userIdSchema = idSchema('Not a user id.', 128);

export const PATCH = withAuth('admin', async (req, { user, params }) => {
  const body = await parseJsonBody(req, updateUserSchema);
  return Response.json({ user: await updateUser(await getAuthDb(), user, userIdSchema.parse(params.id), body, requestIp(req.headers)) });
});

export const DELETE = withAuth('admin', async (req, { user, params }) => {
  await deleteUser(await getAuthDb(), user, userIdSchema.parse(params.id), requestIp(req.headers));
  return new Response(null, { status: 204 });
});
