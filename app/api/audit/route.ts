/** GET /api/audit?action=&actor=&targetType=&targetId=&from=&to=&cursor=&limit= — the audit trail, newest first (admin). */
import { parseSearchParams, withAuth } from '@/lib/auth/api';
import { getAuthDb } from '@/lib/auth/auth';
import { auditFilterSchema, listAuditEvents } from '@/lib/auth/audit-log';

export const GET = withAuth('admin', async (req) => {
  const filter = parseSearchParams(req, auditFilterSchema);
  return Response.json(await listAuditEvents(await getAuthDb(), filter));
});
