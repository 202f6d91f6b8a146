/**
 * The part of a scan's RBAC artifact that a viewer limited to some namespaces of the cluster may
 * see (a team member whose teams own namespaces, not the whole cluster). Pure; the explorer's
 * model is then built from it like from any artifact, so every view (summary, graph, who-can,
 * risky subjects, escalations, changes, subjects) shows the same part.
 *
 * What stays:
 * - every binding that lives in one of the namespaces, with all its subjects (who can act there
 *   through the namespace's own RoleBindings);
 * - every other binding (ClusterRoleBindings, RoleBindings elsewhere) reduced to the subjects that
 *   are the namespaces' own: their ServiceAccounts and the groups those belong to by definition
 *   (system:serviceaccounts:<ns>, system:serviceaccounts, system:authenticated). So a ServiceAccount
 *   of theirs shows everything it can do, wherever granted;
 * - the roles those bindings reference, the ClusterRoles aggregated into them and the namespaces'
 *   own Roles; the namespaces' ServiceAccounts, workloads, Services and Ingresses.
 * What goes: grants to anyone else (other namespaces' accounts, users and groups bound cluster-wide),
 * even where their power reaches the namespaces, and everything about other namespaces. When in
 * doubt the viewer sees less: escalation routes and risks are computed over what stays.
 */
import type { RbacV1Subject, V1ClusterRole, V1ClusterRoleBinding, V1RoleBinding } from '@kubernetes/client-node';
import { selectorMatches } from '../../k8s/label-selector';
import { missingBuiltInClusterRoles, reconcileBuiltInClusterRoles } from '../bootstrap';
import { GROUP_ALL_SERVICE_ACCOUNTS, GROUP_AUTHENTICATED, resolveBindingSubject, SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX } from '../subjects';
import type { RbacArtifact } from './artifact';

export function artifactWithin(artifact: RbacArtifact, sees: (namespace: string) => boolean): RbacArtifact {
  const serviceAccounts = artifact.serviceAccounts.filter((sa) => sees(sa.namespace));
  const workloads = artifact.workloads.filter((w) => sees(w.namespace));
  // Accounts of the namespaces (listed or not) are in these groups by definition.
  const hasAccounts = serviceAccounts.length > 0 || workloads.length > 0;
  const theirs = (entry: RbacV1Subject, bindingNamespace: string | undefined): boolean => {
    const r = resolveBindingSubject(entry, bindingNamespace);
    if ('ignored' in r) return false;
    if (r.subject.kind === 'ServiceAccount') return sees(r.subject.namespace ?? '');
    if (r.subject.kind !== 'Group') return false;
    const name = r.subject.name;
    if (name.startsWith(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX)) return sees(name.slice(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX.length));
    return hasAccounts && (name === GROUP_ALL_SERVICE_ACCOUNTS || name === GROUP_AUTHENTICATED);
  };
  const narrowed = <B extends V1RoleBinding | V1ClusterRoleBinding>(b: B, namespace: string | undefined): B | null => {
    const subjects = (b.subjects ?? []).filter((s) => theirs(s, namespace));
    return subjects.length ? { ...b, subjects } : null;
  };

  const roleBindings = artifact.roleBindings.flatMap((b) => {
    const namespace = b.metadata?.namespace || 'default';
    if (sees(namespace)) return [b];
    const kept = narrowed(b, namespace);
    return kept ? [kept] : [];
  });
  const clusterRoleBindings = artifact.clusterRoleBindings.flatMap((b) => {
    const kept = narrowed(b, undefined);
    return kept ? [kept] : [];
  });

  const referencedRoles = new Set(roleBindings.filter((b) => b.roleRef?.kind === 'Role').map((b) => `${b.metadata?.namespace || 'default'}/${b.roleRef.name}`));
  const roles = artifact.roles.filter((r) => sees(r.metadata?.namespace || 'default') || referencedRoles.has(`${r.metadata?.namespace || 'default'}/${r.metadata?.name ?? ''}`));
  const clusterRoleNames = new Set([...roleBindings, ...clusterRoleBindings].filter((b) => b.roleRef?.kind === 'ClusterRole').map((b) => b.roleRef.name));
  const clusterRoles = withAggregated(artifact.clusterRoles, clusterRoleNames, artifact.source.type !== 'cluster');

  return {
    ...artifact,
    roles,
    clusterRoles,
    roleBindings,
    clusterRoleBindings,
    serviceAccounts,
    workloads,
    services: artifact.services.filter((s) => sees(s.namespace)),
    ingresses: artifact.ingresses.filter((i) => sees(i.namespace)),
  };
}

/**
 * The ClusterRoles named, and (to a fixed point) those their aggregation rules select, the rules
 * read as the analysis does: built-in roles as the API server restores them, and outside live
 * clusters a referenced built-in that is absent as its default (lib/rbac/bootstrap.ts).
 */
function withAggregated(all: readonly V1ClusterRole[], names: Set<string>, assumeMissing: boolean): V1ClusterRole[] {
  const { roles: reconciled, reconciled: restored } = reconcileBuiltInClusterRoles(all);
  const known = [...reconciled, ...missingBuiltInClusterRoles(assumeMissing ? names : [], new Set(all.map((r) => r.metadata?.name ?? '')), restored)];
  const kept = new Set(names);
  for (let grew = true; grew; ) {
    grew = false;
    for (const role of known) {
      const selectors = role.aggregationRule?.clusterRoleSelectors;
      if (!selectors || !kept.has(role.metadata?.name ?? '')) continue;
      for (const candidate of known) {
        const name = candidate.metadata?.name ?? '';
        if (kept.has(name) || !selectors.some((s) => selectorMatches(s, candidate.metadata?.labels ?? {}))) continue;
        kept.add(name);
        grew = true;
      }
    }
  }
  return all.filter((r) => kept.has(r.metadata?.name ?? ''));
}
