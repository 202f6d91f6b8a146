import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './secrets-encryption-at-rest';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails once on the cluster when the API server has no --encryption-provider-config (no default)', () => {
    const results = run(check, load('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Cluster' }, detail: 'encryption-at-rest' });
    expect(results[0].message).toContain('no API server');
  });

  it('fails when one API server of an HA pair lacks it', () => {
    const [result] = run(check, load('fail.one-of-two-apiservers.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('kube-apiserver-cp-2');
  });

  it('passes when every API server encrypts', () => {
    expect(run(check, load('pass.encryption-config.yaml')).map((r) => [r.status, r.resource.kind])).toEqual([['pass', 'Cluster']]);
  });

  it('is not applicable on a managed control plane', () => {
    expect(run(check, makeSnapshot({})).map((r) => r.status)).toEqual(['not-applicable']);
  });
});
