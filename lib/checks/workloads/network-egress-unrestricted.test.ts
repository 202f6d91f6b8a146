import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../k8s/load';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import { check } from './network-egress-unrestricted';
import { expectCompleteMetadata, runCheck } from '../test-utils';

/** Fixtures go through the real manifest loader, which also keeps the CNI policy kinds. */
function fixture(name: string): ClusterSnapshot {
  const res = loadManifests(path.join(import.meta.dirname, '__fixtures__/network-egress-unrestricted', name));
  expect(res.errors).toEqual([]);
  return res.snapshot;
}
const verdicts = (name: string) => runCheck(check, fixture(name)).map((r) => [r.resource.name, r.status]);

describe('network-egress-unrestricted', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'network-egress-unrestricted'));

  it('fails a namespace whose policies isolate ingress only (policyTypes unset without egress rules, or egress: [])', () => {
    const results = runCheck(check, fixture('fail.no-egress-policy.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resource: { kind: 'Namespace', name: 'shop' },
      evidence: { unrestrictedWorkloads: [{ workload: 'Deployment/api', reason: 'no egress policy selects it' }] },
    });
    expect(results[0]!.message).toMatch(/no egress NetworkPolicy/);
  });

  it('ignores egress rules of a policy whose policyTypes leaves Egress out', () => {
    expect(verdicts('fail.ignored-egress-rules.yaml')).toEqual([['shop', 'fail']]);
  });

  it('fails workloads opened again by a rule allowing every destination on every port, one result for the namespace', () => {
    const results = runCheck(check, fixture('fail.allow-all.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('fail');
    const evidence = results[0]!.evidence as { unrestrictedWorkloads: Array<{ workload: string; reason: string }>; restrictingPolicies: string[] };
    expect(evidence.unrestrictedWorkloads.map((u) => u.workload)).toEqual(['Deployment/web', 'Deployment/api']);
    expect(evidence.unrestrictedWorkloads[0]!.reason).toContain('web-anywhere');
    expect(evidence.unrestrictedWorkloads[1]!.reason).toContain('ipBlock 0.0.0.0/0');
    expect(evidence.restrictingPolicies).toEqual(['NetworkPolicy shop/default-deny-egress (default deny)']);
    expect(results[0]!.message).toContain('2 of 3 workloads');
  });

  it('passes a default deny whose rules allow DNS, pods of the namespace and TCP 443 only (namespace from kubectl default)', () => {
    expect(verdicts('pass.default-deny.yaml')).toEqual([['default', 'pass']]);
  });

  it('reports only namespaces with workloads, leaves host-network-only namespaces not applicable and system namespaces out', () => {
    expect(verdicts('scope.yaml')).toEqual([['monitoring', 'not-applicable']]);
  });

  it('reads Cilium policies: the world entity is unrestricted, cluster-only egress restricted, FQDN rules undecidable', () => {
    expect(verdicts('cni.cilium.yaml')).toEqual([
      ['cilium-open', 'fail'],
      ['cilium-closed', 'pass'],
      ['cilium-fqdn', 'not-applicable'],
    ]);
  });

  it('reads Calico global policies: a selected namespace is in default deny, another one is not', () => {
    expect(verdicts('cni.calico.yaml')).toEqual([
      ['calico', 'pass'],
      ['other', 'fail'],
    ]);
  });

  it('is not applicable when NetworkPolicies could not be listed', () => {
    const snap = fixture('fail.no-egress-policy.yaml');
    snap.coverage.gaps.push({ resource: 'networkpolicies', reason: 'forbidden', message: 'forbidden' });
    expect(runCheck(check, snap).map((r) => [r.resource.kind, r.status])).toEqual([['Cluster', 'not-applicable']]);
  });
});
