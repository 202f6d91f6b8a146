/**
 * Bindings and roles that a Kubernetes distribution creates on every cluster and keeps there
 * (GKE's and AKS's addon manager reconciles them, k3s and RKE2 re-apply them at every server
 * start), so the user can neither remove nor narrow them. Their subjects are not `system:*`
 * names, so the subject rule (isSystemSubject) does not cover them.
 *
 * An exemption is deliberately narrow; a grant is the distribution's only when all of these hold:
 * - it comes from a ClusterRoleBinding of exactly that name,
 * - that binding references exactly that ClusterRole,
 * - the subject is exactly the distribution's identity,
 * - and only for the risks the distribution's own role carries (`risks`). A role of the same name
 *   that someone widened (say, aks-service with impersonate) is still reported for the extra risk.
 * Wildcard rules of a distribution role are exempt only when the rule stays within what the
 * distribution writes (`wildcards`) and every binding of the role is the distribution's own.
 *
 * Sources (read, not copied):
 * - GKE: kubernetes/kubernetes cluster/addons/rbac/legacy-kubelet-user/kubelet-binding.yaml
 *   (kubelet-cluster-admin → system:node → User kubelet, addonmanager mode Reconcile) and
 *   kubelet-api-auth/ (kube-apiserver-kubelet-api-admin → kubelet-api-admin: `*` on nodes/proxy,
 *   nodes/log, nodes/stats, nodes/metrics, nodes/spec → User kube-apiserver).
 * - AKS: aks-cluster-admin-binding → cluster-admin → Users clusterAdmin and clusterUser (the local
 *   accounts behind `az aks get-credentials`); aks-cluster-admin-binding-aad → cluster-admin → the
 *   Entra ID admin groups chosen for the cluster, named by object ID; aks-service-rolebinding →
 *   aks-service → User aks-support, which AKS documents as unable to modify permissions, create
 *   roles or bindings, or take other high-privilege actions.
 * - k3s: manifests/rolebindings.yaml (kube-apiserver-kubelet-admin → system:kubelet-api-admin →
 *   User kube-apiserver), manifests/ccm.yaml (k3s-cloud-controller-manager: `*` on nodes),
 *   manifests/local-storage.yaml (local-path-provisioner-role: `*` on endpoints, persistentvolumes,
 *   pods, bound to kube-system/local-path-provisioner-service-account).
 * - RKE2: pkg/rke2/clusterrole_bootstrap.go (kube-apiserver-kubelet-admin as in k3s;
 *   rke2-cloud-controller-manager: `*` on nodes and on apps daemonsets).
 */
import { CLUSTER_OWN_BINDINGS } from './bootstrap-bindings';
import type { AnalyzedBinding, AnalyzedRole, BindingRef, Grant, PolicyRule, RbacAnalysis, RoleRef, Subject } from './types';

interface WildcardAllowance {
  apiGroups: readonly string[];
  resources: readonly string[];
}

interface DistributionBinding {
  distribution: string;
  /** ClusterRoleBinding name. */
  binding: string;
  /** ClusterRole the binding references. */
  role: string;
  subject: (subject: Subject) => boolean;
  /** Risk ids (lib/rbac/risks.ts) the distribution's grant legitimately carries; 'all' for cluster-admin itself. */
  risks: readonly string[] | 'all';
  /** Wildcard rules the distribution writes in `role` (only for roles that are not `system:*`). */
  wildcards?: readonly WildcardAllowance[];
}

const user =
  (...names: string[]) =>
  (s: Subject): boolean =>
    s.kind === 'User' && names.includes(s.name);
const serviceAccount =
  (namespace: string, name: string) =>
  (s: Subject): boolean =>
    s.kind === 'ServiceAccount' && s.namespace === namespace && s.name === name;
/** Entra ID object IDs: the only names AKS puts in its admin-group binding. */
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const entraGroup = (s: Subject): boolean => s.kind === 'Group' && ENTRA_OBJECT_ID.test(s.name);

const KUBELET_API = ['nodes/proxy', 'nodes/log', 'nodes/stats', 'nodes/metrics', 'nodes/spec'];
/** What AKS documents aks-service cannot do: change permissions or take other high-privilege actions. */
const AKS_SERVICE_RISKS = ['secrets-read', 'pod-exec', 'workload-create', 'nodes-proxy', 'wildcard', 'serviceaccount-token-create', 'persistentvolume-create'];

const DISTRIBUTION_BINDINGS: readonly DistributionBinding[] = [
  { distribution: 'GKE', binding: 'kubelet-cluster-admin', role: 'system:node', subject: user('kubelet'), risks: ['secrets-read', 'workload-create', 'serviceaccount-token-create'] },
  {
    distribution: 'GKE',
    binding: 'kube-apiserver-kubelet-api-admin',
    role: 'kubelet-api-admin',
    subject: user('kube-apiserver'),
    risks: ['nodes-proxy', 'wildcard'],
    wildcards: [{ apiGroups: [''], resources: KUBELET_API }],
  },
  { distribution: 'AKS', binding: 'aks-cluster-admin-binding', role: 'cluster-admin', subject: user('clusterAdmin', 'clusterUser'), risks: 'all' },
  { distribution: 'AKS', binding: 'aks-cluster-admin-binding-aad', role: 'cluster-admin', subject: entraGroup, risks: 'all' },
  { distribution: 'AKS', binding: 'aks-service-rolebinding', role: 'aks-service', subject: user('aks-support'), risks: AKS_SERVICE_RISKS },
  { distribution: 'k3s/RKE2', binding: 'kube-apiserver-kubelet-admin', role: 'system:kubelet-api-admin', subject: user('kube-apiserver'), risks: ['nodes-proxy', 'wildcard'] },
  {
    distribution: 'k3s',
    binding: 'k3s-cloud-controller-manager',
    role: 'k3s-cloud-controller-manager',
    subject: user('k3s-cloud-controller-manager'),
    risks: ['wildcard'],
    wildcards: [{ apiGroups: [''], resources: ['nodes'] }],
  },
  {
    distribution: 'k3s',
    binding: 'local-path-provisioner-bind',
    role: 'local-path-provisioner-role',
    subject: serviceAccount('kube-system', 'local-path-provisioner-service-account'),
    risks: ['wildcard', 'workload-create', 'persistentvolume-create'],
    wildcards: [{ apiGroups: [''], resources: ['endpoints', 'persistentvolumes', 'pods'] }],
  },
  {
    distribution: 'RKE2',
    binding: 'rke2-cloud-controller-manager',
    role: 'rke2-cloud-controller-manager',
    subject: user('rke2-cloud-controller-manager'),
    risks: ['wildcard', 'workload-create'],
    wildcards: [
      { apiGroups: [''], resources: ['nodes'] },
      { apiGroups: ['apps'], resources: ['daemonsets'] },
    ],
  },
];

function entryFor(bindingKind: string, bindingName: string, roleKind: string, roleName: string, subject: Subject): DistributionBinding | undefined {
  if (bindingKind !== 'ClusterRoleBinding' || roleKind !== 'ClusterRole') return undefined;
  return DISTRIBUTION_BINDINGS.find((e) => e.binding === bindingName && e.role === roleName && e.subject(subject));
}

/** The risks a built-in binding (a distribution's or the cluster's own bootstrap binding) legitimately carries for `subject`. */
function builtInRisks(binding: BindingRef, role: RoleRef, subject: Subject): readonly string[] | 'all' | undefined {
  const distribution = entryFor(binding.kind, binding.name, role.kind, role.name, subject);
  if (distribution) return distribution.risks;
  const own = CLUSTER_OWN_BINDINGS.find(
    (e) =>
      e.bindingKind === binding.kind &&
      e.binding === binding.name &&
      (e.namespace ?? '') === (binding.namespace ?? '') &&
      e.roleKind === role.kind &&
      e.role === role.name &&
      e.subject(subject),
  );
  return own?.risks;
}

/** Is this grant a distribution's or the cluster's own, for this risk (see the rules above and lib/rbac/bootstrap-bindings.ts)? */
export function isDistributionGrant(grant: Grant, riskId: string): boolean {
  const risks = builtInRisks(grant.via.binding, grant.via.role, grant.subject);
  return risks !== undefined && (risks === 'all' || risks.includes(riskId));
}

/** Does this binding (by key) name `subject` only as a distribution's or the cluster's own built-in? */
export function isDistributionBindingOf(rbac: RbacAnalysis, bindingKey: string, subject: Subject): boolean {
  const binding = rbac.bindingsByKey.get(bindingKey);
  return binding !== undefined && isBuiltInBinding(binding, subject);
}

/** Does this binding name `subject` as a distribution's or the cluster's own built-in? */
export function isBuiltInBinding(binding: AnalyzedBinding, subject: Subject): boolean {
  return binding.invalidReason === undefined && builtInRisks(binding.ref, binding.roleRef, subject) !== undefined;
}

const subset = (values: readonly string[], allowed: readonly string[]): boolean => values.length > 0 && values.every((v) => allowed.includes(v));

/**
 * Is this wildcard rule of `role` one the distribution writes itself? Only when every binding of
 * the role is the distribution's own binding of it with only its own subjects, and the rule's
 * API groups and resources stay within what the distribution grants with `*`.
 */
export function isDistributionWildcardRule(rbac: RbacAnalysis, role: AnalyzedRole, rule: PolicyRule): boolean {
  if (role.ref.kind !== 'ClusterRole') return false;
  const entries = DISTRIBUTION_BINDINGS.filter((e) => e.role === role.ref.name && e.wildcards);
  if (entries.length === 0) return false;
  const ownBindings = role.boundBy.every((key) => {
    const binding = rbac.bindingsByKey.get(key);
    if (!binding || binding.ref.kind !== 'ClusterRoleBinding') return false;
    const entry = entries.find((e) => e.binding === binding.ref.name);
    return entry !== undefined && binding.ignoredSubjects.length === 0 && binding.subjects.every((s) => entry.subject(s));
  });
  if (!ownBindings) return false;
  return entries.some((e) => e.wildcards!.some((w) => subset(rule.apiGroups, w.apiGroups) && subset(rule.resources, w.resources) && rule.nonResourceURLs.length === 0));
}
