/** POST /api/users/:id/password — set a new password for a user, signing them out (admin). */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getAuth, getAuthDb } from '@/lib/auth/auth';
import { resetPasswordSchema, resetUserPassword } from '@/lib/auth/users';
import { idSchema } from '@/lib/api/input';

const userIdSchema = idSchema('Not a user id.', 128);

export const POST = withAuth('admin', async (req, { user, params }) => {
  const body = await parseJsonBody(req, resetPasswordSchema);
  return Response.json({ user: await resetUserPassword(await getAuthDb(), await getAuth(), user, userIdSchema.parse(params.id), body, requestIp(req.headers)) });
});
