import { withAuth } from '@/lib/auth/api';
import { clusterNotFound } from '@/lib/clusters/errors';
import { getCheck } from '@/lib/checks';
import { clusterIdSchema } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';

export const dynamic = 'force-dynamic';

/** The latest successful scan's overall and per-section scores, changes since the previous scan, worst open findings, coverage gaps. */
export const GET = withAuth('viewer', async (_req, { params }) => {
  const id = clusterIdSchema.parse(params.id);
  const cards = await getClusterScorecards(await getDb(), id, (checkId) => getCheck(checkId)?.title);
  if (!cards) throw clusterNotFound(id);
  return Response.json(cards, { headers: { 'Cache-Control': 'no-store' } });
});
