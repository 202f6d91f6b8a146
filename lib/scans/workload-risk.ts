/**
 * Storing a scan's workload ranking (lib/risk): the highest-ranked workloads, one row each, in
 * the scan's transaction. Text from the cluster is made storable like every other column.
 */
import type { DbTransaction } from '../db';
import { makeStorable, storableText } from '../k8s/storable-text';
import type { WorkloadRisk } from '../risk/types';

/** How many ranked workloads a scan keeps (the "fix first" views show the top of this list). */
export const STORED_WORKLOAD_RISKS = 250;

export async function persistWorkloadRisk(tx: DbTransaction, scan: { scanId: string; clusterId: string }, ranking: readonly WorkloadRisk[]): Promise<number> {
  await tx.workloadRisk.deleteMany({ where: { scanId: scan.scanId } });
  const rows = ranking.slice(0, STORED_WORKLOAD_RISKS).map((r, i) => ({
    scanId: scan.scanId,
    clusterId: scan.clusterId,
    rank: i + 1,
    apiVersion: storableText(r.resource.apiVersion),
    kind: storableText(r.resource.kind),
    namespace: r.resource.namespace ? storableText(r.resource.namespace) : null,
    name: storableText(r.resource.name),
    serviceAccount: storableText(r.serviceAccount),
    score: r.score,
    factors: makeStorable(r.factors) as object,
    ...(r.path ? { path: makeStorable(r.path) as object } : {}),
  }));
  if (rows.length > 0) await tx.workloadRisk.createMany({ data: rows });
  return rows.length;
}
