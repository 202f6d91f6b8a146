/**
 * network-policy-missing and metadata-api-egress on CNI (Cilium, Calico, Antrea) and upstream
 * (AdminNetworkPolicy) policies, loaded through the real manifest / dump loaders.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDump, loadManifests } from '../../k8s/load';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import { check as networkPolicyMissing } from './network-policy-missing';
import { check as metadataApiEgress } from './metadata-api-egress';
import { parseCalicoSelector } from './_shared/network-policy';
import { runCheck } from '../test-utils';

const DIR = path.join(import.meta.dirname, '__fixtures__/cni-policies');

/** base.yaml (namespace shop, Deployment web) plus the given fixtures, read by loadManifests from a directory. */
function load(...files: string[]): ClusterSnapshot {
  const dir = mkdtempSync(path.join(tmpdir(), 'rampart-cni-'));
  for (const f of ['base.yaml', ...files]) copyFileSync(path.join(DIR, f), path.join(dir, f));
  const res = loadManifests(dir);
  expect(res.errors).toEqual([]);
  return res.snapshot;
}
const verdict = (snapshot: ClusterSnapshot, check = networkPolicyMissing) => runCheck(check, snapshot).map((r) => [r.resource.name, r.status]);

describe('loaders keep CNI and admin network policies', () => {
  it('classifies every product, namespaced and cluster-scoped, in the manifest loader', () => {
    const snap = load('cilium-deny.yaml', 'cilium-clusterwide.yaml', 'calico-deny.yaml', 'calico-open.yaml', 'antrea-deny.yaml', 'antrea-allow-only.yaml', 'anp-deny.yaml');
    expect(snap.objects.cniNetworkPolicies.map((p) => `${p.apiVersion} ${p.kind} ${p.metadata.namespace ?? ''}/${p.metadata.name}`).sort()).toEqual([
      'cilium.io/v2 CiliumClusterwideNetworkPolicy /tenant-deny',
      'cilium.io/v2 CiliumNetworkPolicy shop/default-deny',
      'crd.antrea.io/v1beta1 ClusterNetworkPolicy /isolate-tenants',
      'crd.antrea.io/v1beta1 NetworkPolicy shop/allow-frontend',
      'crd.projectcalico.org/v1 NetworkPolicy shop/allow-everything',
      'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy /deny-metadata',
      'policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy /default',
      'projectcalico.org/v3 GlobalNetworkPolicy /default-deny',
    ]);
    // A Calico / Antrea NetworkPolicy is not a Kubernetes NetworkPolicy.
    expect(snap.objects.networkPolicies).toEqual([]);
  });

  it('classifies them in the dump loader too', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-cni-dump-'));
    const file = path.join(dir, 'dump.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'a', namespace: 'shop' }, spec: { endpointSelector: {} } },
          { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name: 'b', namespace: 'ignored' }, spec: {} },
        ],
      }),
    );
    const snap = loadDump(file).snapshot;
    expect(snap.objects.cniNetworkPolicies.map((p) => `${p.kind}/${p.metadata.namespace ?? ''}/${p.metadata.name}`)).toEqual(['CiliumNetworkPolicy/shop/a', 'ClusterNetworkPolicy//b']);
  });
});

describe('network-policy-missing with CNI policies', () => {
  it('fails a namespace no policy isolates (baseline)', () => {
    expect(verdict(load())).toEqual([['shop', 'fail']]);
  });

  it('Cilium: passes a namespace isolated only by a CiliumNetworkPolicy with ingress rules (was: fail)', () => {
    const results = runCheck(networkPolicyMissing, load('cilium-deny.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
    expect(results[0]!.evidence).toMatchObject({ isolatingPolicies: ['CiliumNetworkPolicy shop/default-deny'] });
  });

  it('Cilium: passes a namespace selected by a clusterwide policy through namespace labels (was: fail)', () => {
    expect(verdict(load('cilium-clusterwide.yaml'))).toEqual([['shop', 'pass']]);
  });

  it('Cilium: fails a policy with enableDefaultDeny false that admits the whole cluster', () => {
    const results = runCheck(networkPolicyMissing, load('cilium-open.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(results[0]!.evidence).toMatchObject({ allowAllWorkloads: [{ workload: 'Deployment/web', policy: 'CiliumNetworkPolicy shop/audit-only' }] });
  });

  it('Calico: passes a GlobalNetworkPolicy selecting the namespace by label with types Ingress (was: fail)', () => {
    expect(verdict(load('calico-deny.yaml'))).toEqual([['shop', 'pass']]);
  });

  it('Calico: fails an ingress Allow rule without match criteria, and an egress-only policy', () => {
    expect(verdict(load('calico-open.yaml'))).toEqual([['shop', 'fail']]);
    expect(runCheck(networkPolicyMissing, load('calico-open.yaml'))[0]!.evidence).toMatchObject({ allowAllWorkloads: [{ workload: 'Deployment/web' }] });
    expect(runCheck(networkPolicyMissing, load('calico-egress-only.yaml'))[0]).toMatchObject({ status: 'fail', evidence: { unselectedWorkloads: ['Deployment/web'] } });
  });

  it('Calico: an Allow-everything policy ordered before the deny-all policy leaves the namespace open', () => {
    expect(verdict(load('calico-deny.yaml', 'calico-open.yaml'))).toEqual([['shop', 'fail']]);
  });

  it('Antrea: passes a ClusterNetworkPolicy whose last ingress rule drops everything (was: fail)', () => {
    expect(verdict(load('antrea-deny.yaml'))).toEqual([['shop', 'pass']]);
  });

  it('Antrea: fails a policy with Allow rules only (Antrea-native policies do not isolate)', () => {
    expect(verdict(load('antrea-allow-only.yaml'))).toEqual([['shop', 'fail']]);
  });

  it('Antrea: is not applicable when the policy applies to a ClusterGroup the snapshot cannot resolve', () => {
    const results = runCheck(networkPolicyMissing, load('antrea-group.yaml'));
    expect(results.map((r) => r.status)).toEqual(['not-applicable']);
    expect(results[0]!.message).toContain('ClusterNetworkPolicy by-group');
  });

  it('AdminNetworkPolicy: a BaselineAdminNetworkPolicy denying every namespace isolates (was: fail)', () => {
    expect(verdict(load('anp-deny.yaml'))).toEqual([['shop', 'pass']]);
  });

  it('AdminNetworkPolicy: an Allow from every namespace overrides a default-deny NetworkPolicy (was: pass)', () => {
    const results = runCheck(networkPolicyMissing, load('anp-allow-all.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(results[0]!.evidence).toMatchObject({ allowAllWorkloads: [{ workload: 'Deployment/web', policy: 'AdminNetworkPolicy allow-all-to-shop ingress rule everyone' }] });
  });

  it('is not applicable when a CNI policy list was forbidden (coverage gap), and on the live name of a forbidden NetworkPolicy list', () => {
    const snap = load();
    for (const resource of ['ciliumnetworkpolicies.cilium.io', 'networkpolicies']) {
      const gapped = { ...snap, coverage: { gaps: [{ resource, reason: 'forbidden' as const, message: 'forbidden' }] } };
      expect(runCheck(networkPolicyMissing, gapped).map((r) => [r.resource.kind, r.status])).toEqual([['Cluster', 'not-applicable']]);
      expect(runCheck(metadataApiEgress, gapped).map((r) => [r.resource.kind, r.status])).toEqual([['Cluster', 'not-applicable']]);
    }
  });
});

describe('metadata-api-egress with CNI policies', () => {
  const egress = (...files: string[]) => verdict(load(...files), metadataApiEgress);

  it('Cilium: passes default deny with toCIDRSet 0.0.0.0/0 except the metadata address, and an egressDeny (was: fail)', () => {
    expect(egress('cilium-deny.yaml')).toEqual([['shop', 'pass']]);
    expect(egress('cilium-clusterwide.yaml')).toEqual([['shop', 'pass']]);
  });

  it('Cilium: fails when the policy does not put the pod in egress default deny', () => {
    expect(egress('cilium-open.yaml')).toEqual([['shop', 'fail']]);
  });

  it('Cilium: an egressDeny wins over allow rules that include the address', () => {
    expect(egress('cilium-open.yaml', 'cilium-clusterwide.yaml')).toEqual([['shop', 'pass']]);
  });

  it('Calico: passes a Deny rule with nets before Allow, and an egress policy allowing only DNS (was: fail)', () => {
    expect(egress('calico-deny.yaml')).toEqual([['shop', 'pass']]);
    expect(egress('calico-egress-only.yaml')).toEqual([['shop', 'pass']]);
  });

  it('Calico: fails when a lower-order policy allows 0.0.0.0/0 before the Deny', () => {
    const results = runCheck(metadataApiEgress, load('calico-deny.yaml', 'calico-open.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail']);
    expect(JSON.stringify(results[0]!.evidence)).toContain('NetworkPolicy shop/allow-everything egress rule 1');
  });

  it('Antrea and AdminNetworkPolicy: Drop / Deny rules on the address pass (was: fail)', () => {
    expect(egress('antrea-deny.yaml')).toEqual([['shop', 'pass']]);
    expect(egress('anp-deny.yaml')).toEqual([['shop', 'pass']]);
  });

  it('is not applicable when the deciding policy cannot be interpreted', () => {
    expect(egress('antrea-group.yaml')).toEqual([['shop', 'not-applicable']]);
  });
});

describe('Calico selector expressions', () => {
  const ev = (text: string, labels: Record<string, string>) => parseCalicoSelector(text)?.((k) => labels[k]);
  it('evaluates the operators', () => {
    expect(ev('', {})).toBe('yes');
    expect(ev('all()', {})).toBe('yes');
    expect(ev("app == 'web' && tier != \"db\"", { app: 'web' })).toBe('yes');
    expect(ev("app in {'a', 'b'} || has(x)", { app: 'c' })).toBe('no');
    expect(ev("!has(app) || app not in {'web'}", { app: 'web' })).toBe('no');
    expect(ev("(env starts with 'pro') && name contains 'x'", { env: 'prod', name: 'axe' })).toBe('yes');
    expect(parseCalicoSelector('app === web')).toBeUndefined();
  });
});
