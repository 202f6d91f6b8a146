/**
 * POST /api/notifications/digest — send the weekly digest now (admin): queues a digest run that
 * the worker sends (never this request). 409 when e-mail is not configured. Audited.
 */
import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { requestDigestNow } from '@/lib/notifications/email/request';

export const dynamic = 'force-dynamic';

export const POST = withAuth('admin', async (req, { user }) => {
  const result = await requestDigestNow(await getDb(), actionContext(req, user));
  if (!result) throw new AppError(409, 'E-mail is not configured: set RAMPART_SMTP_HOST (and the other RAMPART_SMTP_* settings) on the server and the worker.');
  return noStoreJson(result, 202);
});
