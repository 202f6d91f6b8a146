/**
 * GET /api/compliance?framework=cis-1.10&cluster=<id>&range=30d — a cluster's (or, without
 * `cluster`, the fleet's) status of every control of a framework, the compliance percentage and
 * its trend (viewer+).
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

export const dynamic = 'force-dynamic';

export const GET = withAuth('viewer', async (req) => {
  const q = parseSearchParams(req, complianceQuerySchema);
  if (q.range === 'custom' && !(q.from && q.to && q.from < q.to)) throw new AppError(400, 'A custom range needs from and to dates, from before to.');
  const window = trendWindow({ range: q.range, from: q.from, to: q.to });
  const db = await getDb();
  if (q.cluster) {
    const result = await getClusterCompliance(db, q.cluster, q.framework, window);
    if (!result) throw clusterNotFound(q.cluster);
    return noStoreJson({ formula: COMPLIANCE_FORMULA, ...result });
  }
  return noStoreJson({ formula: COMPLIANCE_FORMULA, framework: q.framework, ...(await getFleetCompliance(db, q.framework, window)) });
});
