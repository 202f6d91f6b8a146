import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, userIdParam } from '@/lib/teams/http';
import { fleetAccessSchema } from '@/lib/teams/schema';
import { setFleetAccess } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/**
 * A user's fleet view: { fleetAccess: true } every cluster with their role; false only their
 * teams' clusters and namespaces with their team roles (admins keep the fleet view). Admin only; audited.
 */
export const PUT = withAuth('admin', async (req, { user, params }) => {
  const id = userIdParam.parse(params.id);
  const { fleetAccess } = await parseJsonBody(req, fleetAccessSchema);
  return Response.json({ user: await setFleetAccess(await getDb(), user, id, fleetAccess, requestIp(req.headers)) }, { headers: noStore });
});
