import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { clusterNotFound } from '@/lib/clusters/errors';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { parseFindingFiltersOrExplain } from '@/lib/dashboard/findings-filters';
import { getDb } from '@/lib/db/client';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportFileName, exportStream, type ExportFormat } from '@/lib/reports/findings-export';
import { attachment, TOOL_VERSION } from '@/lib/reports/http';
import { canSeeCluster, seesWholeCluster, visibleClusterIds } from '@/lib/teams/scope';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The findings browser's current filter as a file: ?format=csv|json|sarif plus the browser's
 * filters (cluster, section, check, severity, status, namespace, kind, owner, since, q). Streamed;
 * audited "export.downloaded" (who, format, filters, how many findings) when the stream ends.
 * A team-scoped caller exports their teams' findings only; JSON and SARIF carry cluster-wide
 * scores, so they need teams that own the clusters concerned entirely (CSV does not).
 */
export const GET = withAuth('analyst', async (req, { user, scope }) => {
  const sp = req.nextUrl.searchParams;
  const format = (sp.get('format') ?? 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new AppError(400, `Unknown export format "${format}": use csv, json or sarif.`);
  const filters = parseFindingFiltersOrExplain(sp);
  const db = await getDb();
  if (scope.kind === 'teams' && format !== 'csv') {
    const concerned = filters.cluster ? [filters.cluster] : visibleClusterIds(scope);
    if (!concerned || !concerned.every((id) => seesWholeCluster(scope, id))) {
      throw new AppError(403, 'JSON and SARIF exports carry cluster-wide scores, and your teams own only part of these clusters: export CSV instead.');
    }
  }
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
