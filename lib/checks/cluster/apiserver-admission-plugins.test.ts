import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check, effectiveAdmissionPlugins } from './apiserver-admission-plugins';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('passes when NodeRestriction is added to the default-on set', () => {
    const [result] = run(check, load('pass.node-restriction.yaml'));
    expect(result.status).toBe('pass');
    expect(result.evidence?.effectivePlugins).toEqual(expect.arrayContaining(['NodeRestriction', 'PodSecurity', 'ServiceAccount', 'NamespaceLifecycle']));
  });

  it('fails when the flag is unset: NodeRestriction is not on by default', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'admission-plugins' });
    expect(result.message).toContain('NodeRestriction is not enabled');
    expect(result.message).not.toContain('disabled');
  });

  it('fails when AlwaysAdmit is enabled', () => {
    const [result] = run(check, load('fail.always-admit.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('AlwaysAdmit is enabled');
  });

  it('fails when default-on guards are disabled, pointing at --disable-admission-plugins', () => {
    const [result] = run(check, load('fail.pod-security-disabled.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('PodSecurity, ResourceQuota are disabled');
    expect(result.path).toBe('spec.containers[0].command');
  });

  it('treats the deprecated --admission-control list as the complete set', () => {
    const [result] = run(check, load('fail.legacy-admission-control.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('NamespaceLifecycle');
    expect(effectiveAdmissionPlugins({ 'admission-control': 'NodeRestriction' }).enabled).toEqual(new Set(['NodeRestriction']));
  });

  it('adds up repeated --enable-admission-plugins flags, as the string-slice flag does', () => {
    const [result] = run(check, load('pass.repeated-enable-flag.yaml'));
    expect(result.status).toBe('pass');
    expect(result.evidence?.effectivePlugins).toEqual(expect.arrayContaining(['NodeRestriction', 'EventRateLimit']));
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });

  it('does not expect PodSecurity before 1.23 (version from the image tag)', () => {
    const [result] = run(check, load('pass.pod-security-policy-1.22.yaml'));
    expect(result.status).toBe('pass');
    expect(result.evidence?.effectivePlugins).not.toContain('PodSecurity');
  });
});
