import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { trendQuerySchema, trendWindow } from '@/lib/dashboard/trends-range';
import { requireCluster } from '@/lib/clusters/exists';

export const dynamic = 'force-dynamic';

/** Score, open findings by severity, new vs resolved per scan and MTTR: ?range=7d|30d|90d|1y|custom&from&to&section. */
export const GET = withAuth('viewer', async (req, { params }) => {
  const id = clusterIdSchema.parse(params.id);
  const query = trendQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const db = await getDb();
  await requireCluster(db, id);
  return Response.json(await getClusterTrends(db, id, trendWindow(query), query.section), { headers: { 'Cache-Control': 'no-store' } });
});
