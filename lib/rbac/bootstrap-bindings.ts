/**
 * The bindings a Kubernetes cluster creates for the service accounts of its own components, in
 * kube-system and kube-public. They are judged like distribution bindings (lib/rbac/distributions.ts):
 * a grant is the cluster's own only when binding kind, name (and namespace), role and subject all
 * match, so a grant anyone added to a system-namespace identity — or a bootstrap binding name
 * reused with another role — is judged like any other.
 *
 * These grants carry wide powers by design (the garbage collector reads and deletes every kind,
 * the aggregation controller escalates ClusterRoles, the certificate controller approves CSRs), so
 * they are exempt from every risk except cluster-admin equivalence, which none of them has: a
 * bootstrap role widened into cluster-admin is still reported.
 *
 * Sources (read, not copied): the API server's bootstrap policy as published in
 * kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata
 * (controller-role-bindings.yaml, namespace-role-bindings.yaml, cluster-role-bindings.yaml:
 * system:kube-dns), kubeadm's add-on phase (ClusterRoleBindings kubeadm:node-proxier and
 * system:coredns) and the kube-up add-on manifest for kube-proxy (system:kube-proxy).
 */
import { RISKS } from './risks';
import type { BindingKind, RoleKind, Subject } from './types';

export interface ClusterOwnBinding {
  source: string;
  bindingKind: BindingKind;
  /** RoleBindings only. */
  namespace?: string;
  binding: string;
  roleKind: RoleKind;
  role: string;
  subject: (subject: Subject) => boolean;
  risks: readonly string[];
}

const ALL_BUT_CLUSTER_ADMIN: readonly string[] = RISKS.map((r) => r.id).filter((id) => id !== 'cluster-admin');

const kubeSystemAccount =
  (...names: string[]) =>
  (s: Subject): boolean =>
    s.kind === 'ServiceAccount' && s.namespace === 'kube-system' && names.includes(s.name);

/** kube-controller-manager's controllers, each running as kube-system/<name> with --use-service-account-credentials. */
const CONTROLLERS = [
  'attachdetach-controller', 'certificate-controller', 'clusterrole-aggregation-controller', 'cronjob-controller',
  'daemon-set-controller', 'deployment-controller', 'device-taint-eviction-controller', 'disruption-controller',
  'endpoint-controller', 'endpointslice-controller', 'endpointslicemirroring-controller', 'ephemeral-volume-controller',
  'expand-controller', 'generic-garbage-collector', 'horizontal-pod-autoscaler', 'job-controller',
  'legacy-service-account-token-cleaner', 'namespace-controller', 'node-controller', 'persistent-volume-binder',
  'pod-garbage-collector', 'podcheckpoint-controller', 'pv-protection-controller', 'pvc-protection-controller',
  'replicaset-controller', 'replication-controller', 'resource-claim-controller', 'resourcequota-controller',
  'root-ca-cert-publisher', 'route-controller', 'selinux-warning-controller', 'service-account-controller',
  'service-cidrs-controller', 'service-controller', 'statefulset-controller', 'ttl-after-finished-controller',
  'ttl-controller', 'validatingadmissionpolicy-status-controller', 'volumeattributesclass-protection-controller',
  // Feature-gated or older releases.
  'storage-version-garbage-collector', 'storage-version-migrator-controller', 'kube-apiserver-serving-clustertrustbundle-publisher',
  'podcertificaterequest-cleaner', 'cluster-trust-bundle-signer',
];

const controllerBinding = (name: string): ClusterOwnBinding => ({
  source: 'Kubernetes',
  bindingKind: 'ClusterRoleBinding',
  binding: `system:controller:${name}`,
  roleKind: 'ClusterRole',
  role: `system:controller:${name}`,
  subject: kubeSystemAccount(name),
  risks: ALL_BUT_CLUSTER_ADMIN,
});

const namespacedBinding = (namespace: string, name: string, subject: (s: Subject) => boolean): ClusterOwnBinding => ({
  source: 'Kubernetes',
  bindingKind: 'RoleBinding',
  namespace,
  binding: name,
  roleKind: 'Role',
  role: name,
  subject,
  risks: ALL_BUT_CLUSTER_ADMIN,
});

const clusterBinding = (source: string, binding: string, role: string, subject: (s: Subject) => boolean): ClusterOwnBinding => ({
  source,
  bindingKind: 'ClusterRoleBinding',
  binding,
  roleKind: 'ClusterRole',
  role,
  subject,
  risks: ALL_BUT_CLUSTER_ADMIN,
});

export const CLUSTER_OWN_BINDINGS: readonly ClusterOwnBinding[] = [
  ...CONTROLLERS.map(controllerBinding),
  namespacedBinding('kube-system', 'system:controller:bootstrap-signer', kubeSystemAccount('bootstrap-signer')),
  namespacedBinding('kube-public', 'system:controller:bootstrap-signer', kubeSystemAccount('bootstrap-signer')),
  namespacedBinding('kube-system', 'system:controller:cloud-provider', kubeSystemAccount('cloud-provider')),
  namespacedBinding('kube-system', 'system:controller:token-cleaner', kubeSystemAccount('token-cleaner')),
  namespacedBinding('kube-system', 'system::leader-locking-kube-controller-manager', kubeSystemAccount('kube-controller-manager', 'leader-election-controller')),
  namespacedBinding('kube-system', 'system::leader-locking-kube-scheduler', kubeSystemAccount('kube-scheduler')),
  clusterBinding('Kubernetes', 'system:kube-dns', 'system:kube-dns', kubeSystemAccount('kube-dns')),
  clusterBinding('kubeadm', 'kubeadm:node-proxier', 'system:node-proxier', kubeSystemAccount('kube-proxy')),
  clusterBinding('kube-up', 'system:kube-proxy', 'system:node-proxier', kubeSystemAccount('kube-proxy')),
  clusterBinding('kubeadm', 'system:coredns', 'system:coredns', kubeSystemAccount('coredns')),
];

/**
 * Roles the cluster creates in its system namespaces: the bootstrap policy's namespaced roles and
 * kubeadm's (its kubelet-config Role carried the minor version before 1.24).
 */
const CLUSTER_OWN_ROLES: Readonly<Record<string, readonly string[]>> = {
  'kube-system': [
    'extension-apiserver-authentication-reader', 'system::leader-locking-kube-controller-manager', 'system::leader-locking-kube-scheduler',
    'system:controller:bootstrap-signer', 'system:controller:cloud-provider', 'system:controller:token-cleaner',
    'kubeadm:kubelet-config', 'kubeadm:nodes-kubeadm-config', 'kube-proxy',
  ],
  'kube-public': ['system:controller:bootstrap-signer', 'kubeadm:bootstrap-signer-clusterinfo'],
};

/** Is this Role one the cluster (API server or kubeadm) creates in a system namespace? */
export function isClusterOwnRole(namespace: string | undefined, name: string): boolean {
  const names = CLUSTER_OWN_ROLES[namespace ?? ''];
  return names !== undefined && (names.includes(name) || (namespace === 'kube-system' && name.startsWith('kubeadm:kubelet-config-')));
}
