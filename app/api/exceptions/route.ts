/**
 * GET /api/exceptions?status=active|expired|revoked|all&clusterId&checkId&findingId&limit&cursor
 *   — accepted-risk exceptions, newest first (viewer+).
 * POST /api/exceptions — accept a risk (analyst+). Body: `{ findingIds: [...], reason, expiresAt }`
 *   (one exception per finding; bulk accept) or `{ checkId, clusterId?, namespacePattern?,
 *   labelSelector?, resourceNamePattern?, reason, expiresAt }`. Applied at once; audited.
 */
import { parseJsonBody, parseSearchParams, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { createExceptionInputSchema, createExceptions, listExceptions, listExceptionsQuerySchema } from '@/lib/exceptions';
import { exceptionsHttp } from '@/lib/exceptions/http';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async (req) => {
  const query = parseSearchParams(req, listExceptionsQuerySchema);
  return noStoreJson(await listExceptions(await getDb(), query));
});

export const POST = withAuth('analyst', async (req, { user }) => {
  const input = await parseJsonBody(req, createExceptionInputSchema);
  const result = await exceptionsHttp(async () => createExceptions(await getDb(), input, actionContext(req, user)));
  return noStoreJson(result, 201);
});
