import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-pod-pid-limit';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails with -1 (no limit)', () => {
    const [result] = run(check, load('fail.minus-one.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'podPidsLimit' });
  });

  it('fails when unset (default -1) and with 0 (no limit either)', () => {
    const [unset] = run(check, load('fail.unset.yaml'));
    expect(unset.status).toBe('fail');
    expect(unset.message).toContain('default -1');
    expect(run(check, load('fail.zero.yaml'))[0].status).toBe('fail');
  });

  it('passes with a positive limit', () => {
    const [result] = run(check, load('pass.limited.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('4096');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
