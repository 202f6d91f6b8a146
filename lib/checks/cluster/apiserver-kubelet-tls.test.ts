import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-kubelet-tls';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes with client certificate, key and kubelet CA', () => {
    expect(run(check, load('pass.client-cert-and-ca.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('fails when kubelet serving certificates are not verified', () => {
    const [result] = run(check, load('fail.no-certificate-authority.yaml'));
    expect(result).toMatchObject({ status: 'fail', detail: 'kubelet-tls' });
    expect(result.message).toContain('--kubelet-certificate-authority unset');
    expect(result.message).not.toContain('no client certificate');
  });

  it('fails when nothing is set (no defaults)', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('presents no client certificate');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
