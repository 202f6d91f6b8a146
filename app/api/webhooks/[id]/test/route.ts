/** POST /api/webhooks/[id]/test — send a "test" event now and answer with the delivery's outcome (admin). */
import { withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { sendTestWebhook, webhookIdSchema } from '@/lib/notifications';

export const dynamic = 'force-dynamic';

export const POST = withAuth('admin', async (req, { user, params }) => {
  const id = webhookIdSchema.parse(params.id);
  return noStoreJson({ delivery: await sendTestWebhook(await getDb(), id, actionContext(req, user)) });
});
