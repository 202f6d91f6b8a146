import { withAuth, parseJsonBody } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { clustersVisibleWhere } from '@/lib/teams/scope';
import { listClusters, registerCluster, registerClusterSchema } from '@/lib/clusters';
import { actionContext, noStoreJson } from '@/lib/clusters/http';

export const dynamic = 'force-dynamic';

/** Every registered cluster (no credentials); a team-scoped caller gets the clusters their teams touch. Viewer and up. */
export const GET = withAuth(
  'viewer',
  async (_req, { scope }) => {
    const clusters = await listClusters(await getDb(), clustersVisibleWhere(scope));
    return noStoreJson({ clusters });
  },
  { teams: true },
);

/** Registers a cluster; validates and encrypts its credentials. Admin only. */
export const POST = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, registerClusterSchema);
  const cluster = await registerCluster(await getDb(), input, actionContext(req, user));
  return noStoreJson({ cluster }, 201);
});
