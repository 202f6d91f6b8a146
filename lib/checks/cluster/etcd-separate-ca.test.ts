import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './etcd-separate-ca';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when etcd trusts the API server client CA (paths compared as the file system resolves them)', () => {
    const [result] = run(check, load('fail.cluster-ca.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'etcd-cp-1' }, detail: 'separate-ca', path: 'spec.containers[0].command' });
    expect(result.message).toContain('cluster CA');
  });

  it('reads ETCD_TRUSTED_CA_FILE when the flag is absent', () => {
    expect(run(check, load('fail.cluster-ca-from-env.yaml'))[0].status).toBe('fail');
  });

  it('passes when etcd has its own CA (kubeadm layout)', () => {
    expect(run(check, load('pass.own-ca.yaml'))[0].status).toBe('pass');
  });

  it('is not applicable when the API server is not visible, and never guesses', () => {
    expect(run(check, load('na.no-apiserver.yaml'))[0].status).toBe('not-applicable');
  });

  it('is not applicable without a visible etcd (managed control plane)', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
