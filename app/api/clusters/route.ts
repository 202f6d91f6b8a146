import { withAuth, parseJsonBody } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { listClusters, registerCluster, registerClusterSchema } from '@/lib/clusters';
import { actionContext, asHttp, noStoreJson } from '@/lib/clusters/http';

export const dynamic = 'force-dynamic';

/** Every registered cluster (no credentials). Viewer and up. */
export const GET = withAuth('viewer', async () => {
  const clusters = await listClusters(await getDb());
  return noStoreJson({ clusters });
});

/** Registers a cluster; validates and encrypts its credentials. Admin only. */
export const POST = withAuth('admin', async (req, { user }) => {
  const input = await parseJsonBody(req, registerClusterSchema);
  const cluster = await asHttp(async () => registerCluster(await getDb(), input, actionContext(req, user)));
  return noStoreJson({ cluster }, 201);
});
