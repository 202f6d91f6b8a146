import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-authorization-mode';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails with AlwaysAllow', () => {
    const [result] = run(check, load('fail.always-allow.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'authorization.mode' });
  });

  it('passes with Webhook', () => {
    expect(run(check, load('pass.hardened.yaml'))[0].status).toBe('pass');
  });

  it('passes when unset (file default Webhook)', () => {
    const [result] = run(check, load('pass.unset.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('the default');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
