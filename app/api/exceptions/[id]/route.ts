/**
 * GET /api/exceptions/[id] — one exception (viewer+). A team member: one their exceptions list
 *   shows (lib/teams/scope.ts exceptionsVisibleWhere), its covered count over their findings;
 *   another is "not found".
 * DELETE /api/exceptions/[id] — revoke it (analyst+): its findings return to open at once; audited.
 */
import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { exceptionIdSchema, getException, revokeException } from '@/lib/exceptions';

export const dynamic = 'force-dynamic';

export const GET = withAuth(
  'viewer',
  async (_req, { params, scope }) => {
    const id = exceptionIdSchema.parse(params.id);
    const exception = await getException(await getDb(), id, new Date(), scope);
    if (!exception) throw new AppError(404, `No exception with id "${id}".`);
    return noStoreJson({ exception });
  },
  { teams: true },
);

export const DELETE = withAuth('analyst', async (req, { user, params }) => {
  const id = exceptionIdSchema.parse(params.id);
  const exception = await revokeException(await getDb(), id, actionContext(req, user));
  return noStoreJson({ exception });
});
