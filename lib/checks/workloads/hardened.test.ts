/**
 * Whole-section behaviour: a hardened application yields no failure in the workloads and images
 * sections, and evaluating every check of both sections stays fast on a large cluster.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSnapshot, type SnapshotObjects } from '../../k8s/snapshot';
import { checks as workloadChecks } from './index';
import { checks as imageChecks } from '../images/index';
import { createCheckContext } from '../context';
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
  it('evaluates every workloads and images check over 50,000 objects with one shared context', () => {
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
    // One context for all checks, as a scan does: workloads are resolved once.
    // Its speed is measured by `npm run bench` (docs/BENCHMARKS.md), not asserted here.
    const ctx = createCheckContext(snapshot, { trustedRegistries: ['registry.example.com'] });
    let results = 0;
    for (const check of ALL) results += [...check.evaluate(ctx)].length;
    expect(results).toBeGreaterThan(100_000);
  });
});

describe('patch YAML', () => {
  it('renders patch bodies that parse back to the same value', async () => {
    const { toYaml } = await import('./_shared/workload');
    const { parse } = await import('yaml');
    const value = {
      metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'baseline', tricky: 'true', version: '1.0', colon: 'a: b', empty: '' } },
      spec: { list: [{ name: 'x', nested: { add: ['NET_BIND_SERVICE'], drop: [] } }, 'plain', 3, false], emptyMap: {}, n: 10001, flag: false },
    };
    expect(parse(toYaml(value))).toEqual(value);
  });
});
