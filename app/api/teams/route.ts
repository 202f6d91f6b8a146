import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { noStore } from '@/lib/teams/http';
import { createTeamSchema } from '@/lib/teams/schema';
import { createTeam, listTeams } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/** Every team with its members (and their role within it) and scopes. Admin only. */
export const GET = withAuth('admin', async () => Response.json({ teams: await listTeams(await getDb()) }, { headers: noStore }));

/** Creates a team: { name, description? } → 201 { team }; 409 when the name is taken. Admin only; audited. */
export const POST = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, createTeamSchema);
  return Response.json({ team: await createTeam(await getDb(), user, input, requestIp(req.headers)) }, { status: 201, headers: noStore });
});
