import { badRequest } from '@/lib/api/errors';
import { withAuth } from '@/lib/auth/api';
import { clusterNotFound } from '@/lib/clusters/errors';
import { recordAudit, requestIp } from '@/lib/auth/audit';
import { getDb } from '@/lib/db/client';
import { canSeeCluster } from '@/lib/teams/scope';
import { EXPORT_CONTENT_TYPES } from '@/lib/reports/findings-export';
import { attachment, TOOL_VERSION } from '@/lib/reports/http';
import { exportFilters, vulnerabilityCsv, vulnerabilityExportFileName, vulnerabilityExportRows, vulnerabilityExportSchema } from '@/lib/reports/vulnerabilities-export';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The vulnerabilities pages as a file: ?kind=images|cves&format=csv|json plus the filters
 * (q, fixable, severity — comma-separated —, cluster). Audited "export.downloaded". A team member
 * exports what the pages show them: their teams' workloads (a cluster outside their teams: 404).
 */
export const GET = withAuth(
  'analyst',
  async (req, { user, scope }) => {
    const parsed = vulnerabilityExportSchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
    if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    const query = parsed.data;
    const db = await getDb();
    let source = 'fleet';
    if (query.cluster) {
      const cluster = canSeeCluster(scope, query.cluster) ? await db.cluster.findUnique({ where: { id: query.cluster }, select: { name: true } }) : null;
      if (!cluster) throw clusterNotFound(query.cluster);
      source = cluster.name;
    }
    const filters = exportFilters(query);
    const rows = await vulnerabilityExportRows(db, query.kind, filters, scope);
    await recordAudit(db, {
      actor: user,
      action: 'export.downloaded',
      targetType: 'vulnerabilities',
      ip: requestIp(req.headers),
      details: { kind: query.kind, format: query.format, count: rows.length, filters: { ...filters } },
    });
    const body =
      query.format === 'csv'
        ? vulnerabilityCsv(query.kind, rows)
        : JSON.stringify({ tool: { name: 'rampart', version: TOOL_VERSION }, generatedAt: new Date().toISOString(), kind: query.kind, filters, count: rows.length, rows }, null, 2);
    return new Response(body, {
      headers: {
        'Content-Type': EXPORT_CONTENT_TYPES[query.format],
        'Content-Disposition': attachment(vulnerabilityExportFileName(query.kind, query.format, source)),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  },
  { teams: true },
);
