import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './etcd-tls';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with certificate, key and https listeners', () => {
    const [result] = run(check, load('pass.hardened.yaml'));
    expect(result).toMatchObject({ status: 'pass', resource: { kind: 'Pod', namespace: 'kube-system', name: 'etcd-cp-1' } });
  });

  it('fails with auto-TLS instead of real certificates', () => {
    const [result] = run(check, load('fail.auto-tls.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--auto-tls=true');
  });

  it('fails when unset: no certificates and the default http://localhost:2379 listener', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('http://localhost:2379');
    expect(result.message).toContain('--cert-file is not set');
  });

  it('reads ETCD_* environment variables when flags are absent', () => {
    expect(run(check, load('pass.env-vars.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable when etcd reads a configuration file', () => {
    const [result] = run(check, load('na.config-file.yaml'));
    expect(result).toMatchObject({ status: 'not-applicable', detail: 'config-file' });
  });

  it('is not applicable without a visible etcd pod (external or managed etcd)', () => {
    expect(run(check, makeSnapshot({}))[0]).toMatchObject({ status: 'not-applicable', resource: { kind: 'Cluster' } });
  });

  it('passes when auto-TLS is set next to real certificates (etcd ignores it then)', () => {
    expect(run(check, load('pass.auto-tls-ignored-with-certs.yaml'))[0].status).toBe('pass');
  });
});
