import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './network-policy-missing';
import { selectorMatches } from './_shared/network-policy';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/network-policy-missing', name));

describe('network-policy-missing', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'network-policy-missing'));

  it('fails a namespace with workloads and no NetworkPolicy', () => {
    const results = runCheck(check, fixture('fail.no-policy.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Namespace', name: 'shop' }, evidence: { unselectedWorkloads: ['Deployment/api'] } });
  });

  it('fails when some workloads are not selected by an ingress policy (egress-only policies do not count)', () => {
    const results = runCheck(check, fixture('fail.partial.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', evidence: { unselectedWorkloads: ['StatefulSet/db'], networkPolicies: ['web-ingress', 'db-egress'] } });
  });

  it('fails workloads whose ingress policies include a rule allowing every source on every port', () => {
    const results = runCheck(check, fixture('fail.allow-all.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      evidence: {
        unselectedWorkloads: [],
        allowAllWorkloads: [
          { workload: 'Deployment/web', policy: 'allow-all' },
          { workload: 'Deployment/api', policy: 'allow-all-namespaces' },
        ],
      },
    });
    expect(results[0]!.message).toContain('Deployment/web');
  });

  it('passes a default-deny policy with policyTypes unset (Ingress implied), in the default namespace', () => {
    const results = runCheck(check, fixture('pass.default-deny.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([['pass', 'default']]);
  });

  it('passes matchExpressions selectors covering every workload and ignores system namespaces', () => {
    const results = runCheck(check, fixture('pass.selectors.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([['pass', 'shop']]);
  });

  it('leaves hostNetwork workloads out: NetworkPolicy does not govern them, so neither covers nor fails them', () => {
    const results = runCheck(check, fixture('host-network.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['agents', 'pass'],
      ['monitoring', 'not-applicable'],
    ]);
    expect(results[0]!.evidence).toMatchObject({ workloads: 1, hostNetworkWorkloads: ['DaemonSet/node-agent'] });
    expect(results[1]!.message).toMatch(/host network/);
  });

  it('matches label selectors like Kubernetes', () => {
    expect(selectorMatches({}, undefined)).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(selectorMatches({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {})).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { a: '' })).toBe(true);
  });

  it('is not applicable when networkpolicies.networking.k8s.io could not be listed (403): no object seen is not evidence of none', () => {
    const snapshot = fixture('fail.no-policy.yaml');
    const gapped = { ...snapshot, coverage: { gaps: [{ resource: 'networkpolicies.networking.k8s.io', reason: 'forbidden' as const, message: 'forbidden' }] } };
    const results = runCheck(check, gapped);
    expect(results.map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
    expect(results[0]!.message).toContain('networkpolicies.networking.k8s.io');
  });
});
