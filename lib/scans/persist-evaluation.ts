/**
 * Persisting an evaluated snapshot as a scan: the one place that turns a snapshot and its
 * evaluation (lib/evaluation/evaluate.ts) into persistScan's input (./persist.ts) — results,
 * counted passes, pass fingerprints, engine errors, the workload ranking and image inventory,
 * object counts, coverage gaps, the server version, the labels and manifests of the resources
 * results are about, the namespaces — with the exceptions active when the scan finishes
 * (lib/exceptions/rules.ts). The scan job (./run.ts) and the seeded scan histories of the tests
 * and screenshots go through it, so an input persistScan gains is given here once, for all of them.
 */
import type { Db } from '../db';
import type { Evaluation } from '../evaluation/evaluate';
import { loadExceptionRules } from '../exceptions/rules';
import type { ClusterSnapshot, SnapshotObjects } from '../k8s/snapshot';
import { namespacesOf } from './namespace-scores';
import { persistScan, type PersistScanInput, type PersistScanSummary } from './persist';
import { resultObjects } from './result-manifest';

export interface PersistEvaluationInput extends Pick<PersistScanInput, 'clusterId' | 'scanId' | 'startedAt' | 'finishedAt' | 'inTransaction' | 'afterFindings'> {
  snapshot: ClusterSnapshot;
  evaluation: Evaluation;
  /** The Kubernetes version recorded on the scan; default the snapshot's. */
  kubernetesVersion?: string;
}

/** How many objects of each kind the snapshot holds (kinds with none left out). */
export function countObjects(objects: SnapshotObjects): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, list] of Object.entries(objects) as Array<[string, unknown[]]>) if (list.length) counts[key] = list.length;
  return counts;
}

export async function persistEvaluation(db: Db, input: PersistEvaluationInput): Promise<PersistScanSummary> {
  const { snapshot, evaluation, kubernetesVersion, ...scan } = input;
  const resources = resultObjects(snapshot);
  return persistScan(db, {
    ...scan,
    kubernetesVersion: kubernetesVersion ?? snapshot.serverVersion,
    objectCounts: countObjects(snapshot.objects),
    coverageGaps: snapshot.coverage.gaps,
    results: evaluation.results,
    passes: evaluation.passes,
    passFingerprints: evaluation.passFingerprints,
    engineErrors: evaluation.errors,
    workloadRisk: evaluation.workloadRisk ?? [],
    vulnerabilities: evaluation.vulnerabilities,
    exceptions: await loadExceptionRules(db, [scan.clusterId], scan.finishedAt),
    labelsOf: resources.labelsOf,
    manifestOf: resources.manifestOf,
    namespaces: namespacesOf(snapshot.objects.namespaces),
  });
}
