import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-no-external-identity';
import { loadFixture, run } from '../cluster/_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails once on the cluster when no identity provider is configured', () => {
    const results = run(check, load('fail.unset.yaml'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'fail', resource: { kind: 'Cluster', name: 'fixture' }, detail: 'external-identity' });
  });

  it('fails when one of several API servers lacks the provider', () => {
    const [result] = run(check, load('fail.one-of-two-apiservers.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('kube-apiserver-cp-2');
    expect(result.message).not.toContain('kube-apiserver-cp-1');
  });

  it.each(['pass.oidc.yaml', 'pass.token-webhook.yaml'])('passes with %s', (file) => {
    expect(run(check, load(file)).map((r) => [r.status, r.resource.kind])).toEqual([['pass', 'Cluster']]);
  });

  it('is not applicable on a managed control plane', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });

  it('is not applicable when only an unreadable AuthenticationConfiguration could hold the issuers', () => {
    const [result] = run(check, load('na.authentication-config.yaml'));
    expect(result).toMatchObject({ status: 'not-applicable', resource: { kind: 'Cluster' } });
    expect(result.message).toContain('/etc/kubernetes/authn.yaml');
  });
});
