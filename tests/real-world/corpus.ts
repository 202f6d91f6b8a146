/**
 * Loads the real-world corpus (fixtures/real-world/<set>) and evaluates the whole catalog on it.
 * A failure is keyed `checkId Kind/namespace/name [detail]`, so a test can compare exact sets.
 */
import path from 'node:path';
import { loadDump } from '@/lib/k8s/load/dump';
import { loadManifests } from '@/lib/k8s/load/manifests';
import { createCheckContext } from '@/lib/checks/context';
import { CHECKS } from '@/lib/checks/index';
import type { CheckResult } from '@/lib/checks/types';
import type { ClusterSnapshot } from '@/lib/k8s/snapshot';
import { evaluateSnapshot, type Evaluation } from '@/lib/evaluation/evaluate';

export const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/real-world');

function loadSet(set: string, kind: 'manifests' | 'dump'): ClusterSnapshot {
  const where = path.join(CORPUS, set);
  const loaded = kind === 'dump' ? loadDump(where, { sourceName: set }) : loadManifests(where, { sourceName: set });
  if (loaded.errors.length > 0) throw new Error(`${set}: ${loaded.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('; ')}`);
  return loaded.snapshot;
}

export function evaluateSet(set: string, kind: 'manifests' | 'dump' = 'manifests'): Evaluation {
  return evaluateSnapshot(loadSet(set, kind));
}

/** Every result of one check on a set, passes included (an evaluation keeps failures and counts passes). */
export function checkVerdicts(set: string, kind: 'manifests' | 'dump', checkId: string): CheckResult[] {
  const check = CHECKS.find((c) => c.id === checkId);
  if (!check) throw new Error(`unknown check ${checkId}`);
  return [...check.evaluate(createCheckContext(loadSet(set, kind)))];
}

export function failureKeys(evaluation: Evaluation): string[] {
  return evaluation.results
    .filter((r) => r.status === 'fail')
    .map((r) => `${r.checkId} ${r.resource.kind}/${r.resource.namespace ?? ''}/${r.resource.name}${r.detail ? ` [${r.detail}]` : ''}`)
    .sort();
}
