import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './kubelet-certificate-rotation';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFixture, run, snapshotFromYaml } from './_shared/test-helpers';

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

  it('does not fail EKS nodes for an unset rotateCertificates: their kubelets authenticate with an IAM token, not a client certificate', () => {
    const text = readFileSync(path.join(import.meta.dirname, '__fixtures__', check.id, 'pass.eks-iam-token.yaml'), 'utf8');
    const [result] = run(check, snapshotFromYaml([text], { serverVersion: 'v1.30.4-eks-a737599' }));
    expect(result).toMatchObject({ status: 'pass', resource: { kind: 'Node', name: 'ip-10-0-1-23.ec2.internal' } });
    expect(result.message).toContain('IAM');
    // The same configuration outside EKS still fails.
    expect(run(check, snapshotFromYaml([text], { serverVersion: 'v1.30.4' }))[0]!.status).toBe('fail');
  });

  it('still fails EKS nodes whose server certificate rotation gate is turned off', () => {
    const text = readFileSync(path.join(import.meta.dirname, '__fixtures__', check.id, 'fail.server-rotation-gate-off.yaml'), 'utf8');
    expect(run(check, snapshotFromYaml([text], { serverVersion: 'v1.30.4-eks-a737599' }))[0]).toMatchObject({ status: 'fail', path: 'featureGates.RotateKubeletServerCertificate' });
  });

  it('is not applicable without kubelet configuration', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
