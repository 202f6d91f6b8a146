import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './etcd-peer-tls';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with peer certificates and peer client-cert auth', () => {
    expect(run(check, load('pass.hardened.yaml'))[0].status).toBe('pass');
  });

  it('fails when --peer-client-cert-auth is unset (default false) and the peer CA is missing', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { name: 'etcd-cp-1' }, detail: 'peer-tls' });
    expect(result.message).toContain('--peer-client-cert-auth is unset (default false)');
    expect(result.message).toContain('--peer-trusted-ca-file is not set');
  });

  it('fails with peer auto-TLS', () => {
    const [result] = run(check, load('fail.peer-auto-tls.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--peer-auto-tls=true');
  });

  it('fails when peers are served over plain http:// despite peer certificates (etcd ignores them then)', () => {
    const [result] = run(check, load('fail.http-peer-urls.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('http://10.0.0.10:2380');
  });

  it('is not applicable without a visible etcd pod', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });

  it('passes when auto-TLS is set next to real certificates (etcd ignores it then)', () => {
    expect(run(check, load('pass.peer-auto-tls-ignored-with-certs.yaml'))[0].status).toBe('pass');
  });
});
