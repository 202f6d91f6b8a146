import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './metadata-api-egress';
import { cidrContains } from './_shared/network-policy';
import { expectCompleteMetadata, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/metadata-api-egress', name));

describe('metadata-api-egress', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'metadata-api-egress'));

  it('fails when no egress policy selects the pods (egress unset means allowed)', () => {
    const results = runCheck(check, fixture('fail.no-egress-policy.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'fail',
      resource: { kind: 'Namespace', name: 'shop' },
      evidence: { exposedWorkloads: [{ workload: 'Deployment/api', reason: 'no egress NetworkPolicy selects it' }] },
    });
  });

  it('fails egress to 0.0.0.0/0 without the metadata exception, and a rule with no destination', () => {
    const results = runCheck(check, fixture('fail.allow-all.yaml'));
    expect(results).toHaveLength(1);
    const exposed = results[0]!.evidence!.exposedWorkloads as Array<{ workload: string; reason: string }>;
    expect(exposed.map((e) => e.workload)).toEqual(['Deployment/crawler', 'Deployment/worker']);
    expect(exposed[0]!.reason).toContain('0.0.0.0/0');
    expect(exposed[1]!.reason).toContain('no destination restriction');
  });

  it('passes when egress excludes the metadata address, allows only other ports, or denies everything', () => {
    const results = runCheck(check, fixture('pass.blocked.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['shop', 'pass'],
      ['batch', 'pass'],
    ]);
  });

  it('fails host-network pods, which NetworkPolicy does not cover', () => {
    const results = runCheck(check, fixture('fail.host-network.yaml'));
    expect(results[0]).toMatchObject({ status: 'fail', evidence: { exposedWorkloads: [{ workload: 'DaemonSet/node-agent' }] } });
  });

  it('computes CIDR containment', () => {
    expect(cidrContains('0.0.0.0/0', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.0.0/16', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.169.254/32', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.169.255/32', '169.254.169.254')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '169.254.169.254')).toBe(false);
    expect(cidrContains('::/0', '169.254.169.254')).toBe(false);
  });

  it('is not applicable when networkpolicies.networking.k8s.io could not be listed (403): no object seen is not evidence of none', () => {
    const snapshot = fixture('fail.no-egress-policy.yaml');
    const gapped = { ...snapshot, coverage: { gaps: [{ resource: 'networkpolicies.networking.k8s.io', reason: 'forbidden' as const, message: 'forbidden' }] } };
    const results = runCheck(check, gapped);
    expect(results.map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
    expect(results[0]!.message).toContain('networkpolicies.networking.k8s.io');
  });
});
