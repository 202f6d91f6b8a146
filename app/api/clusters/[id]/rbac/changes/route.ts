import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { rbacChanges } from '@/lib/rbac/explorer';
import { changesQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/** Grants that appeared / disappeared between scan `from` and scan `to` (default: the newest with RBAC data). */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = changesQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    const db = await getDb();
    const before = await loadRbacModel(db, id, q.from, scope);
    const after = await loadRbacModel(db, id, q.to, scope);
    return noStoreJson({ from: before.scan, to: after.scan, changes: rbacChanges(before.model.analysis, after.model.analysis) });
  },
  { teams: true },
);
