/**
 * Subjects: identity keys, how a binding's subject entry is matched by the RBAC authorizer,
 * implicit group membership and which subjects count as "system".
 */
import type { RbacV1Subject } from '@kubernetes/client-node';
import type { ResourceRef, Severity } from '../vocabulary';
import { isSystemNamespace, isSystemSubjectName } from '../k8s/system';
import type { BindingRef, RoleRef, Scope, Subject } from './types';

export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/** Well-known groups every authenticated / unauthenticated request carries. */
export const GROUP_AUTHENTICATED = 'system:authenticated';
export const GROUP_UNAUTHENTICATED = 'system:unauthenticated';
export const GROUP_ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const USER_ANONYMOUS = 'system:anonymous';
const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
export const SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX = 'system:serviceaccounts:';

export function subjectKey(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
}

export function roleKey(ref: RoleRef): string {
  return ref.kind === 'Role' ? `Role:${ref.namespace ?? ''}/${ref.name}` : `ClusterRole:${ref.name}`;
}

export function bindingKey(ref: BindingRef): string {
  return ref.kind === 'RoleBinding' ? `RoleBinding:${ref.namespace ?? ''}/${ref.name}` : `ClusterRoleBinding:${ref.name}`;
}

export function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** `system:serviceaccount:<ns>:<name>` → the service account it authenticates as. */
export function serviceAccountFromUsername(username: string): Subject | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return undefined;
  const rest = username.slice(SERVICE_ACCOUNT_USER_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { kind: 'ServiceAccount', namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

export type SubjectResolution = { subject: Subject } | { ignored: string };

/**
 * How the RBAC authorizer matches one `subjects[]` entry of a binding:
 * - ServiceAccount: `namespace` defaults to the RoleBinding's own namespace when omitted; in a
 *   ClusterRoleBinding a ServiceAccount without namespace matches nobody.
 * - User `system:serviceaccount:<ns>:<name>` is the username of that service account, so it is
 *   folded into the ServiceAccount subject.
 * - User and Group names match exactly (no wildcards); any other kind matches nobody.
 */
export function resolveBindingSubject(raw: RbacV1Subject, bindingNamespace: string | undefined): SubjectResolution {
  const name = raw.name ?? '';
  if (name === '') return { ignored: 'subject has no name' };
  switch (raw.kind) {
    case 'ServiceAccount': {
      const namespace = raw.namespace || bindingNamespace;
      if (!namespace) return { ignored: 'ServiceAccount subject without namespace in a ClusterRoleBinding matches no service account' };
      return { subject: { kind: 'ServiceAccount', namespace, name } };
    }
    case 'User': {
      const sa = serviceAccountFromUsername(name);
      return { subject: sa ?? { kind: 'User', name } };
    }
    case 'Group':
      return { subject: { kind: 'Group', name } };
    default:
      return { ignored: `unknown subject kind "${raw.kind ?? ''}"` };
  }
}

/**
 * Groups a subject belongs to without any binding saying so:
 * every service account is in `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
 * `system:authenticated`; every authenticated user in `system:authenticated`; the anonymous
 * user in `system:unauthenticated`. (Membership of other groups comes from the authenticator
 * and is invisible in the cluster's objects.)
 */
export function implicitGroups(subject: Subject): string[] {
  switch (subject.kind) {
    case 'ServiceAccount':
      return [GROUP_ALL_SERVICE_ACCOUNTS, `${SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX}${subject.namespace ?? ''}`, GROUP_AUTHENTICATED];
    case 'User':
      return subject.name === USER_ANONYMOUS ? [GROUP_UNAUTHENTICATED] : [GROUP_AUTHENTICATED];
    case 'Group':
      return [];
  }
}

/**
 * Groups and users that stand for many (or unknown) identities at once. They carry `system:`
 * names but are never exempt from checks: a grant to them reaches every member.
 */
export function isBroadSubject(subject: Subject): boolean {
  if (subject.kind === 'User') return subject.name === USER_ANONYMOUS;
  if (subject.kind !== 'Group') return false;
  if (subject.name === GROUP_AUTHENTICATED || subject.name === GROUP_UNAUTHENTICATED || subject.name === GROUP_ALL_SERVICE_ACCOUNTS) return true;
  if (subject.name.startsWith(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX)) {
    return !isSystemNamespace(subject.name.slice(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX.length));
  }
  return false;
}

/**
 * The severity of a risky permission held by this subject: a risk granted to everyone (a broad
 * subject) is critical whatever the permission's own severity. The authorization checks give
 * their findings this severity and the RBAC explorer ranks subjects by it.
 */
export function subjectRiskSeverity(subject: Subject, severity: Severity): Severity {
  return isBroadSubject(subject) ? 'critical' : severity;
}

/**
 * The rule for "system" subjects (deliberately not flagged for what they legitimately hold):
 * - `system:*` users and groups (control-plane components, nodes, `system:masters`, bootstrappers),
 *   per lib/k8s/system.ts;
 * - service accounts in system namespaces (kube-system, kube-public, kube-node-lease);
 * - the managed provider's own agents (`eks:*` users and groups on EKS);
 * except the broad subjects (`system:anonymous`, `system:unauthenticated`, `system:authenticated`,
 * `system:serviceaccounts`, `system:serviceaccounts:<application namespace>`), which are always checked.
 */
export function isSystemSubject(subject: Subject): boolean {
  if (isBroadSubject(subject)) return false;
  if (isManagedProviderIdentity(subject)) return true;
  return isSystemSubjectName(subject.kind, subject.name, subject.namespace);
}

/**
 * Identities that live in a system namespace: its service accounts and the group of all of them
 * (`system:serviceaccounts:kube-system`). They are system subjects only while every binding that
 * names them is one the cluster or its distribution creates (lib/rbac/distributions.ts
 * isBuiltInBinding); a grant anyone else added makes them assessed like any other subject.
 */
export function isSystemNamespaceIdentity(subject: Subject): boolean {
  if (subject.kind === 'ServiceAccount') return isSystemNamespace(subject.namespace);
  return subject.kind === 'Group' && subject.name.startsWith(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX) && isSystemNamespace(subject.name.slice(SERVICE_ACCOUNT_NAMESPACE_GROUP_PREFIX.length));
}

/**
 * Users and groups of a managed control plane's own agents. EKS names its components `eks:*`
 * (the add-on manager, certificate controller, node manager, ...) and binds them itself, e.g.
 * ClusterRoleBinding eks:addon-cluster-admin → cluster-admin → User eks:addon-manager on every
 * cluster; EKS does not let customers map IAM identities to `eks:` names.
 */
const MANAGED_PROVIDER_PREFIXES = ['eks:'];

function isManagedProviderIdentity(subject: Subject): boolean {
  return (subject.kind === 'User' || subject.kind === 'Group') && MANAGED_PROVIDER_PREFIXES.some((prefix) => subject.name.startsWith(prefix));
}

/** The resource a finding about a subject names (docs/ARCHITECTURE.md, "Walk-through: adding a check"). */
export function subjectResource(subject: Subject): ResourceRef {
  if (subject.kind === 'ServiceAccount') return { apiVersion: 'v1', kind: 'ServiceAccount', namespace: subject.namespace, name: subject.name };
  return { apiVersion: RBAC_API_VERSION, kind: subject.kind, name: subject.name };
}

export function roleResource(ref: RoleRef): ResourceRef {
  return ref.kind === 'Role'
    ? { apiVersion: RBAC_API_VERSION, kind: 'Role', namespace: ref.namespace, name: ref.name }
    : { apiVersion: RBAC_API_VERSION, kind: 'ClusterRole', name: ref.name };
}

export function formatSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

export function formatRole(ref: RoleRef): string {
  return ref.kind === 'Role' ? `Role ${ref.namespace}/${ref.name}` : `ClusterRole ${ref.name}`;
}

export function formatBinding(ref: BindingRef): string {
  return ref.kind === 'RoleBinding' ? `RoleBinding ${ref.namespace}/${ref.name}` : `ClusterRoleBinding ${ref.name}`;
}

export function formatScope(scope: Scope): string {
  return scope.kind === 'cluster' ? 'cluster-wide' : `namespace ${scope.namespace}`;
}
