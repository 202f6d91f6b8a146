import { withAuth } from '@/lib/auth/api';
import { issueAgentToken, revokeAgentTokens } from '@/lib/agent/tokens';
import { actionContext, clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** Creates the agent cluster's enrolment token (earlier ones are revoked: rotation). The token is in this answer only. Admin; audited. */
export const POST = withAuth('admin', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  const issued = await issueAgentToken(await getDb(), id, actionContext(req, user));
  return noStoreJson(issued, 201);
});

/** Revokes every enrolment token of the cluster: its agent's uploads are refused from now on. Admin; audited. */
export const DELETE = withAuth('admin', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  return noStoreJson(await revokeAgentTokens(await getDb(), id, actionContext(req, user)));
});
