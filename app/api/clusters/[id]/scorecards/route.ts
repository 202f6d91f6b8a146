import { withAuth } from '@/lib/auth/api';
import { getCheck } from '@/lib/checks';
import { clusterNotFound } from '@/lib/clusters/errors';
import { clusterIdSchema } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { requireClusterView } from '@/lib/teams/cluster-view';

export const dynamic = 'force-dynamic';

/**
 * The latest successful scan's overall and per-section scores, changes since the previous scan, worst open findings, coverage gaps.
 * A team member: only a cluster of their teams (others 404), and of a cluster they own in part, their namespaces' numbers (`part`).
 */
export const GET = withAuth(
  'viewer',
  async (_req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const db = await getDb();
    const { view } = await requireClusterView(db, scope, id);
    const cards = await getClusterScorecards(db, id, (checkId) => getCheck(checkId)?.title, new Date(), view);
    if (!cards) throw clusterNotFound(id);
    return Response.json(cards, { headers: { 'Cache-Control': 'no-store' } });
  },
  { teams: true },
);
