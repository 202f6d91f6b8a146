import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './control-plane-bind-address';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes controller manager and scheduler bound to 127.0.0.1', () => {
    expect(run(check, load('pass.loopback.yaml')).map((r) => [r.resource.name, r.status])).toEqual([
      ['kube-controller-manager-cp-1', 'pass'],
      ['kube-scheduler-cp-1', 'pass'],
    ]);
  });

  it('fails an unset bind address (default 0.0.0.0) and an explicit 0.0.0.0', () => {
    const results = run(check, load('fail.unset.yaml'));
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(results[0]).toMatchObject({ resource: { kind: 'Pod', name: 'kube-controller-manager-cp-1' }, detail: 'bind-address' });
    expect(results[0].message).toContain('default 0.0.0.0');
  });

  it('is not applicable on a managed control plane', () => {
    expect(run(check, makeSnapshot({})).map((r) => r.status)).toEqual(['not-applicable']);
  });
});
