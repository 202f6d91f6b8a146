import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { attachment } from '@/lib/reports/http';
import { reportParamsSchema } from '@/lib/reports/params';
import { requestReport } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The remediation report as a PDF. POST only (a GET would let a cross-site link create a
 * report with the visitor's session); body: ReportParams as for POST /api/reports
 * ({ clusters, sections, severities, namespaces, label, days }). Small reports
 * (≤ RAMPART_REPORT_STREAM_MAX_FINDINGS findings) come back at once as application/pdf;
 * larger ones are queued → 202 { report } (poll GET /api/reports/<id>, then download from
 * /api/reports/<id>/download). A team member's report covers their teams' clusters and namespaces
 * only (scores, trends and changes only of clusters their teams own whole) and is recorded for those teams.
 */
export const POST = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const params = await parseJsonBody(req, reportParamsSchema);
    const out = await requestReport(await getDb(), params, user, requestIp(req.headers), new Date(), scope);
    if (out.mode === 'background') return Response.json({ report: out.report }, { status: 202, headers: { 'Cache-Control': 'no-store' } });
    return new Response(new Uint8Array(out.pdf), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': attachment(out.fileName), 'Content-Length': String(out.pdf.length), 'Cache-Control': 'no-store' },
    });
  },
  { teams: true },
);
