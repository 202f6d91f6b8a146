import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore, teamIdParam } from '@/lib/teams/http';
import { updateTeamSchema } from '@/lib/teams/schema';
import { deleteTeam, getTeam, updateTeam } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/** One team with members and scopes. Admin only. */
export const GET = withAuth('admin', async (_req, { params }) => Response.json({ team: await getTeam(await getDb(), teamIdParam.parse(params.id)) }, { headers: noStore }));

/** Renames a team or changes its description: { name?, description? }. Admin only; audited. */
export const PATCH = withAuth('admin', async (req, { user, params }) => {
  const id = teamIdParam.parse(params.id);
  const input = await parseJsonBody(req, updateTeamSchema);
  return Response.json({ team: await updateTeam(await getDb(), user, id, input, requestIp(req.headers)) }, { headers: noStore });
});

/** Deletes a team with its memberships and scopes (its findings become unowned or go to another team); 409 while webhooks are narrowed to it. Admin only; audited. */
export const DELETE = withAuth('admin', async (req, { user, params }) => {
  await deleteTeam(await getDb(), user, teamIdParam.parse(params.id), requestIp(req.headers));
  return new Response(null, { status: 204 });
});
