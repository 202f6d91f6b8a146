/**
 * GET /api/settings/exceptions — the four-eyes policy for risk acceptance (viewer+).
 * PUT /api/settings/exceptions — `{ allowSelfApproval }` (admin): whether a requester may approve
 *   their own exception request. Off by default; audited.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { exceptionPolicyInputSchema, getExceptionPolicy, setExceptionPolicy } from '@/lib/exceptions';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async () => noStoreJson({ policy: await getExceptionPolicy(await getDb()) }));

export const PUT = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, exceptionPolicyInputSchema);
  return noStoreJson({ policy: await setExceptionPolicy(await getDb(), input, actionContext(req, user)) });
});
