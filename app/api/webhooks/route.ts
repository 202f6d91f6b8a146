/**
 * GET /api/webhooks — outgoing webhooks with their last delivery (admin).
 * POST /api/webhooks — create one `{ name, url, format: generic|slack, events[], enabled?,
 *   framework?, control?, teamId? }` (admin; filters: lib/notifications/filters.ts). The response
 *   carries the signing `secret` once; it is stored encrypted.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { createWebhook, listWebhooks, webhookInputSchema } from '@/lib/notifications';

export const dynamic = 'force-dynamic';

export const GET = withAuth('admin', async () => noStoreJson({ webhooks: await listWebhooks(await getDb()) }));

export const POST = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, webhookInputSchema);
  return noStoreJson(await createWebhook(await getDb(), input, actionContext(req, user)), 201);
});
