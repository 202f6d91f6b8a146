import { withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, scopeIdParam, teamIdParam } from '@/lib/teams/http';
import { removeScope } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/** Removes one of the team's scopes → { team }. Admin only; audited. */
export const DELETE = withAuth('admin', async (req, { user, params }) => {
  const team = await removeScope(await getDb(), user, teamIdParam.parse(params.id), scopeIdParam.parse(params.scopeId), requestIp(req.headers));
  return Response.json({ team }, { headers: noStore });
});
