import { withAuth } from '@/lib/auth/api';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { attachment, reportIdSchema } from '@/lib/reports/http';
import { reportContentFor, reportFileName } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The PDF of a finished report, from the database: any replica serves it (audited "report.downloaded").
 * A team member downloads only reports made for their teams (lib/reports/access.ts); another is not found.
 */
export const GET = withAuth(
  'analyst',
  async (req, { params, user, scope }) => {
    const id = reportIdSchema.parse(params.id);
    const db = await getDb();
    const { content, report } = await reportContentFor(db, id, new Date(), scope);
    await recordAudit(db, { actor: user, action: 'report.downloaded', targetType: 'report', targetId: id, ip: requestIp(req.headers), details: { bytes: content.length } });
    return new Response(new Uint8Array(content), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': attachment(reportFileName(report.params, report.clusterNames, new Date(report.createdAt))), 'Content-Length': String(content.length), 'Cache-Control': 'no-store' },
    });
  },
  { teams: true },
);
