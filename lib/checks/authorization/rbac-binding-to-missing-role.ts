import { formatBinding, formatRole, formatSubject, isBroadSubject, isDefaultClusterRoleName, RBAC_API_VERSION, type AnalyzedBinding, type RbacAnalysis } from '../../rbac';
import type { ClusterSnapshot } from '../../k8s/snapshot';
import { isSystemNamespace } from '../../k8s/system';
import type { Check, CheckResult, ResourceRef } from '../types';
import { rbacCoverageGap } from './_shared/rbac';

function bindingResource(binding: AnalyzedBinding): ResourceRef {
  return { apiVersion: RBAC_API_VERSION, kind: binding.ref.kind, ...(binding.ref.namespace ? { namespace: binding.ref.namespace } : {}), name: binding.ref.name };
}

/** ClusterRoles the API server, kubeadm or EKS create themselves. */
const INSTALLER_ROLE_PREFIXES = ['system:', 'kubeadm:', 'eks:'];

/**
 * Can the snapshot tell that the role is missing? A live cluster's snapshot holds every role.
 * Manifests and dumps hold only what was written or exported: a missing role counts only where
 * they define roles of that kind (Roles of that namespace unless it is a system namespace, ClusterRoles other than the system:*, kubeadm:*
 * and eks:* ones, which the cluster and its installer create).
 */
function roleCoverage(snapshot: ClusterSnapshot, rbac: RbacAnalysis, binding: AnalyzedBinding): string | undefined {
  if (snapshot.source.type === 'cluster') return undefined;
  const { roleRef } = binding;
  if (roleRef.kind === 'Role') {
    if (isSystemNamespace(roleRef.namespace)) return `Roles in ${roleRef.namespace ?? ''} (extension-apiserver-authentication-reader, the leader-locking and bootstrap roles, kubeadm's) are created by the cluster and its installer`;
    return rbac.roles.some((r) => r.ref.kind === 'Role' && r.ref.namespace === roleRef.namespace)
      ? undefined
      : `the scanned objects define no Role in namespace ${roleRef.namespace ?? ''}, so it may be defined elsewhere`;
  }
  if (INSTALLER_ROLE_PREFIXES.some((prefix) => roleRef.name.startsWith(prefix))) {
    return 'ClusterRoles named system:*, kubeadm:* or eks:* are created by the cluster and its installer, not by the manifests that bind them';
  }
  return rbac.roles.some((r) => r.ref.kind === 'ClusterRole' && !r.assumed) ? undefined : 'the scanned objects define no ClusterRole, so it may be defined elsewhere';
}

function deleteCommand(binding: AnalyzedBinding): string {
  return binding.ref.kind === 'RoleBinding' ? `kubectl -n ${binding.ref.namespace ?? 'default'} delete rolebinding ${binding.ref.name}` : `kubectl delete clusterrolebinding ${binding.ref.name}`;
}

export const check: Check = {
  id: 'rbac-binding-to-missing-role',
  title: 'Binding references a role that does not exist',
  section: 'authorization',
  severity: 'low',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds RoleBindings and ClusterRoleBindings that name subjects but whose roleRef points at a Role or ClusterRole that is not there. The default ClusterRoles (cluster-admin, admin, edit, view and the discovery roles) always exist. ' +
    'On a live cluster every role is in the snapshot, so every such binding is judged. In manifests and dumps a missing role counts only where the scanned objects define roles of that kind (a Role in the binding\'s namespace other than kube-system, kube-public and kube-node-lease, a ClusterRole not named system:*, kubeadm:* or eks:*); otherwise the binding gets a not-applicable result saying why. ' +
    'A binding naming a broad group (system:authenticated, system:serviceaccounts, ...) is rated medium.',
  rationale:
    'A binding to a missing role grants nothing today, but RBAC resolves the roleRef on every request: the moment someone creates a role of that name — a later chart, an operator, or an attacker who may create roles — its rules go to the binding\'s subjects, and nobody reviews the binding again. ' +
    'Such bindings are usually typos or leftovers of an uninstalled application; guide 3.3 asks that every binding grant exactly what its subject needs, which a dangling binding cannot show.',
  remediation: {
    steps: [
      'Check whether the role was renamed, never installed or removed with its application (`kubectl get role,clusterrole | grep <name>`).',
      'If the binding is a leftover, delete it; if the name is a typo, fix roleRef (roleRef cannot be changed in place: delete the binding and create it again).',
      'If the role is installed later on purpose, apply the role before the binding so the grant is reviewed together.',
    ],
    kubectl: 'kubectl -n <namespace> delete rolebinding <name>\nkubectl delete clusterrolebinding <name>',
  },
  evaluate(ctx) {
    const gap = rbacCoverageGap(ctx.snapshot, 'whether bindings reference existing roles');
    if (gap) return gap;
    const results: CheckResult[] = [];
    for (const binding of [...ctx.rbac.bindings].sort((a, b) => a.key.localeCompare(b.key))) {
      if (binding.subjects.length === 0 || binding.invalidReason !== undefined) continue;
      const resource = bindingResource(binding);
      const role = formatRole(binding.roleRef);
      const exists = !binding.dangling || (binding.roleRef.kind === 'ClusterRole' && isDefaultClusterRoleName(binding.roleRef.name));
      if (exists) {
        results.push({ status: 'pass', resource, message: `${formatBinding(binding.ref)} references ${role}, which exists.` });
        continue;
      }
      const unknown = roleCoverage(ctx.snapshot, ctx.rbac, binding);
      if (unknown) {
        results.push({ status: 'not-applicable', resource, message: `${formatBinding(binding.ref)} references ${role}, which is not among the scanned objects; ${unknown}.`, evidence: { role } });
        continue;
      }
      const subjects = binding.subjects.map(formatSubject);
      const result: CheckResult = {
        status: 'fail',
        resource,
        message: `${formatBinding(binding.ref)} references ${role}, which does not exist: it grants nothing today, and whoever creates that ${binding.roleRef.kind} later hands its rules to ${subjects.join(', ')}.`,
        evidence: { role, subjects, kubectl: deleteCommand(binding) },
      };
      if (binding.subjects.some(isBroadSubject)) result.severity = 'medium';
      results.push(result);
    }
    return results;
  },
};
