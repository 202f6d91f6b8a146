/**
 * Rule matching with the RBAC authorizer's semantics:
 * - verbs and apiGroups: exact or `*`;
 * - resources: `*` matches every resource and subresource, `pods/exec` must be named exactly
 *   (`pods` does not cover `pods/exec`), `*\/exec` matches the `exec` subresource of any resource;
 * - resourceNames: an empty list matches every object; a non-empty one only requests that carry
 *   one of those names, so it never covers `create` (no name yet), `list`/`watch` of a whole
 *   collection or `deletecollection`;
 * - nonResourceURLs: exact, `*`, or a trailing `*` as a prefix match; only ClusterRoleBindings
 *   can grant them (non-resource requests have no namespace).
 */
import type { PolicyRule, Scope } from './types';

export interface ResourceRequest {
  verb: string;
  /** API group; undefined = not known, matches any group the rule lists (see parseResource). */
  apiGroup?: string;
  resource: string;
  subresource?: string;
  /** Object name, when the request is about one named object. */
  name?: string;
}

const WILDCARD = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes(WILDCARD) || rule.verbs.includes(verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string | undefined): boolean {
  if (group === undefined) return rule.apiGroups.length > 0;
  return rule.apiGroups.includes(WILDCARD) || rule.apiGroups.includes(group);
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const entry of rule.resources) {
    if (entry === WILDCARD || entry === combined) return true;
    if (subresource && entry === `*/${subresource}`) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && name !== '' && rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  for (const entry of rule.nonResourceURLs) {
    if (entry === WILDCARD || entry === url) return true;
    if (entry.endsWith(WILDCARD) && url.startsWith(entry.slice(0, -1))) return true;
  }
  return false;
}

/** Does the rule allow the request, ignoring resourceNames? */
export function ruleAllowsIgnoringNames(rule: PolicyRule, request: ResourceRequest): boolean {
  return verbMatches(rule, request.verb) && apiGroupMatches(rule, request.apiGroup) && resourceMatches(rule, request.resource, request.subresource);
}

export function ruleAllows(rule: PolicyRule, request: ResourceRequest): boolean {
  return ruleAllowsIgnoringNames(rule, request) && resourceNameMatches(rule, request.name);
}

export function ruleAllowsURL(rule: PolicyRule, verb: string, url: string): boolean {
  return verbMatches(rule, verb) && nonResourceURLMatches(rule, url);
}

/** API group of well-known resources, so `deployments` resolves like `kubectl auth can-i` does. */
const KNOWN_RESOURCE_GROUPS: Record<string, string> = {
  pods: '', services: '', endpoints: '', configmaps: '', secrets: '', serviceaccounts: '', namespaces: '', nodes: '',
  persistentvolumes: '', persistentvolumeclaims: '', replicationcontrollers: '', events: '', limitranges: '', resourcequotas: '',
  podtemplates: '', users: '', groups: '', uids: '', userextras: '', componentstatuses: '', bindings: '',
  deployments: 'apps', daemonsets: 'apps', statefulsets: 'apps', replicasets: 'apps', controllerrevisions: 'apps',
  jobs: 'batch', cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io', clusterrolebindings: 'rbac.authorization.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io', validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  validatingadmissionpolicies: 'admissionregistration.k8s.io', validatingadmissionpolicybindings: 'admissionregistration.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io', signers: 'certificates.k8s.io',
  networkpolicies: 'networking.k8s.io', ingresses: 'networking.k8s.io', ingressclasses: 'networking.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io', storageclasses: 'storage.k8s.io', csidrivers: 'storage.k8s.io',
  horizontalpodautoscalers: 'autoscaling', poddisruptionbudgets: 'policy', leases: 'coordination.k8s.io',
  tokenreviews: 'authentication.k8s.io', selfsubjectreviews: 'authentication.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io', selfsubjectaccessreviews: 'authorization.k8s.io',
  selfsubjectrulesreviews: 'authorization.k8s.io', localsubjectaccessreviews: 'authorization.k8s.io',
  priorityclasses: 'scheduling.k8s.io', runtimeclasses: 'node.k8s.io',
};

/** Cluster-scoped built-in resources: a RoleBinding's (namespaced) grant never reaches them. */
const CLUSTER_SCOPED_RESOURCES: ReadonlySet<string> = new Set([
  'nodes', 'namespaces', 'persistentvolumes', 'componentstatuses', 'users', 'groups', 'uids', 'userextras',
  'clusterroles', 'clusterrolebindings', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
  'certificatesigningrequests', 'signers',
  'customresourcedefinitions', 'storageclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'ingressclasses',
  'priorityclasses', 'runtimeclasses', 'apiservices', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews',
  'selfsubjectrulesreviews', 'selfsubjectreviews',
]);

export function isClusterScopedResource(resource: string): boolean {
  return CLUSTER_SCOPED_RESOURCES.has(resource);
}

/**
 * Can a namespace-scoped grant (a RoleBinding) ever authorise this request? Not for cluster-scoped
 * resources, except `bind` on clusterroles: creating a RoleBinding to a ClusterRole is checked for
 * `bind` in the RoleBinding's namespace.
 */
export function reachableFromNamespace(request: Pick<ResourceRequest, 'verb' | 'resource'>): boolean {
  if (!isClusterScopedResource(request.resource)) return true;
  return request.verb === 'bind' && request.resource === 'clusterroles';
}

/** Does a grant scope cover a request in `namespace` (undefined: a cluster-wide request)? */
export function scopeCovers(scope: Scope, namespace: string | undefined): boolean {
  if (scope.kind === 'cluster') return true;
  return namespace !== undefined && scope.namespace === namespace;
}

/**
 * Parses `kubectl auth can-i` style resources: `pods`, `pods/exec`, `deployments.apps`,
 * `deployments.apps/scale`. The group comes from the `.group` suffix, else the table of
 * well-known resources; for other plain names it stays undefined (any group).
 */
export function parseResource(text: string): { resource: string; subresource?: string; apiGroup?: string } {
  const slash = text.indexOf('/');
  const base = slash === -1 ? text : text.slice(0, slash);
  const subresource = slash === -1 ? undefined : text.slice(slash + 1) || undefined;
  const dot = base.indexOf('.');
  const resource = dot === -1 ? base : base.slice(0, dot);
  const apiGroup = dot !== -1 ? base.slice(dot + 1) : Object.hasOwn(KNOWN_RESOURCE_GROUPS, resource) ? KNOWN_RESOURCE_GROUPS[resource] : undefined;
  return { resource, subresource, apiGroup };
}
