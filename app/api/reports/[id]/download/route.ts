import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { withAuth } from '@/lib/auth/api';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { attachment, reportIdSchema, toHttpError } from '@/lib/reports/http';
import { reportFileFor, reportFileName } from '@/lib/reports/service';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The PDF of a finished report, streamed from disk (audited "report.downloaded"). */
export const GET = withAuth('analyst', async (req, { params, user }) => {
  const id = reportIdSchema.parse(params.id);
  const db = await getDb();
  try {
    const { file, bytes, report } = await reportFileFor(db, id);
    await recordAudit(db, { actor: user, action: 'report.downloaded', targetType: 'report', targetId: id, ip: requestIp(req.headers), details: { bytes } });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': attachment(reportFileName(report.params, report.clusterNames, new Date(report.createdAt))), 'Content-Length': String(bytes), 'Cache-Control': 'no-store' },
    });
  } catch (err) {
    throw toHttpError(err);
  }
});
