/**
 * analyzeRbac: effective permissions of every subject, computed once per snapshot.
 *
 * Semantics (the RBAC authorizer's):
 * - A ClusterRoleBinding grants its ClusterRole's rules cluster-wide. It can only reference a
 *   ClusterRole.
 * - A RoleBinding grants the rules of a Role in its own namespace, or of a ClusterRole, in its own
 *   namespace only.
 * - A binding whose role does not exist grants nothing; it is kept as dangling (it would start
 *   granting as soon as a role of that name is created). Exception: outside live clusters, a
 *   missing cluster-admin/admin/edit/view (or one of the bootstrap roles of the default bindings to
 *   everyone, such as system:discovery) is assumed to have its Kubernetes default definition
 *   (lib/rbac/bootstrap.ts; the role is marked `assumed`).
 * - A built-in ClusterRole present in the snapshot is taken as the API server leaves it after its
 *   start-up reconciliation (unless annotated rbac.authorization.kubernetes.io/autoupdate: "false"):
 *   missing default rules and aggregation selectors are added back (role marked `reconciled`), and
 *   the aggregate-to-* roles a restored aggregation needs are assumed when absent, in every source.
 * - Non-resource URLs are only reachable through ClusterRoleBindings.
 * - A subject is "system" (not assessed by the checks) when isSystemSubject says so, except that
 *   a system-namespace identity (kube-system service accounts, ...) is system only while every
 *   binding naming it is the cluster's or its distribution's own (lib/rbac/distributions.ts).
 * - Subjects: see resolveBindingSubject (service-account namespace defaulting, `system:serviceaccount:`
 *   users) and implicitGroups (system:serviceaccounts[:ns], system:authenticated, system:unauthenticated).
 */
import type { RbacV1Subject, V1RoleRef } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { missingBuiltInClusterRoles, reconcileBuiltInClusterRoles } from './bootstrap';
import { analyzeRoles } from './roles';
import { matchRisks } from './risks';
import { isBuiltInBinding } from './distributions';
import { bindingKey, implicitGroups, isSystemNamespaceIdentity, isSystemSubject, resolveBindingSubject, roleKey, subjectKey } from './subjects';
import type { AnalyzedBinding, AnalyzedRole, BindingRef, Grant, RbacAnalysis, RoleRef, Scope, Subject, SubjectAnalysis } from './types';

interface RawBinding {
  ref: BindingRef;
  roleRef?: V1RoleRef;
  subjects?: RbacV1Subject[];
}

function analyzeBinding(raw: RawBinding, rolesByKey: ReadonlyMap<string, AnalyzedRole>): AnalyzedBinding {
  const namespace = raw.ref.kind === 'RoleBinding' ? raw.ref.namespace : undefined;
  const roleKind = raw.roleRef?.kind === 'Role' ? 'Role' : 'ClusterRole';
  const roleRef: RoleRef = roleKind === 'Role' ? { kind: 'Role', name: raw.roleRef?.name ?? '', namespace } : { kind: 'ClusterRole', name: raw.roleRef?.name ?? '' };
  const scope: Scope = namespace === undefined ? { kind: 'cluster' } : { kind: 'namespace', namespace };
  const subjects: Subject[] = [];
  const seen = new Set<string>();
  const ignoredSubjects: AnalyzedBinding['ignoredSubjects'] = [];
  for (const entry of raw.subjects ?? []) {
    const resolution = resolveBindingSubject(entry, namespace);
    if ('ignored' in resolution) {
      ignoredSubjects.push({ subject: { kind: entry.kind, name: entry.name, namespace: entry.namespace }, reason: resolution.ignored });
      continue;
    }
    const key = subjectKey(resolution.subject);
    if (seen.has(key)) continue;
    seen.add(key);
    subjects.push(resolution.subject);
  }
  let invalidReason: string | undefined;
  if (raw.roleRef?.kind !== 'Role' && raw.roleRef?.kind !== 'ClusterRole') invalidReason = `roleRef kind "${raw.roleRef?.kind ?? ''}" is neither Role nor ClusterRole`;
  else if (raw.ref.kind === 'ClusterRoleBinding' && raw.roleRef.kind === 'Role') invalidReason = 'a ClusterRoleBinding can only reference a ClusterRole';
  const key = roleKey(roleRef);
  return {
    key: bindingKey(raw.ref),
    ref: raw.ref,
    roleRef,
    roleKey: key,
    scope,
    subjects,
    ignoredSubjects,
    dangling: invalidReason === undefined && !rolesByKey.has(key),
    invalidReason,
  };
}

function indexKey(grant: Grant): string[] {
  if (grant.resources.length === 0) return grant.nonResourceURLs.length > 0 ? ['/'] : [];
  const keys = new Set<string>();
  for (const entry of grant.resources) {
    const slash = entry.indexOf('/');
    keys.add(slash === -1 ? entry : entry.slice(0, slash));
  }
  if (grant.nonResourceURLs.length > 0) keys.add('/');
  return [...keys];
}

export function analyzeRbac(snapshot: ClusterSnapshot): RbacAnalysis {
  const { roles: rawRoles, clusterRoles, roleBindings, clusterRoleBindings, serviceAccounts } = snapshot.objects;
  // The API server restores the built-in roles at start-up: a manifest cannot narrow them.
  const { roles: reconciledClusterRoles, reconciled } = reconcileBuiltInClusterRoles(clusterRoles);
  // Manifests and partial dumps reference cluster-admin/admin/edit/view without defining them; a
  // restored aggregation (any source) needs its aggregate-to-* roles, which the API server restores too.
  const referenced = snapshot.source.type === 'cluster' ? [] : [...clusterRoleBindings, ...roleBindings].filter((b) => b.roleRef?.kind === 'ClusterRole').map((b) => b.roleRef.name);
  const assumedRoles = missingBuiltInClusterRoles(referenced, new Set(clusterRoles.map((r) => r.metadata?.name ?? '')), reconciled);
  const roles = analyzeRoles(rawRoles, [...reconciledClusterRoles, ...assumedRoles]);
  for (const role of roles) {
    if (role.ref.kind !== 'ClusterRole') continue;
    if (assumedRoles.some((a) => a.metadata?.name === role.ref.name)) role.assumed = true;
    if (reconciled.includes(role.ref.name)) role.reconciled = true;
  }
  const rolesByKey = new Map(roles.map((role) => [role.key, role]));

  const rawBindings: RawBinding[] = [
    ...clusterRoleBindings.map((b) => ({ ref: { kind: 'ClusterRoleBinding' as const, name: b.metadata?.name ?? '' }, roleRef: b.roleRef, subjects: b.subjects })),
    ...roleBindings.map((b) => ({
      ref: { kind: 'RoleBinding' as const, name: b.metadata?.name ?? '', namespace: b.metadata?.namespace || 'default' },
      roleRef: b.roleRef,
      subjects: b.subjects,
    })),
  ];
  const bindings: AnalyzedBinding[] = [];
  const bindingsByKey = new Map<string, AnalyzedBinding>();
  for (const raw of rawBindings) {
    const binding = analyzeBinding(raw, rolesByKey);
    if (bindingsByKey.has(binding.key)) continue; // duplicate object in manifests: the first wins
    bindings.push(binding);
    bindingsByKey.set(binding.key, binding);
  }

  // Grants, held by the subject each binding names.
  const grants: Grant[] = [];
  const direct = new Map<string, { subject: Subject; grants: Grant[]; bindings: string[] }>();
  const holder = (subject: Subject) => {
    const key = subjectKey(subject);
    let entry = direct.get(key);
    if (!entry) {
      entry = { subject, grants: [], bindings: [] };
      direct.set(key, entry);
    }
    return entry;
  };
  for (const binding of bindings) {
    const role = rolesByKey.get(binding.roleKey);
    if (role) role.boundBy.push(binding.key);
    for (const subject of binding.subjects) holder(subject).bindings.push(binding.key);
    if (!role || binding.invalidReason) continue;
    for (const rule of role.rules) {
      // Non-resource URLs have no namespace: a RoleBinding never grants them.
      const nonResourceURLs = binding.scope.kind === 'cluster' ? rule.nonResourceURLs : [];
      if (rule.resources.length === 0 && nonResourceURLs.length === 0) continue;
      const aggregatedFrom = rule.origin.kind === role.ref.kind && rule.origin.name === role.ref.name ? undefined : rule.origin;
      for (const subject of binding.subjects) {
        const grant: Grant = {
          subject,
          verbs: rule.verbs,
          apiGroups: rule.apiGroups,
          resources: rule.resources,
          resourceNames: rule.resourceNames,
          nonResourceURLs,
          scope: binding.scope,
          via: {
            binding: binding.ref,
            role: role.ref,
            ruleIndex: rule.index,
            ...(aggregatedFrom ? { aggregatedFrom } : {}),
            ...(subject.kind === 'Group' ? { group: subject.name } : {}),
          },
        };
        grants.push(grant);
        holder(subject).grants.push(grant);
      }
    }
  }

  // Subjects: everyone a binding names, plus every ServiceAccount object (it may hold grants
  // only through its implicit groups).
  const existingServiceAccounts = new Set<string>();
  for (const sa of serviceAccounts) {
    const subject: Subject = { kind: 'ServiceAccount', namespace: sa.metadata?.namespace || 'default', name: sa.metadata?.name ?? '' };
    existingServiceAccounts.add(subjectKey(subject));
    holder(subject);
  }
  const subjects: SubjectAnalysis[] = [];
  const subjectsByKey = new Map<string, SubjectAnalysis>();
  for (const [key, entry] of direct) {
    const inheritedGroups = implicitGroups(entry.subject).filter((group) => direct.has(subjectKey({ kind: 'Group', name: group })));
    const effective = [...entry.grants];
    for (const group of inheritedGroups) effective.push(...direct.get(subjectKey({ kind: 'Group', name: group }))!.grants);
    const analysis: SubjectAnalysis = {
      key,
      subject: entry.subject,
      directGrants: entry.grants,
      inheritedGroups,
      grants: effective,
      bindings: entry.bindings,
      risks: matchRisks(effective),
      isSystem:
        isSystemSubject(entry.subject) &&
        (!isSystemNamespaceIdentity(entry.subject) || entry.bindings.every((b) => isBuiltInBinding(bindingsByKey.get(b)!, entry.subject))),
      ...(entry.subject.kind === 'ServiceAccount' ? { exists: existingServiceAccounts.has(key) } : {}),
    };
    subjects.push(analysis);
    subjectsByKey.set(key, analysis);
  }

  const grantsByResource = new Map<string, Grant[]>();
  for (const grant of grants) {
    for (const key of indexKey(grant)) {
      let list = grantsByResource.get(key);
      if (!list) grantsByResource.set(key, (list = []));
      list.push(grant);
    }
  }

  return {
    roles,
    rolesByKey,
    bindings,
    bindingsByKey,
    danglingBindings: bindings.filter((b) => b.dangling || b.invalidReason !== undefined),
    subjects,
    subjectsByKey,
    grants,
    grantsByResource,
  };
}
