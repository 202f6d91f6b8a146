import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-static-token-file';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails with --token-auth-file', () => {
    const [result] = run(check, load('fail.token-auth-file.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'static-credentials' });
    expect(result.message).toContain('/etc/kubernetes/known_tokens.csv');
  });

  it('fails with the pre-1.19 --basic-auth-file', () => {
    expect(run(check, load('fail.basic-auth-file.yaml'))[0].status).toBe('fail');
  });

  it('passes when neither flag is set (no default file)', () => {
    expect(run(check, load('pass.hardened.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
