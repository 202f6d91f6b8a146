import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-default-service-account-permissions';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-default-service-account-permissions', name));

describe('rbac-default-service-account-permissions', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-default-service-account-permissions'));

  it('fails a default ServiceAccount named (namespace omitted) in a RoleBinding; passes the other namespace', () => {
    const results = runCheck(check, fixture('fail.default-bound.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name])).toEqual([
      ['fail', 'shop', 'default'],
      ['pass', 'web', 'default'],
    ]);
    expect(failures(results)[0]!.evidence!.grants).not.toEqual([]);
  });

  it('fails a grant someone added to the default ServiceAccount of a system namespace', () => {
    const results = runCheck(check, fixture('fail.system-namespace.yaml'));
    expect(results.map((r) => [r.status, r.resource.namespace, r.resource.name])).toEqual([['fail', 'kube-system', 'default']]);
    expect(results[0]!.message).toContain('RoleBinding kube-system/default-view → ClusterRole view');
  });

  it('passes when only dedicated service accounts are bound, and gives no verdict on unbound system namespaces', () => {
    const results = runCheck(check, fixture('pass.no-grants.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.namespace)).toEqual(['web']);
  });

  it('passes a namespace whose default ServiceAccount is in no binding (and not in the manifests)', () => {
    expect(runCheck(check, fixture('pass.unset.yaml')).map((r) => [r.status, r.resource.namespace])).toEqual([['pass', 'shop']]);
  });
});
