import { withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { reportIdSchema } from '@/lib/reports/http';
import { deleteReportSchedule } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

/** Deletes a report schedule (its past reports stay until they expire). A team member: a schedule of their teams only (others 404). */
export const DELETE = withAuth(
  'analyst',
  async (req, { params, user, scope }) => {
    await deleteReportSchedule(await getDb(), reportIdSchema.parse(params.id), user, requestIp(req.headers), scope);
    return new Response(null, { status: 204 });
  },
  { teams: true },
);
