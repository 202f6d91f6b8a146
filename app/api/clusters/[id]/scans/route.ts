import { withAuth } from '@/lib/auth/api';
import { actionContext, clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getBoss } from '@/lib/jobs/boss';
import { enqueueScan } from '@/lib/jobs/scans';
import { listScansQuerySchema } from '@/lib/scans/http';
import { getScan, listClusterScans } from '@/lib/scans/queries';
import { scansForView } from '@/lib/dashboard/part-scores';
import { requireClusterView } from '@/lib/teams/cluster-view';

export const dynamic = 'force-dynamic';

/**
 * The cluster's scans, newest first (?limit=50&before=<scanId>). A team member: only a cluster of
 * their teams (others 404); of a cluster they own in part, each scan's numbers are their namespaces'.
 */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const query = listScansQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const db = await getDb();
    const { view } = await requireClusterView(db, scope, id);
    return noStoreJson({ scans: await scansForView(db, await listClusterScans(db, id, query), view) });
  },
  { teams: true },
);

/**
 * "Scan now" (analyst and above). 202 with the queued scan; when the cluster already has a
 * queued or running scan, 200 with that scan instead (`created: false`). Audited as scan.triggered.
 */
export const POST = withAuth('analyst', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  const db = await getDb();
  const trigger = req.headers.get('authorization')?.startsWith('Bearer ') ? 'api' : 'manual';
  const { scan, created } = await enqueueScan(db, { clusterId: id, trigger, userId: user.id, audit: actionContext(req, user) }, await getBoss());
  return noStoreJson({ scan: await getScan(db, scan.id), created }, created ? 202 : 200);
});
