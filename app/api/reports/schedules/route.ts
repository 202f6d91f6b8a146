import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { reportScheduleInputSchema } from '@/lib/reports/params';
import { createReportSchedule, listReportSchedules } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

const headers = { 'Cache-Control': 'no-store' };

/** Scheduled reports with their next run (analyst+). */
export const GET = withAuth('analyst', async () => Response.json({ schedules: await listReportSchedules(await getDb()) }, { headers }));

/** Body { name, frequency: weekly|monthly, timezone?, params?, webhookId? } → 201 { schedule }. */
export const POST = withAuth('analyst', async (req, { user }) => {
  const input = await parseJsonBody(req, reportScheduleInputSchema);
  const schedule = await createReportSchedule(await getDb(), input, user, requestIp(req.headers));
  return Response.json({ schedule }, { status: 201, headers });
});
