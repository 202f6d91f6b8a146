import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { reportScheduleInputSchema } from '@/lib/reports/params';
import { createReportSchedule, listReportSchedules } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

const headers = { 'Cache-Control': 'no-store' };

/** Scheduled reports with their next run (analyst+). A team member: the schedules of their teams. */
export const GET = withAuth('analyst', async (_req, { scope }) => Response.json({ schedules: await listReportSchedules(await getDb(), new Date(), scope) }, { headers }), { teams: true });

/**
 * Body { name, frequency: weekly|monthly, timezone?, params?, webhookId? } → 201 { schedule }.
 * A team analyst's schedule reports on their teams' part of the fleet and is recorded for their
 * teams; it delivers only to a webhook narrowed to its one team.
 */
export const POST = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const input = await parseJsonBody(req, reportScheduleInputSchema);
    const schedule = await createReportSchedule(await getDb(), input, user, requestIp(req.headers), scope);
    return Response.json({ schedule }, { status: 201, headers });
  },
  { teams: true },
);
