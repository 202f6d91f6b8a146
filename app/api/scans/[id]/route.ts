import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { scanIdSchema } from '@/lib/scans/http';
import { getScan } from '@/lib/scans/queries';
import { scansForView } from '@/lib/dashboard/part-scores';
import { clusterViewOf } from '@/lib/teams/cluster-view';

export const dynamic = 'force-dynamic';

/**
 * One scan: status, live progress while it runs, outcome and error once done. A team member: only
 * a scan of a cluster of their teams (others 404, as if absent); of a cluster they own in part, the
 * scan's numbers are their namespaces'.
 */
export const GET = withAuth(
  'viewer',
  async (_req, { params, scope }) => {
    const id = scanIdSchema.parse(params.id);
    const db = await getDb();
    const scan = await getScan(db, id);
    const view = scan ? clusterViewOf(scope, scan.clusterId) : null;
    if (!scan || !view) throw new AppError(404, `No scan with id "${id}": it may have been deleted with its cluster.`);
    return noStoreJson({ scan: (await scansForView(db, [scan], view))[0] });
  },
  { teams: true },
);
