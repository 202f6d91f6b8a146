import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { escalationRoutes, subjectView } from '@/lib/rbac/explorer';
import { scanQuerySchema, subjectKeyParam } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/** Everything one subject (key `ServiceAccount:<ns>/<name>`, `User:<name>`, `Group:<name>`) can do, grouped by risk. */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = scanQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const key = subjectKeyParam(params.key);
    const { scan, model } = await loadRbacModel(await getDb(), id, q.scan, scope);
    const view = subjectView(model, key);
    if (!view) throw new AppError(404, `No subject "${key}" in this scan's RBAC bindings.`);
    const escalations = escalationRoutes(model, { includeSystem: true }).filter((r) => r.subjectKey === key);
    return noStoreJson({ scan, subject: view, escalations });
  },
  { teams: true },
);
