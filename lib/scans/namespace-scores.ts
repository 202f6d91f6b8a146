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
import { SECTION_IDS, SEVERITIES, type SectionId } from '../checks/types';
import type { DbTransaction, Prisma } from '../db';
import { scoreChecks, tallyResults, type CheckTally, type ScorableResult, type Scores, type SeverityCounts } from '../scoring';

export interface NamespacedResult extends ScorableResult {
  /** The result's resource namespace (undefined / null: cluster-scoped). */
  namespace?: string | null;
}

/** Per-check tallies of every namespace that has at least one applicable result, by namespace name. */
export function tallyNamespaces(results: Iterable<NamespacedResult>): Map<string, CheckTally[]> {
  const byNamespace = new Map<string, ScorableResult[]>();
  for (const r of results) {
    if (!r.namespace || r.status === 'not-applicable') continue;
    let list = byNamespace.get(r.namespace);
    if (!list) byNamespace.set(r.namespace, (list = []));
    list.push(r);
  }
  return new Map([...byNamespace].map(([ns, list]) => [ns, tallyResults(list)]));
}

/** Scores of every namespace that has at least one applicable result, by namespace name. */
export function scoreNamespaces(results: Iterable<NamespacedResult>): Map<string, Scores> {
  return new Map([...tallyNamespaces(results)].map(([ns, tallies]) => [ns, scoreChecks(tallies)]));
}

/**
 * A check's tally as NamespaceScore.checks stores it, compact because every scan writes one per
 * namespace: [section index, worst severity index, passed, applicable weight, open by severity
 * (critical … info), excepted by severity], trailing zeros left off. Indexes are into SECTION_IDS
 * and SEVERITIES.
 */
type PackedTally = number[];

/** The stored form of a namespace's tallies (NamespaceScore.checks): check id → packed tally. */
export function packTallies(tallies: readonly CheckTally[]): Record<string, PackedTally> {
  return Object.fromEntries(
    tallies.map((t) => {
      const packed = [SECTION_IDS.indexOf(t.section), SEVERITIES.indexOf(t.severity), t.passed, t.applicableWeight, ...SEVERITIES.map((s) => t.open[s]), ...SEVERITIES.map((s) => t.excepted[s])];
      while (packed.length > 4 && packed.at(-1) === 0) packed.pop();
      return [t.checkId, packed];
    }),
  );
}

/** A namespace's tallies read back from NamespaceScore.checks; null when the scan did not record them. */
export function unpackTallies(value: unknown): CheckTally[] | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.entries(value as Record<string, unknown>).flatMap(([checkId, t]): CheckTally[] => {
    if (!Array.isArray(t) || !t.every((n) => Number.isInteger(n))) return [];
    const [section, severity, passed = 0, applicableWeight = 0] = t as number[];
    if (!SECTION_IDS[section!] || !SEVERITIES[severity!]) return [];
    const counts = (from: number) => Object.fromEntries(SEVERITIES.map((s, k) => [s, (t as number[])[from + k] ?? 0])) as SeverityCounts;
    return [{ checkId, section: SECTION_IDS[section!]!, severity: SEVERITIES[severity!]!, passed, applicableWeight, open: counts(4), excepted: counts(4 + SEVERITIES.length) }];
  });
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

/** Writes a scan's namespace scores (with their per-check tallies) and replaces the cluster's namespace list (when the scan saw namespaces). */
export async function recordNamespacePosture(
  tx: DbTransaction,
  scan: { scanId: string; clusterId: string; at: Date },
  tallies: Map<string, CheckTally[]>,
  namespaces: readonly NamespaceLabels[] | undefined,
): Promise<void> {
  const { scanId, clusterId, at } = scan;
  const rows = [...tallies].map(([namespace, checks]): Prisma.NamespaceScoreCreateManyInput => {
    const s = scoreChecks(checks);
    return {
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
      checks: packTallies(checks),
    };
  });
  for (let i = 0; i < rows.length; i += 1_000) await tx.namespaceScore.createMany({ data: rows.slice(i, i + 1_000) });
  // A scan that could not list namespaces (a coverage gap) leaves the recorded list as it was.
  if (!namespaces?.length) return;
  await tx.clusterNamespace.deleteMany({ where: { clusterId } });
  const list = namespaces.map((n) => ({ clusterId, name: n.name, labels: n.labels, seenAt: at }));
  for (let i = 0; i < list.length; i += 1_000) await tx.clusterNamespace.createMany({ data: list.slice(i, i + 1_000), skipDuplicates: true });
}
