import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { clusterNotFound } from '@/lib/clusters/errors';
import { getDb } from '@/lib/db/client';
import { deleteCluster, getCluster, updateCluster, updateClusterSchema } from '@/lib/clusters';
import { actionContext, clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { canSeeCluster } from '@/lib/teams/scope';

export const dynamic = 'force-dynamic';

/** One cluster (no credentials); to a team-scoped caller only a cluster their teams touch (others: 404, as if absent). */
export const GET = withAuth(
  'viewer',
  async (_req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const cluster = canSeeCluster(scope, id) ? await getCluster(await getDb(), id) : null;
    if (!cluster) throw clusterNotFound(id);
    return noStoreJson({ cluster });
  },
  { teams: true },
);

/** Changes fields, enables/disables, or replaces credentials. Admin only. */
export const PATCH = withAuth('admin', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  const input = await parseJsonBody(req, updateClusterSchema);
  const cluster = await updateCluster(await getDb(), id, input, actionContext(req, user));
  return noStoreJson({ cluster });
});

export const DELETE = withAuth('admin', async (req, { user, params }) => {
  const id = clusterIdSchema.parse(params.id);
  const deleted = await deleteCluster(await getDb(), id, actionContext(req, user));
  return noStoreJson({ deleted });
});
