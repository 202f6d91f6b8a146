import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { trendQuerySchema, trendWindow } from '@/lib/dashboard/trends-range';
import { requireClusterView } from '@/lib/teams/cluster-view';

export const dynamic = 'force-dynamic';

/**
 * Score, open findings by severity, new vs resolved per scan and MTTR: ?range=7d|30d|90d|1y|custom&from&to&section.
 * A team member: only a cluster of their teams (others 404); of a cluster they own in part, their namespaces' trend.
 */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const query = trendQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const db = await getDb();
    const { view } = await requireClusterView(db, scope, id);
    return Response.json(await getClusterTrends(db, id, trendWindow(query), query.section, view), { headers: { 'Cache-Control': 'no-store' } });
  },
  { teams: true },
);
