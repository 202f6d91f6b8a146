import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { assignFinding } from '@/lib/teams/assign';
import { assignFindingSchema } from '@/lib/teams/schema';
import { idSchema } from '@/lib/api/input';

export const dynamic = 'force-dynamic';

const findingId = idSchema('Not a finding id.');

/**
 * Assigns the finding to a person: { assigneeId: "<user id>" | null } → { assignee }. Analyst and
 * up (for a team-scoped caller: within a team that owns the finding); audited "finding.assigned".
 * The assignee must be able to see the finding (400 otherwise).
 */
export const PUT = withAuth(
  'analyst',
  async (req, { user, params, scope }) => {
    const id = findingId.parse(params.id);
    const input = await parseJsonBody(req, assignFindingSchema);
    const result = await assignFinding(await getDb(), user, scope, id, input, requestIp(req.headers));
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
  },
  { teams: true },
);
