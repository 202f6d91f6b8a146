import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './control-plane-profiling';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes for every component with --profiling=false', () => {
    const results = run(check, load('pass.disabled.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['kube-apiserver-cp-1', 'pass'],
      ['kube-controller-manager-cp-1', 'pass'],
      ['kube-scheduler-cp-1', 'pass'],
    ]);
  });

  it('fails each component where the flag is unset (default true)', () => {
    const results = run(check, load('fail.unset.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['kube-apiserver-cp-1', 'fail'],
      ['kube-controller-manager-cp-1', 'pass'],
      ['kube-scheduler-cp-1', 'fail'],
    ]);
    expect(results[0].message).toContain('unset (default true)');
  });

  it('is not applicable for a scheduler started with --config, which ignores --profiling', () => {
    const results = run(check, load('na.scheduler-config-file.yaml'));
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['kube-scheduler-cp-1', 'not-applicable'],
      ['kube-scheduler-cp-2', 'not-applicable'],
    ]);
    expect(results[0].message).toContain('/etc/kubernetes/scheduler-config.yaml');
  });

  it('is not applicable when no component is visible', () => {
    expect(run(check, makeSnapshot({})).map((r) => r.status)).toEqual(['not-applicable']);
  });
});
