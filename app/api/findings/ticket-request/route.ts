/**
 * POST /api/findings/ticket-request — ask the ticketing bridge for a ticket (analyst+): sends the
 * webhook event `finding.ticket_requested` for the target's open findings (body `{ target }`, as
 * for PUT /api/findings/ticket; a team-scoped analyst, their teams' findings only). Audited.
 * → `{ findings, webhooks }` (webhooks: how many receive it).
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { requestTicket, requestTicketSchema, ticketableWhere } from '@/lib/tickets';

export const dynamic = 'force-dynamic';

export const POST = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const { target } = await parseJsonBody(req, requestTicketSchema);
    const db = await getDb();
    return noStoreJson(await requestTicket(db, target, { ...actionContext(req, user), within: await ticketableWhere(db, scope) }));
  },
  { teams: true },
);
