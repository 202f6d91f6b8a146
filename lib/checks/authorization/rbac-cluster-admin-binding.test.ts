import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from './rbac-cluster-admin-binding';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, passes, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/rbac-cluster-admin-binding', name));

describe('rbac-cluster-admin-binding', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'rbac-cluster-admin-binding'));

  it('fails each non-system subject bound cluster-wide to cluster-admin or an aggregated equivalent, naming the subject', () => {
    const results = runCheck(check, fixture('fail.cluster-admin.yaml'));
    expect(failures(results).map((r) => r.resource)).toEqual([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Group', name: 'platform' },
      { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'ci', name: 'deployer' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'User', name: 'jane@example.com' },
    ]);
    const platform = failures(results)[0]!;
    expect(platform.evidence!.grants).toEqual([
      expect.objectContaining({ binding: 'ClusterRoleBinding platform-team', role: 'ClusterRole platform-superuser', aggregatedFrom: 'ClusterRole everything', scope: 'cluster-wide' }),
    ]);
    expect(passes(results)).toEqual([]);
  });

  it('judges identities in system namespaces: grants someone added are critical, the cluster\'s own bindings are not assessed', () => {
    const results = runCheck(check, fixture('fail.system-namespace.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.namespace, r.resource.name, r.severity ?? check.severity])).toEqual([
      ['fail', 'Group', undefined, 'system:serviceaccounts:kube-public', 'critical'],
      ['fail', 'ServiceAccount', 'kube-system', 'default', 'critical'],
      ['fail', 'ServiceAccount', 'kube-system', 'job-controller', 'critical'],
      ['fail', 'ServiceAccount', 'kube-system', 'superadmin', 'critical'],
    ]);
    expect(results[1]!.message).toContain('ClusterRoleBinding add-on-admin → ClusterRole cluster-admin');
  });

  it('treats a manifest that redefines cluster-admin with harmless rules as cluster-admin (the API server restores its rules at start-up)', () => {
    const results = runCheck(check, fixture('fail.redefined-cluster-admin.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.name])).toEqual([['fail', 'User', 'mallory@example.com']]);
    expect(results[0]!.message).toContain('ClusterRoleBinding mallory-readonly → ClusterRole cluster-admin');
  });

  it('takes cluster-admin as written when its autoupdate annotation is "false"', () => {
    expect(runCheck(check, fixture('pass.autoupdate-false.yaml')).map((r) => [r.status, r.resource.name])).toEqual([['pass', 'auditor@example.com']]);
  });

  it('passes namespace-scoped use of cluster-admin, narrower roles and system:masters', () => {
    const results = runCheck(check, fixture('pass.least-privilege.yaml'));
    expect(failures(results)).toEqual([]);
    expect(passes(results).map((r) => r.resource.name)).toEqual(['auditors', 'jane@example.com']);
  });

  it("does not assess kubeadm's own administrator group (kubeadm:cluster-admins, the admin.conf identity since v1.29)", () => {
    expect(runCheck(check, fixture('pass.kubeadm-cluster-admins.yaml'))).toEqual([]);
  });

  it("does not assess EKS's own identities (eks:addon-manager is bound to cluster-admin on every EKS cluster)", () => {
    const results = runCheck(check, fixture('pass.eks-managed.yaml'));
    expect(results.map((r) => [r.status, r.resource.kind, r.resource.name])).toEqual([['fail', 'Group', 'eks-admins']]);
  });

  it('gives no verdict on bindings RBAC never matches (no subjects, ServiceAccount without namespace)', () => {
    expect(runCheck(check, fixture('pass.unset.yaml'))).toEqual([]);
  });

  it('is not applicable when bindings could not be read', () => {
    const snapshot = fixture('fail.cluster-admin.yaml');
    const gapped = { ...snapshot, coverage: { gaps: [{ resource: 'clusterrolebindings', reason: 'forbidden' as const, message: 'no' }] } };
    expect(runCheck(check, gapped).map((r) => [r.status, r.resource.kind])).toEqual([['not-applicable', 'Cluster']]);
  });
});
