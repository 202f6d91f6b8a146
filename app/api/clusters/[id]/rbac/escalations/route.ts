import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { escalationRoutes } from '@/lib/rbac/explorer';
import { scanQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/** Escalation routes to cluster-admin-equivalent power (and one-step gains of other risks), with remediation. */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = scanQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const { scan, model } = await loadRbacModel(await getDb(), id, q.scan, scope);
    return noStoreJson({ scan, routes: escalationRoutes(model, { includeSystem: q.includeSystem }) });
  },
  { teams: true },
);
