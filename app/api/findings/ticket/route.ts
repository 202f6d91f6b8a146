/**
 * PUT /api/findings/ticket — link findings to an external ticket (analyst+; API tokens too, so a
 * ticketing bridge can report the issue it opened). Body `{ target, url }`: target is
 * `{ findingIds: [...] }` or `{ clusterId, checkId }` (that check's open findings in that cluster);
 * url an http(s) link, or null to remove it. A team-scoped analyst links findings of their teams
 * only (others are not found). Audited. → `{ findings: <rows changed> }`.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { setTicketLink, setTicketLinkSchema, ticketableWhere } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

export const PUT = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const input = await parseJsonBody(req, setTicketLinkSchema);
    const db = await getDb();
    return noStoreJson(await setTicketLink(db, input, { ...actionContext(req, user), within: await ticketableWhere(db, scope) }));
  },
  { teams: true },
);
