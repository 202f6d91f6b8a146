/**
 * POST /api/exceptions/reject — reject pending exception requests (analyst+). Body
 * `{ ids: [...], note? }`. They never except anything; all or nothing; audited.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { decisionInputSchema, rejectExceptions } from '@/lib/exceptions';

export const dynamic = 'force-dynamic';

export const POST = withAuth('analyst', async (req, { user }) => {
  const { ids, note } = await parseJsonBody(req, decisionInputSchema);
  return noStoreJson(await rejectExceptions(await getDb(), ids, note, actionContext(req, user)));
});
