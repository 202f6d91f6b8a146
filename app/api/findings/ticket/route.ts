/**
 * PUT /api/findings/ticket — link findings to an external ticket (analyst+; API tokens too, so a
 * ticketing bridge can report the issue it opened). Body `{ target, url }`: target is
 * `{ findingIds: [...] }` or `{ clusterId, checkId }` (that check's open findings in that cluster);
 * url an http(s) link, or null to remove it. Audited. → `{ findings: <rows changed> }`.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { setTicketLink, setTicketLinkSchema } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

export const PUT = withAuth('analyst', async (req, { user }) => {
  const input = await parseJsonBody(req, setTicketLinkSchema);
  return noStoreJson(await setTicketLink(await getDb(), input, actionContext(req, user)));
});
