/**
 * The whole authorization section against the RBAC objects that managed and packaged distributions
 * create on every cluster (GKE, AKS, k3s, RKE2) and that the user cannot remove: no failures. Objects
 * that borrow those names but differ in binding, role, subject or role content are still judged.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from './index';
import { failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/_distributions', name));
const failed = (name: string): string[] => {
  const snapshot = fixture(name);
  return checks.flatMap((check) => failures(runCheck(check, snapshot)).map((r) => `${check.id} ${r.resource.kind} ${r.resource.name}`)).sort();
};

describe('authorization checks on distribution built-ins', () => {
  it("does not report GKE's kubelet-cluster-admin (User kubelet → system:node) or kube-apiserver-kubelet-api-admin (User kube-apiserver → kubelet-api-admin)", () => {
    expect(failed('gke.yaml')).toEqual([]);
  });

  it("does not report AKS's aks-cluster-admin-binding (clusterAdmin, clusterUser), the Entra ID admin groups of aks-cluster-admin-binding-aad, or aks-service-rolebinding (aks-support)", () => {
    expect(failed('aks.yaml')).toEqual([]);
  });

  it("does not report k3s's kube-apiserver-kubelet-admin, k3s-cloud-controller-manager or local-path-provisioner-role", () => {
    expect(failed('k3s.yaml')).toEqual([]);
  });

  it("does not report RKE2's kube-apiserver-kubelet-admin or rke2-cloud-controller-manager", () => {
    expect(failed('rke2.yaml')).toEqual([]);
  });

  it('still judges look-alikes: another binding name, another subject, a non-object-ID group, a widened role', () => {
    expect(failed('look-alikes.yaml')).toEqual([
      'rbac-cluster-admin-binding Group platform-admins',
      'rbac-cluster-admin-binding User kubelet',
      'rbac-cluster-admin-binding User ops@example.com',
      'rbac-escalate-bind-impersonate User aks-support',
      'rbac-node-proxy User mallory',
      'rbac-secrets-access User k3s-cloud-controller-manager',
      'rbac-wildcard-permissions ClusterRole k3s-cloud-controller-manager',
    ]);
  });
});
