import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { slaOverridesSchema } from '@/lib/sla/policy';
import { noStore, teamIdParam } from '@/lib/teams/http';
import { setTeamSla } from '@/lib/teams/service';

export const dynamic = 'force-dynamic';

/**
 * Sets the team's remediation SLA overrides: { critical?, high?, medium?, low? } in days (1–3650),
 * a severity absent or null following the instance policy; {} clears them all → { team }. Admin only; audited.
 */
export const PUT = withAuth('admin', async (req, { user, params }) => {
  const id = teamIdParam.parse(params.id);
  const input = await parseJsonBody(req, slaOverridesSchema);
  return Response.json({ team: await setTeamSla(await getDb(), user, id, input, requestIp(req.headers)) }, { headers: noStore });
});
