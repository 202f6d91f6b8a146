import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-etcd-tls';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with CA, client certificate and key', () => {
    expect(run(check, load('pass.mutual-tls.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('fails when the client certificate is missing', () => {
    const [result] = run(check, load('fail.no-client-cert.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'etcd-tls' });
    expect(result.message).toContain('--etcd-certfile, --etcd-keyfile are not set');
  });

  it('fails when nothing is set (no defaults) and etcd is reached over http', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--etcd-cafile');
    expect(result.message).toContain('http://127.0.0.1:2379');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
