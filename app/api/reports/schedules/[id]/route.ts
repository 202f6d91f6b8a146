import { withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { reportIdSchema } from '@/lib/reports/http';
import { deleteReportSchedule } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** Deletes a report schedule (its past reports stay until they expire). */
export const DELETE = withAuth('analyst', async (req, { params, user }) => {
  await deleteReportSchedule(await getDb(), reportIdSchema.parse(params.id), user, requestIp(req.headers));
  return new Response(null, { status: 204 });
});
