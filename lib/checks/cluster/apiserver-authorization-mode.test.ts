import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../k8s/snapshot';
import { check } from './apiserver-authorization-mode';
import { loadFixture, run } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails when AlwaysAllow is in the chain, even next to RBAC', () => {
    const [result] = run(check, load('fail.always-allow.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { kind: 'Pod', name: 'kube-apiserver-cp-1' }, detail: 'authorization-mode' });
    expect(result.message).toContain('AlwaysAllow');
  });

  it('fails when RBAC is missing', () => {
    const [result] = run(check, load('fail.no-rbac.yaml'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('RBAC is not enabled');
  });

  it('fails when the flag is unset, because it defaults to AlwaysAllow', () => {
    const [result] = run(check, load('fail.unset.yaml'));
    expect(result.status).toBe('fail');
    expect(result.evidence).toMatchObject({ effectiveModes: ['AlwaysAllow'] });
  });

  it('fails when the Node authorizer is missing: kubelets are not limited to their own node', () => {
    const [result] = run(check, load('fail.no-node.yaml'));
    expect(result.status).toBe('fail');
    expect(result.severity).toBe('high');
    expect(result.message).toContain('Node authorizer');
    expect(result.evidence).toMatchObject({ nodeAuthorizer: false, effectiveModes: ['RBAC'] });
  });

  it('passes with RBAC, Node and Webhook in any order', () => {
    expect(run(check, load('pass.rbac-node-webhook.yaml'))[0].status).toBe('pass');
  });

  it('passes with Node,RBAC', () => {
    const [result] = run(check, load('pass.node-rbac.yaml'));
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ nodeAuthorizer: true });
  });

  it('is not applicable when authorizers come from --authorization-config', () => {
    expect(run(check, load('na.authorization-config.yaml'))[0].status).toBe('not-applicable');
  });

  it('is not applicable without a visible API server', () => {
    expect(run(check, makeSnapshot({}))[0].status).toBe('not-applicable');
  });
});
