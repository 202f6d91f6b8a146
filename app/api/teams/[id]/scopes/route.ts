import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, teamIdParam } from '@/lib/teams/http';
import { scopeSchema } from '@/lib/teams/schema';
import { addScope } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/**
 * Gives the team part of the fleet: { clusterId?: id|null (null: every cluster), kind:
 * cluster|namespace|namespace_glob|namespace_label|resource_label, value? } → 201 { team }.
 * A value that does not suit the kind is a 400 naming the expected form. Admin only; audited.
 */
export const POST = withAuth('admin', async (req, { user, params }) => {
  const id = teamIdParam.parse(params.id);
  const input = await parseJsonBody(req, scopeSchema);
  return Response.json({ team: await addScope(await getDb(), user, id, input, requestIp(req.headers)) }, { status: 201, headers: noStore });
});
