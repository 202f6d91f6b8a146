import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-tls-config';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails without a serving certificate and key (a self-signed one is generated)', () => {
    const [result] = run(check, load('fail.self-signed.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, path: 'spec.containers[0].command', detail: 'tls-config' });
    expect(result.message).toContain('--tls-cert-file and --tls-private-key-file are not set');
  });

  it('fails when the client CA and the service-account key are unset', () => {
    const [result] = run(check, load('fail.no-client-ca.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('--client-ca-file is not set');
    expect(result.message).toContain('--service-account-key-file is not set');
  });

  it('fails on a weak cipher suite and a TLS minimum below 1.2', () => {
    const [result] = run(check, load('fail.weak-tls.yaml'));
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatchObject({ weakCipherSuites: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] });
    expect(result.message).toContain('VersionTLS10');
  });

  it('passes a hardened API server (cipher suites and minimum version unset: Go defaults)', () => {
    const [result] = run(check, load('pass.hardened.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).not.toContain('TLS 1.0');
  });

  it('passes strong explicit suites and TLS 1.3', () => {
    expect(run(check, load('pass.strong-tls.yaml'))[0].status).toBe('pass');
  });

  it('does not ask a pre-1.20 API server for an issuer or signing key, and notes its old TLS default', () => {
    const [result] = run(check, load('pass.before-1.20-no-issuer.yaml'));
    expect(result.status).toBe('pass');
    expect(result.message).toContain('TLS 1.0');
  });

  it('is not applicable without a visible API server (managed control plane)', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
