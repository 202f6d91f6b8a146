import { withAuth } from '@/lib/auth/api';
import { getDb } from '@/lib/db/client';
import { testClusterConnection } from '@/lib/clusters';
import { actionContext, clusterIdSchema, noStoreJson } from '@/lib/clusters/http';

export const dynamic = 'force-dynamic';

/** Tests the stored credentials and records the result on the cluster. Analyst and up. */
export const POST = withAuth('analyst', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  const { result, cluster } = await testClusterConnection(await getDb(), id, actionContext(req, user), { timeoutMs: 10_000 });
  return noStoreJson({ result, cluster });
});
