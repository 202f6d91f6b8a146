import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-certificate-rotation';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with rotateCertificates true', () => {
    const [result] = run(check, load('pass.hardened.yaml'));
    expect(result).toMatchObject({ status: 'pass', resource: { kind: 'Node', name: 'node-1' } });
    expect(result.evidence).toMatchObject({ serverTLSBootstrap: true });
  });

  it('fails when rotateCertificates is unset (default false)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result).toMatchObject({ status: 'fail', path: 'rotateCertificates' });
    expect(result.message).toContain('default false');
  });

  it('fails when the server certificate rotation gate is turned off', () => {
    const [result] = run(check, load('fail.server-rotation-gate-off.yaml'));
    expect(result).toMatchObject({ status: 'fail', path: 'featureGates.RotateKubeletServerCertificate' });
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
