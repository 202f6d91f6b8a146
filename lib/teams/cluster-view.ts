/**
 * What a surface shows of one cluster to an access scope (lib/teams/scope.ts): the one rule every
 * cluster page, cluster API and cluster read model applies, as the findings browser applies
 * lib/teams/restriction.ts.
 *
 * - null: the cluster is outside the scope. Surfaces answer "not found" (404), as if it did not
 *   exist, so its existence does not leak.
 * - whole: the scope covers the whole cluster (the fleet view, or a team scoped to the cluster).
 *   Its cluster-wide numbers (scores, per-check results, trends, scans) are the caller's, read
 *   exactly as for the fleet.
 * - part: some namespaces of it (by name, glob or label) and / or resources by label. Findings
 *   are restricted to the part (`findings`, `sql`); scores and per-check results are those of the
 *   part's namespaces, summed from the namespace tallies (lib/dashboard/part-scores.ts), never
 *   the cluster's. Resources granted by resource label belong to no namespace score: they count
 *   in findings only.
 */
import type { Db, Prisma } from '@/lib/db';
import { clusterNotFound } from '@/lib/clusters/errors';
import { areaInCluster, findingsInArea, findingsInAreaSql, namespaceFilterOfArea, namespaceInArea, type Area } from './area';
import { canSeeCluster, seesWholeCluster, type AccessScope } from './scope';

export interface WholeCluster {
  kind: 'whole';
}

export interface ClusterPart {
  kind: 'part';
  clusterId: string;
  /** The scope's clauses inside this cluster. */
  area: Area;
  /** The part's findings (AND it into a findings query). */
  findings: Prisma.FindingWhereInput;
  /** SQL form of `findings`, over `findings f`. */
  sql: Prisma.Sql;
  /** Narrows a NamespaceScore query to the namespaces the part may hold (null: none; namespaceInArea decides). */
  namespaceFilter: Prisma.StringFilter[] | null;
}

export type ClusterView = WholeCluster | ClusterPart;

export const WHOLE: WholeCluster = { kind: 'whole' };

/** How the scope sees one cluster; null when it does not see it at all. */
export function clusterViewOf(scope: AccessScope, clusterId: string): ClusterView | null {
  if (!canSeeCluster(scope, clusterId)) return null;
  if (scope.kind === 'fleet' || seesWholeCluster(scope, clusterId)) return WHOLE;
  const area = areaInCluster(scope.area, clusterId);
  return { kind: 'part', clusterId, area, findings: findingsInArea(area), sql: findingsInAreaSql(area), namespaceFilter: namespaceFilterOfArea(area) };
}

/** Whether a namespace of the cluster belongs to the view (whole: every one). */
export function viewHasNamespace(view: ClusterView, namespace: string): boolean {
  return view.kind === 'whole' || namespaceInArea(view.area, view.clusterId, namespace);
}

/** The view's findings condition ({} for a whole cluster). */
export function viewFindingsWhere(view: ClusterView): Prisma.FindingWhereInput {
  return view.kind === 'whole' ? {} : view.findings;
}

/** A cluster the scope sees, with its name and the view; otherwise the one "cluster not found" 404 (also for a cluster outside the scope). */
export async function requireClusterView(db: Pick<Db, 'cluster'>, scope: AccessScope, clusterId: string): Promise<{ cluster: { id: string; name: string }; view: ClusterView }> {
  const view = clusterViewOf(scope, clusterId);
  const cluster = view ? await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true } }) : null;
  if (!view || !cluster) throw clusterNotFound(clusterId);
  return { cluster, view };
}

/** The views of several clusters (those the scope sees), by cluster id. */
export function clusterViewsOf(scope: AccessScope, clusterIds: readonly string[]): Map<string, ClusterView> {
  const out = new Map<string, ClusterView>();
  for (const id of clusterIds) {
    const view = clusterViewOf(scope, id);
    if (view) out.set(id, view);
  }
  return out;
}
