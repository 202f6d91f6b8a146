import { HttpError, withAuth } from '@/lib/auth/api';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { BadFindingFilterError, parseFindingFiltersOrExplain } from '@/lib/dashboard/findings-filters';
import { getDb } from '@/lib/db/client';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportFileName, exportStream, type ExportFormat } from '@/lib/reports/findings-export';
import { attachment, TOOL_VERSION } from '@/lib/reports/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The findings browser's current filter as a file: ?format=csv|json|sarif plus the browser's
 * filters (cluster, section, check, severity, status, namespace, kind, owner, since, q). Streamed;
 * audited "export.downloaded" (who, format, filters, how many findings) when the stream ends.
 */
export const GET = withAuth('analyst', async (req, { user }) => {
  const sp = req.nextUrl.searchParams;
  const format = (sp.get('format') ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new HttpError(400, `Unknown export format "${format}": use csv, json or sarif.`);
  let filters;
  try {
    filters = parseFindingFiltersOrExplain(sp);
  } catch (err) {
    if (err instanceof BadFindingFilterError) throw new HttpError(400, err.message);
    throw err;
  }
  const db = await getDb();
  let sourceName = 'fleet';
  if (filters.cluster) {
    const cluster = await db.cluster.findUnique({ where: { id: filters.cluster }, select: { name: true } });
    if (!cluster) throw new HttpError(404, `No cluster with id "${filters.cluster}": it may have been deleted.`);
    sourceName = cluster.name;
  }
  const ip = requestIp(req.headers);
  const body = exportStream(db, filters, format, TOOL_VERSION, {
    onDone: (count) =>
      recordAudit(db, {
        actor: user,
        action: 'export.downloaded',
        targetType: 'findings',
        ip,
        details: { format, count, filters: { ...filters, cursor: undefined, limit: undefined, group: undefined } },
      }),
  });
  return new Response(body, {
    headers: { 'Content-Type': EXPORT_CONTENT_TYPES[format], 'Content-Disposition': attachment(exportFileName(format, sourceName)), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
});
