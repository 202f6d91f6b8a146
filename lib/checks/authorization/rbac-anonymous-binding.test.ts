import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-anonymous-binding';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-anonymous-binding', name));

describe('rbac-anonymous-binding', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-anonymous-binding'));

  it('fails grants to anonymous, unauthenticated or all authenticated callers beyond the defaults, and dangling bindings to them', () => {
    const results = runCheck(check, fixture('fail.anonymous.yaml'));
    expect(failures(results).map((r) => r.resource.name)).toEqual(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);
    const unauthenticated = failures(results)[1]!;
    expect(unauthenticated.evidence!.danglingBindings).toEqual(['RoleBinding:shop/public-reader']);
    const authenticated = failures(results)[2]!;
    expect(authenticated.message).toContain('ClusterRoleBinding everyone-views → ClusterRole view');
  });

  it('passes the Kubernetes and kubeadm defaults', () => {
    const results = runCheck(check, fixture('pass.defaults.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);
  });

  it('passes the default bindings of a dump that lacks the bootstrap ClusterRoles (they always exist in a cluster)', () => {
    const results = runCheck(check, fixture('pass.default-bindings-without-roles.yaml'));
    expect(results.map((r) => [r.status, r.resource.name])).toEqual([
      ['pass', 'system:unauthenticated'],
      ['pass', 'system:authenticated'],
    ]);
  });

  it('has nothing to judge when no binding names them', () => {
    expect(runCheck(check, fixture('pass.unset.yaml'))).toEqual([]);
  });
});
