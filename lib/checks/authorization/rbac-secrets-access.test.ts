import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-secrets-access';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-secrets-access', name));

describe('rbac-secrets-access', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-secrets-access'));

  it('fails subjects that can read secrets, with the binding chain; a grant to everyone is critical', () => {
    const results = runCheck(check, fixture('fail.secrets.yaml'));
    const failed = failures(results);
    expect(failed.map((r) => [r.resource.kind, r.resource.namespace, r.resource.name, r.severity])).toEqual([
      ['Group', undefined, 'system:authenticated', 'critical'],
      ['ServiceAccount', 'shop', 'app', undefined],
    ]);
    expect(failed[1]!.evidence!.grants).toEqual([
      { subject: 'ServiceAccount shop/app', binding: 'RoleBinding shop/app-secrets', role: 'Role shop/secret-reader', scope: 'namespace shop', rule: 'get,list secrets (core)' },
    ]);
    expect(failed[1]!.message).toContain('RoleBinding shop/app-secrets → Role shop/secret-reader');
  });

  it('leaves cluster-admin-equivalent grants to rbac-cluster-admin-binding (one binding, one finding), but reports other grants', () => {
    const results = runCheck(check, fixture('cluster-admin-subject.yaml'));
    expect(results.map((r) => [r.resource.kind, r.resource.name, r.status])).toEqual([
      ['Group', 'ops', 'not-applicable'],
      ['ServiceAccount', 'builder', 'not-applicable'],
      ['ServiceAccount', 'deployer', 'fail'],
    ]);
    expect(results[0]!.message).toContain('rbac-cluster-admin-binding');
    const deployer = results[2]!;
    expect((deployer.evidence!.grants as Array<{ binding: string }>).map((g) => g.binding)).toEqual(['RoleBinding ci/deployer-secrets']);
  });

  it('judges service accounts in kube-system on grants the cluster did not create itself', () => {
    const results = runCheck(check, fixture('fail.system-namespace.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name])).toEqual([
      ['fail', 'kube-system', 'backup'],
      ['fail', 'kube-system', 'token-cleaner'],
    ]);
    expect(results[0]!.message).toContain('ClusterRoleBinding backup-reader → ClusterRole backup-reader (cluster-wide)');
  });

  it('restores the aggregation of a redefined edit role, as the API server does at start-up', () => {
    const results = runCheck(check, fixture('fail.redefined-edit.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([['fail', 'dev@example.com']]);
    expect(results[0]!.message).toContain('RoleBinding shop/dev-edit → ClusterRole edit');
    // The same objects read from a live cluster give the same verdict.
    const live = { ...fixture('fail.redefined-edit.yaml'), source: { type: 'cluster' as const, name: 'live' } };
    expect(runCheck(check, live).map((r) => [r.status, r.resource.name])).toEqual([['fail', 'dev@example.com']]);
  });

  it('passes access to one named secret and leaves control-plane service accounts alone', () => {
    const results = runCheck(check, fixture('pass.named-secret.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['app']);
    expect(passes(results)[0]!.evidence!.restrictedGrants).toHaveLength(1);
  });

  it('passes subjects whose bindings grant nothing: a missing role, a rule without apiGroups', () => {
    const results = runCheck(check, fixture('pass.unset.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([
      ['pass', 'app'],
      ['pass', 'worker'],
    ]);
  });
});
