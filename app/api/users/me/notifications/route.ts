/**
 * GET /api/users/me/notifications — the caller's e-mail preferences (any role).
 * PUT — change them: `{ digest?, alertMinSeverity? (severity or null), optOut? }`. Audited.
 */
import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { actionContext, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getNotificationPreferences, notificationPreferencesSchema, setNotificationPreferences } from '@/lib/notifications/email/preferences';

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async (_req, { user }) => noStoreJson({ preferences: await getNotificationPreferences(await getDb(), user.id) }), { teams: true });

export const PUT = withAuth('viewer', async (req, { user }) => {
  const input = await parseJsonBody(req, notificationPreferencesSchema);
  return noStoreJson({ preferences: await setNotificationPreferences(await getDb(), user.id, input, actionContext(req, user)) });
}, { teams: true });
