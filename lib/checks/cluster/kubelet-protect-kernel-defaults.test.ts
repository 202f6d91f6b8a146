import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-protect-kernel-defaults';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when protectKernelDefaults is false', () => {
    const [result] = run(check, load('fail.false.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'protectKernelDefaults' });
  });

  it('fails when unset (default false)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('default false');
  });

  it('passes when true', () => {
    expect(run(check, load('pass.true.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
