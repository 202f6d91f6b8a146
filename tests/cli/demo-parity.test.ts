/**
 * The same cluster scanned two ways gives the same findings: fixtures/demo-cluster served by
 * kube-sim and collected over HTTPS, and the same directory loaded with --manifests.
 * Fingerprints are computed with one cluster key for both (fingerprints differ only by it).
 */
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@/e2e/kube-sim/index';
import { collectClusterSnapshot } from '@/lib/k8s/collect/index';
import { loadManifests } from '@/lib/k8s/load/manifests';
import { evaluateSnapshot, type EvaluatedResult } from '@/lib/evaluation/evaluate';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

function keyed(results: EvaluatedResult[]): string[] {
  return results.map((r) => `${r.status} ${r.checkId} ${r.resource.kind}/${r.resource.namespace ?? ''}/${r.resource.kind === 'Cluster' ? '' : r.resource.name} ${r.detail ?? ''} ${r.fingerprint}`).sort();
}

describe('demo cluster: kube-sim scan = manifest scan', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ dir: DEMO });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('gives the same results and fingerprints', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    const live = await collectClusterSnapshot(kc, { pageSize: 50 });
    const files = loadManifests(DEMO);
    expect(files.errors).toEqual([]);
    expect(live.coverage.gaps).toEqual([]);
    const a = evaluateSnapshot(live, undefined, { clusterKey: 'demo' });
    const b = evaluateSnapshot(files.snapshot, undefined, { clusterKey: 'demo' });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    expect(a.results.filter((r) => r.status === 'fail').length).toBeGreaterThan(10);
    expect(keyed(a.results)).toEqual(keyed(b.results));
    expect(a.score).toEqual(b.score);
  });
});
