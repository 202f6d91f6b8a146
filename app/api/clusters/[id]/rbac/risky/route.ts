import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { riskyView } from '@/lib/rbac/explorer';
import { riskyQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/** Subjects with risky permissions, ranked, with the workloads that carry them and whether those are exposed. */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = riskyQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const { scan, model } = await loadRbacModel(await getDb(), id, q.scan, scope);
    return noStoreJson({ scan, subjects: riskyView(model, { includeSystem: q.includeSystem, risk: q.risk }) });
  },
  { teams: true },
);
