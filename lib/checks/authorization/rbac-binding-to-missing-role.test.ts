import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-binding-to-missing-role';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-binding-to-missing-role', name));
const verdicts = (results: ReturnType<typeof runCheck>) => results.map((r) => [r.status, r.resource.kind, r.resource.namespace, r.resource.name, r.severity ?? check.severity]);

describe('rbac-binding-to-missing-role', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-binding-to-missing-role'));

  it('fails bindings whose role is missing where the manifests define roles of that kind; built-in roles exist; the rest is not applicable', () => {
    const results = runCheck(check, fixture('fail.missing.yaml'));
    expect(verdicts(results)).toEqual([
      ['not-applicable', 'ClusterRoleBinding', undefined, 'app-auth-delegator', 'low'],
      ['fail', 'ClusterRoleBinding', undefined, 'everyone-metrics', 'medium'],
      ['not-applicable', 'RoleBinding', 'ops', 'runner', 'low'],
      ['pass', 'RoleBinding', 'shop', 'app-reader', 'low'],
      ['fail', 'RoleBinding', 'shop', 'app-writer', 'low'],
      ['pass', 'RoleBinding', 'shop', 'dev-edit', 'low'],
    ]);
    const writer = failures(results)[1]!;
    expect(writer.message).toContain('Role shop/app-writr');
    expect(writer.evidence).toMatchObject({ role: 'Role shop/app-writr', subjects: ['ServiceAccount shop/app'], kubectl: 'kubectl -n shop delete rolebinding app-writer' });
  });

  it('judges every binding on a live cluster, where the snapshot holds all roles (system:* ones included)', () => {
    const snapshot = { ...fixture('fail.missing.yaml'), source: { type: 'cluster' as const, name: 'live' } };
    expect(failures(runCheck(check, snapshot)).map((r) => r.resource.name)).toEqual(['app-auth-delegator', 'everyone-metrics', 'runner', 'app-writer']);
  });

  it('gives no failure when the scanned objects contain bindings but no roles', () => {
    expect(verdicts(runCheck(check, fixture('pass.bindings-only.yaml')))).toEqual([
      ['not-applicable', 'ClusterRoleBinding', undefined, 'app-metrics', 'low'],
      ['pass', 'RoleBinding', 'shop', 'app-view', 'low'],
    ]);
  });

  it('is not applicable when roles could not be read', () => {
    const snapshot = { ...fixture('fail.missing.yaml'), source: { type: 'cluster' as const, name: 'live' }, coverage: { gaps: [{ resource: 'roles', reason: 'forbidden' as const, message: 'no' }] } };
    expect(runCheck(check, snapshot).map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
  });
});
