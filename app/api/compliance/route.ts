/**
 * GET /api/compliance?framework=cis-1.10&cluster=<id>&range=30d — a cluster's (or, without
 * `cluster`, the fleet's) status of every control of a framework, the compliance percentage and
 * its trend (viewer+). A team member: only clusters of their teams (another cluster is a 404), and
 * of a cluster they own in part, control status over their namespaces' results (`part`).
 */
import { parseSearchParams, withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { clusterNotFound } from '@/lib/clusters/errors';
import { noStoreJson } from '@/lib/clusters/http';
import { getClusterCompliance, getFleetCompliance } from '@/lib/compliance/service';
import { complianceQuerySchema } from '@/lib/compliance/http';
import { trendWindow } from '@/lib/dashboard/trends-range';
import { getDb } from '@/lib/db/client';
import { COMPLIANCE_FORMULA } from '@/lib/frameworks/evaluate';
import { requireClusterView } from '@/lib/teams/cluster-view';

export const dynamic = 'force-dynamic';

export const GET = withAuth(
  'viewer',
  async (req, { scope }) => {
    const q = parseSearchParams(req, complianceQuerySchema);
    if (q.range === 'custom' && !(q.from && q.to && q.from < q.to)) throw new AppError(400, 'A custom range needs from and to dates, from before to.');
    const window = trendWindow({ range: q.range, from: q.from, to: q.to });
    const db = await getDb();
    if (q.cluster) {
      const { view } = await requireClusterView(db, scope, q.cluster);
      const result = await getClusterCompliance(db, q.cluster, q.framework, window, new Date(), view);
      if (!result) throw clusterNotFound(q.cluster);
      return noStoreJson({ formula: COMPLIANCE_FORMULA, ...result });
    }
    return noStoreJson({ formula: COMPLIANCE_FORMULA, framework: q.framework, ...(await getFleetCompliance(db, q.framework, window, new Date(), scope)) });
  },
  { teams: true },
);
