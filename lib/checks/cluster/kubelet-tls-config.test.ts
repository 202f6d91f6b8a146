import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-tls-config';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails with neither a serving certificate nor serverTLSBootstrap (self-signed, the default)', () => {
    const [result] = run(check, load('fail.self-signed.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Node', name: 'node-1' }, path: 'serverTLSBootstrap', detail: 'tls-config' });
    expect(result.message).toContain('self-signed');
  });

  it('fails without a client CA (unset: no default)', () => {
    const [result] = run(check, load('fail.no-client-ca.yaml'));
    expect(result).toMatchObject({ status: 'fail', path: 'authentication.x509.clientCAFile' });
  });

  it('fails on a weak cipher suite and TLS 1.1', () => {
    const [result] = run(check, load('fail.weak-tls.yaml'));
    expect(result).toMatchObject({ status: 'fail', path: 'tlsCipherSuites', evidence: { weakCipherSuites: ['TLS_ECDHE_RSA_WITH_RC4_128_SHA'] } });
    expect(result.message).toContain('VersionTLS11');
  });

  it('passes with serverTLSBootstrap, or with its own certificate and strong TLS settings', () => {
    expect(run(check, load('pass.bootstrap.yaml'))[0].status).toBe('pass');
    expect(run(check, load('pass.own-certificate.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
