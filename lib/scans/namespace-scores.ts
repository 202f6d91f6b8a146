/**
 * Namespace posture at scan time (docs/SCORING.md "Namespace scores"): the results of the
 * resources in each namespace scored by the same functions as the cluster (lib/scoring
 * tallyResults + scoreChecks: same weights, same per-check shares, same caps). Cluster-scoped
 * resources (nodes, cluster roles, the control plane's settings) belong to no namespace.
 *
 * Each scan also records the cluster's namespaces with their labels, where the namespace owner
 * label is read from (lib/dashboard/namespaces.ts).
 */
import type { V1Namespace } from '@kubernetes/client-node';
import { SECTION_IDS, type SectionId } from '../checks/types';
import type { DbTransaction, Prisma } from '../db';
import { scoreChecks, tallyResults, type ScorableResult, type Scores } from '../scoring';

export interface NamespacedResult extends ScorableResult {
  /** The result's resource namespace (undefined / null: cluster-scoped). */
  namespace?: string | null;
}

/** Scores of every namespace that has at least one applicable result, by namespace name. */
export function scoreNamespaces(results: Iterable<NamespacedResult>): Map<string, Scores> {
  const byNamespace = new Map<string, ScorableResult[]>();
  for (const r of results) {
    if (!r.namespace || r.status === 'not-applicable') continue;
    let list = byNamespace.get(r.namespace);
    if (!list) byNamespace.set(r.namespace, (list = []));
    list.push(r);
  }
  return new Map([...byNamespace].map(([ns, list]) => [ns, scoreChecks(tallyResults(list))]));
}

/** A namespace and its labels, as a scan saw it. */
export interface NamespaceLabels {
  name: string;
  labels: Record<string, string>;
}

export function namespacesOf(namespaces: readonly V1Namespace[]): NamespaceLabels[] {
  return namespaces.flatMap((n) => (n.metadata?.name ? [{ name: n.metadata.name, labels: { ...(n.metadata.labels ?? {}) } }] : []));
}

/** The stored per-section part of a namespace's scores: sections with applicable results only. */
export function namespaceSections(scores: Scores): Partial<Record<SectionId, { score: number; grade: string; applicable: number; open: Record<string, number> }>> {
  const out: Partial<Record<SectionId, { score: number; grade: string; applicable: number; open: Record<string, number> }>> = {};
  for (const id of SECTION_IDS) {
    const s = scores.sections[id];
    if (s.applicable > 0) out[id] = { score: s.score, grade: s.grade, applicable: s.applicable, open: { ...s.open } };
  }
  return out;
}

/** Writes a scan's namespace scores and replaces the cluster's namespace list (when the scan saw namespaces). */
export async function recordNamespacePosture(
  tx: DbTransaction,
  scan: { scanId: string; clusterId: string; at: Date },
  scores: Map<string, Scores>,
  namespaces: readonly NamespaceLabels[] | undefined,
): Promise<void> {
  const { scanId, clusterId, at } = scan;
  const rows: Prisma.NamespaceScoreCreateManyInput[] = [...scores].map(([namespace, s]) => ({
    scanId,
    clusterId,
    namespace,
    score: s.overall.score,
    grade: s.overall.grade,
    uncappedScore: s.overall.uncappedScore,
    passed: s.overall.passed,
    failed: s.overall.failed,
    excepted: s.overall.excepted,
    openCritical: s.overall.open.critical,
    openHigh: s.overall.open.high,
    openMedium: s.overall.open.medium,
    openLow: s.overall.open.low,
    openInfo: s.overall.open.info,
    sections: namespaceSections(s),
  }));
  for (let i = 0; i < rows.length; i += 1_000) await tx.namespaceScore.createMany({ data: rows.slice(i, i + 1_000) });
  // A scan that could not list namespaces (a coverage gap) leaves the recorded list as it was.
  if (!namespaces?.length) return;
  await tx.clusterNamespace.deleteMany({ where: { clusterId } });
  const list = namespaces.map((n) => ({ clusterId, name: n.name, labels: n.labels, seenAt: at }));
  for (let i = 0; i < list.length; i += 1_000) await tx.clusterNamespace.createMany({ data: list.slice(i, i + 1_000), skipDuplicates: true });
}
