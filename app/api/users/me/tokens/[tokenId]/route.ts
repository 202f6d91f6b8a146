/** DELETE /api/users/me/tokens/:tokenId — revoke one of the caller's API tokens. */
import { jsonError, withAuth } from '@/lib/auth/api';
import { revokeApiToken } from '@/lib/auth/api-tokens';
import { getAuthDb } from '@/lib/auth/auth';

export const DELETE = withAuth('viewer', async (_req, { user, params }) => {
  const revoked = await revokeApiToken(await getAuthDb(), user, params.tokenId!);
  return revoked ? new Response(null, { status: 204 }) : jsonError(404, 'No such token, or it was already revoked.');
}, { teams: true });
