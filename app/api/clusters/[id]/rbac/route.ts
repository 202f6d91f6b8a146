import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { scanQuerySchema } from '@/lib/dashboard/rbac/http';
import { listRbacScans, loadRbacModel } from '@/lib/dashboard/rbac/load';
import { rbacSummary } from '@/lib/rbac/explorer/summary';
import { seesWholeCluster } from '@/lib/teams/scope';

export const dynamic = 'force-dynamic';

/**
 * The scan shown (?scan=, default newest with RBAC data), the scans to choose from and counts.
 * Every RBAC route limits a team member to clusters their teams touch (others: 404) and, in a
 * cluster their teams own in part, to what its namespaces may see (lib/rbac/explorer/within.ts);
 * `partial` says so.
 */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const query = scanQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const db = await getDb();
    const { scan, model } = await loadRbacModel(db, id, query.scan, scope);
    return noStoreJson({ scan, scans: await listRbacScans(db, id), summary: rbacSummary(model), partial: !seesWholeCluster(scope, id) });
  },
  { teams: true },
);
