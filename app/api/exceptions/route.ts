/**
 * GET /api/exceptions?status=active|expired|revoked|all&clusterId&checkId&findingId&limit&cursor
 *   — accepted-risk exceptions, newest first (viewer+; a team member: those over their teams' findings).
 * POST /api/exceptions — accept a risk (analyst+). Body: `{ findingIds: [...], reason, expiresAt }`
 *   (one exception per finding; bulk accept) or `{ checkId, clusterId?, namespacePattern?,
 *   labelSelector?, resourceNamePattern?, reason, expiresAt }`. Applied at once; audited.
 */
import { parseJsonBody, parseSearchParams, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { createExceptionInputSchema, createExceptions, listExceptions, listExceptionsQuerySchema } from '@/lib/exceptions';
import { assertFindingRole } from '@/lib/teams/finding-access';
import { AppError } from '@/lib/api/errors';

export const dynamic = 'force-dynamic';

/** A team member gets the exceptions over their teams' findings only (lib/teams/scope.ts exceptionsVisibleWhere). */
export const GET = withAuth(
  'viewer',
  async (req, { scope }) => {
    const query = parseSearchParams(req, listExceptionsQuerySchema);
    return noStoreJson(await listExceptions(await getDb(), query, new Date(), scope));
  },
  { teams: true },
);

/** A team member (lib/teams/scope.ts) may request acceptance for findings of their teams only, with the Analyst role there. */
export const POST = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const input = await parseJsonBody(req, createExceptionInputSchema);
    const db = await getDb();
    if (scope.kind === 'teams') {
      if (!('findingIds' in input) || !input.findingIds?.length) throw new AppError(403, 'Your account accepts risk for findings of your teams only: send findingIds.');
      await assertFindingRole(db, user, scope, input.findingIds, 'analyst', 'Accepting a risk');
    }
    const result = await createExceptions(db, input, actionContext(req, user));
    return noStoreJson(result, 201);
  },
  { teams: true },
);
