/**
 * POST /api/exceptions/approve — approve pending exception requests (analyst+; not the requester
 * unless an admin allowed self-approval). Body `{ ids: [...], note? }`. They become active and
 * apply at once (one re-score per cluster for the whole batch); all or nothing; audited.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { approveExceptions, decisionInputSchema } from '@/lib/exceptions';

export const dynamic = 'force-dynamic';

export const POST = withAuth('analyst', async (req, { user }) => {
  const { ids, note } = await parseJsonBody(req, decisionInputSchema);
  return noStoreJson(await approveExceptions(await getDb(), ids, note, actionContext(req, user)));
});
