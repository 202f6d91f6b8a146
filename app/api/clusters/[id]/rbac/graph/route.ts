import { notFound } from '@/lib/api/errors';
import { withAuth } from '@/lib/auth/api';
import { clusterIdSchema, noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { getWorkloadRisk } from '@/lib/dashboard/fix-first';
import { attackPathGraph, graphNeighbourhood, searchGraphNodes } from '@/lib/rbac/explorer';
import { graphQuerySchema } from '@/lib/dashboard/rbac/http';
import { loadRbacModel } from '@/lib/dashboard/rbac/load';

export const dynamic = 'force-dynamic';

/**
 * The focused neighbourhood of the RBAC graph (?focus=<node id>&hops=1..3&top=&namespace=&subjectKind=&risk=&includeSystem=;
 * without focus, the `top` riskiest subjects),
 * or with ?search=<text> the nodes to focus on, or with ?path=<workload risk id> a ranked workload's
 * attack path on the graph of its scan (the path's nodes and edges in order, each hop with the
 * findings that break it). Never the whole graph. A team member sees the part of the graph their
 * namespaces may see (lib/dashboard/rbac/load.ts) and the attack paths of their workloads only.
 */
export const GET = withAuth(
  'viewer',
  async (req, { params, scope }) => {
    const id = clusterIdSchema.parse(params.id);
    const q = graphQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
    if (q.path !== undefined) {
      const db = await getDb();
      const risk = await getWorkloadRisk(db, q.path, scope);
      if (!risk || risk.cluster.id !== id || !risk.path) throw notFound(`No attack path "${q.path}" in this cluster's scans: the workload may have been re-ranked by a newer scan.`);
      const { scan, model } = await loadRbacModel(db, id, risk.scanId, scope);
      const workload = { ...risk.resource, namespace: risk.resource.namespace ?? undefined };
      const { graph, overlay } = attackPathGraph(model, risk.path, workload);
      return noStoreJson({ scan, graph, path: { ...overlay, workloadRiskId: risk.id, workload, findings: risk.findings } });
    }
    const { scan, model } = await loadRbacModel(await getDb(), id, q.scan, scope);
    if (q.search !== undefined) return noStoreJson({ scan, matches: searchGraphNodes(model, q.search, { includeSystem: q.includeSystem }) });
    const graph = graphNeighbourhood(model, { focus: q.focus, hops: q.hops, maxSeeds: q.top, namespace: q.namespace, subjectKind: q.subjectKind, risk: q.risk, includeSystem: q.includeSystem });
    return noStoreJson({ scan, graph });
  },
  { teams: true },
);
