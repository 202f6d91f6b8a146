/**
 * POST /api/findings/ticket-request — ask the ticketing bridge for a ticket (analyst+): sends the
 * webhook event `finding.ticket_requested` for the target's open findings (body `{ target }`, as
 * for PUT /api/findings/ticket). Audited. → `{ findings, webhooks }` (webhooks: how many receive it).
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { requestTicket, requestTicketSchema } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

export const POST = withAuth('analyst', async (req, { user }) => {
  const { target } = await parseJsonBody(req, requestTicketSchema);
  return noStoreJson(await requestTicket(await getDb(), target, actionContext(req, user)));
});
