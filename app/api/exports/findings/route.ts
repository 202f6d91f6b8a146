import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { clusterNotFound } from '@/lib/clusters/errors';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { parseFindingFiltersOrExplain } from '@/lib/dashboard/findings-filters';
import { getDb } from '@/lib/db/client';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportFileName, exportStream, type ExportFormat } from '@/lib/reports/findings-export';
import { attachment, TOOL_VERSION } from '@/lib/reports/http';
import { canSeeCluster } from '@/lib/teams/scope';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The findings browser's current filter as a file: ?format=csv|json|sarif plus the browser's
 * filters (cluster, section, check, severity, status, namespace, kind, owner, since, q). Streamed;
 * audited "export.downloaded" (who, format, filters, how many findings) when the stream ends.
 * A team-scoped caller exports their teams' findings only; the scores JSON and SARIF carry are
 * those of what they see: a cluster their teams own whole, its own; one owned in part, the part's
 * (lib/dashboard/part-scores.ts), as their scorecards show it. Another cluster is a 404.
 */
export const GET = withAuth('analyst', async (req, { user, scope }) => {
  const sp = req.nextUrl.searchParams;
  const format = (sp.get('format') ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new AppError(400, `Unknown export format "${format}": use csv, json or sarif.`);
  const filters = parseFindingFiltersOrExplain(sp);
  const db = await getDb();
  let sourceName = 'fleet';
  if (filters.cluster) {
    const cluster = canSeeCluster(scope, filters.cluster) ? await db.cluster.findUnique({ where: { id: filters.cluster }, select: { name: true } }) : null;
    if (!cluster) throw clusterNotFound(filters.cluster);
    sourceName = cluster.name;
  }
  const ip = requestIp(req.headers);
  const body = exportStream(db, filters, format, TOOL_VERSION, {
    access: scope,
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
}, { teams: true });
