import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-read-only-port';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when readOnlyPort is 10255', () => {
    const [result] = run(check, load('fail.port-10255.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'readOnlyPort' });
    expect(result.message).toContain('10255');
  });

  it('passes with readOnlyPort 0', () => {
    expect(run(check, load('pass.hardened.yaml'))[0].status).toBe('pass');
  });

  it('passes when unset (file default 0)', () => {
    const [result] = run(check, load('pass.unset.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('default 0');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
