import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { reportParamsSchema } from '@/lib/reports/params';
import { createReport, listReports, startReportInBackground } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';

const headers = { 'Cache-Control': 'no-store' };

/** Recent remediation reports with who made them and their status / progress (analyst+; a team member: the reports made for their teams, lib/reports/access.ts). */
export const GET = withAuth('analyst', async (_req, { scope }) => Response.json({ reports: await listReports(await getDb(), 50, scope) }, { headers }), { teams: true });

/** Queues a remediation report (body: ReportParams) and renders it in the background → 202 { report }. A team member's covers their teams' part of the fleet. */
export const POST = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const params = await parseJsonBody(req, reportParamsSchema);
    const db = await getDb();
    const report = await createReport(db, { params, actor: user, ip: requestIp(req.headers), access: scope });
    startReportInBackground(db, report.id);
    return Response.json({ report }, { status: 202, headers });
  },
  { teams: true },
);
