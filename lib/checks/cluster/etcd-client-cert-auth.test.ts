import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './etcd-client-cert-auth';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with client-cert-auth and a trusted CA', () => {
    expect(run(check, load('pass.hardened.yaml'))[0].status).toBe('pass');
  });

  it('fails when --client-cert-auth is unset (default false)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { name: 'etcd-cp-1' }, detail: 'client-cert-auth' });
    expect(result.message).toContain('default false');
  });

  it('fails without --trusted-ca-file', () => {
    const [result] = run(check, load('fail.no-trusted-ca.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--trusted-ca-file is not set');
  });

  it('is not applicable without a visible etcd pod', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
