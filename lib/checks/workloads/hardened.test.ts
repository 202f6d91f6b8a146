/**
 * Whole-section behaviour: a hardened application yields no failure in the workloads and images
 * sections, and evaluating every check of both sections stays fast on a large cluster.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSnapshot, type SnapshotObjects } from '../../k8s/snapshot';
import { checks as workloadChecks } from './index';
import { checks as imageChecks } from '../images/index';
import { failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const ALL = [...workloadChecks, ...imageChecks];

describe('hardened application', () => {
  const snapshot = loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/hardened/pass.hardened-application.yaml'));

  it('fails no check of the workloads and images sections', () => {
    const failed = ALL.flatMap((check) => failures(runCheck(check, snapshot, { trustedRegistries: ['registry.example.com/payments'] })).map((r) => `${check.id}: ${r.message}`));
    expect(failed).toEqual([]);
  });

  it('is actually assessed: every check except the image signature check reports passes about it', () => {
    const silent = ALL.filter((check) => runCheck(check, snapshot, { trustedRegistries: ['registry.example.com/payments'] }).filter((r) => r.status === 'pass').length === 0).map((c) => c.id);
    expect(silent).toEqual([]);
  });
});

describe('scale', () => {
  it('evaluates every workloads and images check over 50,000 objects in a few seconds', () => {
    const objects: Partial<Record<keyof SnapshotObjects, unknown[]>> = { namespaces: [], deployments: [], replicaSets: [], pods: [], services: [], networkPolicies: [] };
    for (let n = 0; n < 500; n++) {
      objects.namespaces!.push({ metadata: { name: `ns-${n}`, labels: n % 2 ? { 'pod-security.kubernetes.io/enforce': 'baseline' } : {} } });
      objects.networkPolicies!.push({ metadata: { name: 'deny', namespace: `ns-${n}` }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    }
    for (let i = 0; i < 10_000; i++) {
      const ns = `ns-${i % 500}`;
      const template = {
        metadata: { labels: { app: `a${i}` } },
        spec: { containers: [{ name: 'app', image: `registry.example.com/app${i}:1.0`, securityContext: { runAsNonRoot: true } }] },
      };
      objects.deployments!.push({ metadata: { name: `d${i}`, namespace: ns, uid: `d${i}` }, spec: { template } });
      objects.replicaSets!.push({ metadata: { name: `d${i}-x`, namespace: ns, uid: `r${i}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `d${i}`, uid: `d${i}`, controller: true }] }, spec: { template } });
      for (let p = 0; p < 2; p++) {
        objects.pods!.push({ metadata: { name: `d${i}-x-${p}`, namespace: ns, labels: { app: `a${i}` }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `d${i}-x`, uid: `r${i}`, controller: true }] }, spec: template.spec });
      }
      objects.services!.push({ metadata: { name: `s${i}`, namespace: ns }, spec: { type: i % 10 ? 'ClusterIP' : 'NodePort', ports: [{ port: 80 }] } });
    }
    const snapshot = makeSnapshot({ objects: objects as Partial<SnapshotObjects> });
    const start = performance.now();
    let results = 0;
    for (const check of ALL) { const t = performance.now(); results += runCheck(check, snapshot, { trustedRegistries: ["registry.example.com"] }).length; console.log(check.id, Math.round(performance.now() - t)); }
    const elapsed = performance.now() - start;
    expect(results).toBeGreaterThan(100_000);
    expect(elapsed).toBeLessThan(10_000);
  });
});
