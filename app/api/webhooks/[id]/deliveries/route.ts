/** GET /api/webhooks/[id]/deliveries?limit=50 — the delivery log, newest first (admin). */
import { z } from 'zod';
import { parseSearchParams, withAuth } from '@/lib/auth/api';
import { noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { listDeliveries, webhookIdSchema } from '@/lib/notifications';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = withAuth('admin', async (req, { params }) => {
  const id = webhookIdSchema.parse(params.id);
  const { limit } = parseSearchParams(req, querySchema);
  return noStoreJson({ deliveries: await listDeliveries(await getDb(), id, limit) });
});
