/**
 * GET /api/webhooks/[id] — one webhook (admin).
 * PATCH — change name, url, format, events, enabled, filters (framework, control, teamId; null
 *   removes one); `rotateSecret: true` returns a new secret once (admin).
 * DELETE — delete it and its delivery log (admin).
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { deleteWebhook, getWebhook, updateWebhook, webhookIdSchema, webhookUpdateSchema } from '@/lib/notifications';

export const dynamic = 'force-dynamic';

export const GET = withAuth('admin', async (_req, { params }) => {
  const id = webhookIdSchema.parse(params.id);
  const webhook = await getWebhook(await getDb(), id);
  if (!webhook) throw new AppError(404, `No webhook with id "${id}".`);
  return noStoreJson({ webhook });
});

export const PATCH = withAuth('admin', async (req, { user, params }) => {
  const id = webhookIdSchema.parse(params.id);
  const input = await parseJsonBody(req, webhookUpdateSchema);
  return noStoreJson(await updateWebhook(await getDb(), id, input, actionContext(req, user)));
});

export const DELETE = withAuth('admin', async (req, { user, params }) => {
  const id = webhookIdSchema.parse(params.id);
  await deleteWebhook(await getDb(), id, actionContext(req, user));
  return new Response(null, { status: 204 });
});
