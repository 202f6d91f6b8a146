/**
 * Loads the real-world corpus (fixtures/real-world/<set>) and evaluates the whole catalog on it.
 * A failure is keyed `checkId Kind/namespace/name [detail]`, so a test can compare exact sets.
 */
import path from 'node:path';
import { loadDump } from '@/lib/k8s/load/dump';
import { loadManifests } from '@/lib/k8s/load/manifests';
import { evaluateSnapshot, type Evaluation } from '@/lib/scan/evaluate';

export const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/real-world');

export function evaluateSet(set: string, kind: 'manifests' | 'dump' = 'manifests'): Evaluation {
  const where = path.join(CORPUS, set);
  const loaded = kind === 'dump' ? loadDump(where, { sourceName: set }) : loadManifests(where, { sourceName: set });
  if (loaded.errors.length > 0) throw new Error(`${set}: ${loaded.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join('; ')}`);
  return evaluateSnapshot(loaded.snapshot);
}

export function failureKeys(evaluation: Evaluation): string[] {
  return evaluation.results
    .filter((r) => r.status === 'fail')
    .map((r) => `${r.checkId} ${r.resource.kind}/${r.resource.namespace ?? ''}/${r.resource.name}${r.detail ? ` [${r.detail}]` : ''}`)
    .sort();
}
