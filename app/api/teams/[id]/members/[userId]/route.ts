import { withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, teamIdParam, userIdParam } from '@/lib/teams/http';
import { removeMember } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/** Removes a member from the team → { team }. Admin only; audited. */
export const DELETE = withAuth('admin', async (req, { user, params }) => {
  const team = await removeMember(await getDb(), user, teamIdParam.parse(params.id), userIdParam.parse(params.userId), requestIp(req.headers));
  return Response.json({ team }, { headers: noStore });
});
