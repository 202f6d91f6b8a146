import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-anonymous-auth';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when --anonymous-auth=true', () => {
    const [result] = run(check, load('fail.anonymous-true.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'anonymous-auth' });
  });

  it('passes when --anonymous-auth=false', () => {
    expect(run(check, load('pass.anonymous-false.yaml')).map((r) => r.status)).toEqual(['pass']);
  });

  it('fails when the flag is unset, because it defaults to true', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('defaults to true');
  });

  it('is not applicable when an AuthenticationConfiguration file may configure anonymous access', () => {
    const [result] = run(check, load('na.authentication-config.yaml'));
    expect(result.status).toBe('not-applicable');
    expect(result.message).toContain('/etc/kubernetes/authn.yaml');
  });

  it('fails before 1.32 with --authentication-config: the file cannot configure anonymous access there', () => {
    const [result] = run(check, load('fail.authentication-config-before-1.32.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('defaults to true');
  });

  it('is not applicable on a managed control plane', () => {
    expect(run(check, makeSnapshot({})).map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
  });
});
