import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { graphNeighbourhood, searchGraphNodes } from '@/lib/rbac/explorer';
import { asRbacHttp, graphQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/**
 * The focused neighbourhood of the RBAC graph (?focus=<node id>&hops=1..3&top=&namespace=&subjectKind=&risk=&includeSystem=;
 * without focus, the `top` riskiest subjects),
 * or with ?search=<text> the nodes to focus on. Never the whole graph.
 */
export const GET = withAuth('viewer', async (req, { params }) => {
  const id = clusterIdSchema.parse(params.id);
  const q = graphQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const { scan, model } = await asRbacHttp(async () => loadRbacModel(await getDb(), id, q.scan));
  if (q.search !== undefined) return noStoreJson({ scan, matches: searchGraphNodes(model, q.search, { includeSystem: q.includeSystem }) });
  const graph = graphNeighbourhood(model, { focus: q.focus, hops: q.hops, maxSeeds: q.top, namespace: q.namespace, subjectKind: q.subjectKind, risk: q.risk, includeSystem: q.includeSystem });
  return noStoreJson({ scan, graph });
});
