import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './resource-limits-missing';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/resource-limits-missing', name));

describe('resource-limits-missing', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'resource-limits-missing'));

  it('fails containers missing a CPU or memory limit, init containers included; requests do not count', () => {
    const results = runCheck(check, fixture('fail.missing.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.evidence?.missing])).toEqual([
      ['migrate', 'fail', ['cpu']],
      ['api', 'pass', undefined],
      ['sidecar', 'fail', ['memory', 'cpu']],
    ]);
    expect(results[0]!.path).toBe('spec.template.spec.initContainers[0].resources.limits');
    expect(results[2]!.path).toBe('spec.template.spec.containers[1].resources');
  });

  it('fails when resources are unset and skips ephemeral containers', () => {
    const results = runCheck(check, fixture('fail.unset.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path])).toEqual([['worker', 'fail', 'spec.containers[0].resources']]);
  });

  it('passes containers with both limits', () => {
    const results = runCheck(check, fixture('pass.limits.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(1);
  });

  it('counts a LimitRange default in the same namespace only', () => {
    const results = runCheck(check, fixture('pass.limit-range-default.yaml'));
    expect(results.map((r) => [r.resource.namespace, r.status])).toEqual([
      ['batch', 'pass'],
      ['other', 'fail'],
    ]);
    expect(results[0]!.evidence?.limitRangeDefaults).toEqual({ memory: 'defaults=256Mi', cpu: 'defaults=500m' });
  });

  it('counts the max of a Container LimitRange without a default (Kubernetes defaults default to max); a Pod max does not count', () => {
    const results = runCheck(check, fixture('pass.limit-range-max.yaml'));
    expect(results.map((r) => [r.resource.namespace, r.status])).toEqual([
      ['batch', 'pass'],
      ['other', 'fail'],
    ]);
    expect(results[0]!.evidence?.limitRangeDefaults).toEqual({ memory: 'caps=512Mi', cpu: 'caps=1' });
  });

  it('counts pod-level limits (spec.resources.limits) for every container, per resource', () => {
    const results = runCheck(check, fixture('pass.pod-level-limits.yaml'));
    expect(results.map((r) => [r.resource.name, r.detail, r.status, r.evidence?.missing])).toEqual([
      ['api', 'migrate', 'pass', undefined],
      ['api', 'api', 'pass', undefined],
      ['api', 'sidecar', 'pass', undefined],
      ['worker', 'worker', 'fail', ['cpu']],
    ]);
  });

  it('passes a container without limits where an unscoped ResourceQuota on limits.cpu and limits.memory rejects such pods', () => {
    const results = runCheck(check, fixture('quota-limits.yaml'));
    expect(results.map((r) => [r.resource.namespace, r.status, r.evidence?.missing])).toEqual([
      ['batch', 'pass', undefined],
      ['reports', 'fail', ['memory', 'cpu']],
      ['scoped', 'fail', ['memory', 'cpu']],
    ]);
    expect(results[0]!.evidence?.resourceQuotaLimits).toEqual({ memory: 'compute', cpu: 'compute' });
    expect(results[0]!.message).toContain('ResourceQuota');
  });

  it('is not applicable for a container without limits when LimitRanges could not be listed (a default may supply them)', () => {
    const snapshot = fixture('fail.unset.yaml');
    const gapped = { ...snapshot, coverage: { gaps: [{ resource: 'limitranges', reason: 'forbidden' as const, message: 'forbidden' }] } };
    const results = runCheck(check, gapped);
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'not-applicable'));
    expect(results[0]!.message).toMatch(/LimitRange/);
  });
});
