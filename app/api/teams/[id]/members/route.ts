import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, teamIdParam } from '@/lib/teams/http';
import { memberSchema } from '@/lib/teams/schema';
import { setMember } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/** Adds a member or changes their role within the team: { userId, role: admin|analyst|viewer } → { team }. Admin only; audited. */
export const PUT = withAuth('admin', async (req, { user, params }) => {
  const id = teamIdParam.parse(params.id);
  const input = await parseJsonBody(req, memberSchema);
  return Response.json({ team: await setMember(await getDb(), user, id, input, requestIp(req.headers)) }, { headers: noStore });
});
