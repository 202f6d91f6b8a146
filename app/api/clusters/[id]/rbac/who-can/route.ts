import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { whoCanCsv, whoCanView } from '@/lib/rbac/explorer';
import { whoCanQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/** Who can <verb> <resource> [in <namespace>]: subjects with their binding chains (?format=csv for a download). */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = whoCanQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const { scan, model } = await loadRbacModel(await getDb(), id, q.scan, scope);
    const view = whoCanView(model, q.verb, q.resource, q.namespace, { includeSystem: q.includeSystem ?? true });
    if (q.format === 'csv') {
      const file = `who-can-${q.verb}-${q.resource}${q.namespace ? `-${q.namespace}` : ''}.csv`.replace(/[^A-Za-z0-9._-]+/g, '_');
      return new Response(whoCanCsv(view), {
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file}"`, 'Cache-Control': 'no-store' },
      });
    }
    return noStoreJson({ scan, whoCan: view });
  },
  { teams: true },
);
