/**
 * Kubernetes' default user-facing ClusterRoles (cluster-admin, admin, edit, view) and the
 * bootstrap roles of the default bindings to everyone (system:public-info-viewer,
 * system:discovery, system:basic-user, system:service-account-issuer-discovery), for snapshots
 * that do not contain them. A live cluster always has them (the API server reconciles them at
 * start-up); a directory of manifests almost never does, yet its bindings reference them. Without
 * a definition such a binding would look dangling and grant nothing, which is the opposite of the
 * truth, so Rampart assumes the upstream definition and marks the role as assumed.
 *
 * The definitions follow the upstream bootstrap policy's structure: admin, edit and view are
 * aggregated ClusterRoles whose rules come from system:aggregate-to-{admin,edit,view} (and from
 * any custom ClusterRole labelled to aggregate into them); view is labelled to aggregate into edit,
 * and edit into admin. The rule lists cover the built-in API
 * groups; they are a faithful summary, not a byte-for-byte copy of any one Kubernetes release.
 */
import type { V1ClusterRole, V1PolicyRule } from '@kubernetes/client-node';
import { ruleAllowsIgnoringNames, ruleAllowsURL } from './match';
import type { PolicyRule } from './types';

const AGG = 'rbac.authorization.k8s.io/aggregate-to-';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const rule = (apiGroups: string[], resources: string[], verbs: string[]): V1PolicyRule => ({ apiGroups, resources, verbs });

function clusterRole(name: string, labels: Record<string, string>, rules: V1PolicyRule[], aggregateFrom?: string): V1ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels } },
    ...(aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}${aggregateFrom}`]: 'true' } }] } } : {}),
    rules,
  };
}

const AGGREGATE_TO_VIEW = clusterRole('system:aggregate-to-view', { [`${AGG}view`]: 'true' }, [
  rule(
    [''],
    [
      'pods', 'pods/log', 'pods/status', 'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status',
      'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'serviceaccounts', 'services',
      'services/status', 'bindings', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status',
    ],
    READ,
  ),
  rule(
    ['apps'],
    [
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
      'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ],
    READ,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
]);

const AGGREGATE_TO_EDIT = clusterRole('system:aggregate-to-edit', { [`${AGG}edit`]: 'true' }, [
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  rule([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule(
    [''],
    ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
    WRITE,
  ),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule([''], ['pods/eviction'], ['create']),
  rule(['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['coordination.k8s.io'], ['leases'], [...READ, ...WRITE]),
]);

const AGGREGATE_TO_ADMIN = clusterRole('system:aggregate-to-admin', { [`${AGG}admin`]: 'true' }, [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], [...READ, ...WRITE]),
]);

const CLUSTER_ADMIN = clusterRole('cluster-admin', {}, [
  rule(['*'], ['*'], ['*']),
  { nonResourceURLs: ['*'], verbs: ['*'] },
]);

// The chain: admin aggregates `aggregate-to-admin` (edit, system:aggregate-to-admin); edit aggregates
// `aggregate-to-edit` (view, system:aggregate-to-edit); view aggregates `aggregate-to-view`.
const VIEW = clusterRole('view', { [`${AGG}edit`]: 'true' }, [], 'view');
const EDIT = clusterRole('edit', { [`${AGG}admin`]: 'true' }, [], 'edit');
const ADMIN = clusterRole('admin', {}, [], 'admin');

// The bootstrap roles every caller holds through the default bindings (system:authenticated,
// system:unauthenticated, system:serviceaccounts). A dump of bindings alone names them; without a
// definition those default bindings would look dangling.
const HEALTH_AND_VERSION_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const PUBLIC_INFO_VIEWER = clusterRole('system:public-info-viewer', {}, [{ nonResourceURLs: HEALTH_AND_VERSION_URLS, verbs: ['get'] }]);
const DISCOVERY = clusterRole('system:discovery', {}, [
  { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', ...HEALTH_AND_VERSION_URLS, '/openapi', '/openapi/*'], verbs: ['get'] },
]);
const BASIC_USER = clusterRole('system:basic-user', {}, [
  rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
  rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
]);
const SERVICE_ACCOUNT_ISSUER_DISCOVERY = clusterRole('system:service-account-issuer-discovery', {}, [
  { nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'], verbs: ['get'] },
]);

/** Name → the built-in ClusterRoles needed to define it. */
const DEFINITIONS: Record<string, V1ClusterRole[]> = {
  'system:public-info-viewer': [PUBLIC_INFO_VIEWER],
  'system:discovery': [DISCOVERY],
  'system:basic-user': [BASIC_USER],
  'system:service-account-issuer-discovery': [SERVICE_ACCOUNT_ISSUER_DISCOVERY],
  'cluster-admin': [CLUSTER_ADMIN],
  admin: [ADMIN, AGGREGATE_TO_ADMIN, EDIT, AGGREGATE_TO_EDIT, VIEW, AGGREGATE_TO_VIEW],
  edit: [EDIT, AGGREGATE_TO_EDIT, VIEW, AGGREGATE_TO_VIEW],
  view: [VIEW, AGGREGATE_TO_VIEW],
};

/**
 * The default ClusterRoles that `referenced` names but `present` lacks, with the roles their
 * aggregation needs (each once, never one that is present). For the names in `restored` (built-in
 * roles present but reconciled, see reconcileBuiltInClusterRoles) only the roles their
 * aggregation needs are added.
 */
export function missingBuiltInClusterRoles(referenced: Iterable<string>, present: ReadonlySet<string>, restored: Iterable<string> = []): V1ClusterRole[] {
  const out = new Map<string, V1ClusterRole>();
  const restoredNames = new Set(restored);
  for (const name of [...referenced, ...restoredNames]) {
    if (!Object.hasOwn(DEFINITIONS, name) || (present.has(name) && !restoredNames.has(name))) continue;
    for (const role of DEFINITIONS[name]!) {
      const roleName = role.metadata!.name!;
      if (!present.has(roleName) && !out.has(roleName)) out.set(roleName, role);
    }
  }
  return [...out.values()];
}

/** Set to "false" on a built-in role, it stops the API server from reconciling that role. */
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

const DEFAULT_ROLES: ReadonlyMap<string, V1ClusterRole> = new Map(Object.values(DEFINITIONS).flat().map((role) => [role.metadata!.name!, role]));

const asPolicyRule = (rule: V1PolicyRule): PolicyRule => ({
  verbs: rule.verbs ?? [],
  apiGroups: rule.apiGroups ?? [],
  resources: rule.resources ?? [],
  resourceNames: rule.resourceNames ?? [],
  nonResourceURLs: rule.nonResourceURLs ?? [],
});

/** Does `own` already allow everything `rule` allows (however the rules are split or written)? */
function coveredBy(rule: V1PolicyRule, own: readonly PolicyRule[]): boolean {
  const unrestricted = own.filter((o) => o.resourceNames.length === 0);
  for (const verb of rule.verbs ?? []) {
    for (const url of rule.nonResourceURLs ?? []) if (!unrestricted.some((o) => ruleAllowsURL(o, verb, url))) return false;
    for (const apiGroup of rule.apiGroups ?? []) {
      for (const entry of rule.resources ?? []) {
        const [resource, subresource] = entry.split('/', 2) as [string, string | undefined];
        if (!unrestricted.some((o) => ruleAllowsIgnoringNames(o, { verb, apiGroup, resource, subresource }))) return false;
      }
    }
  }
  return true;
}
const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/**
 * The built-in ClusterRoles as the API server leaves them after its start-up reconciliation: for
 * every built-in role whose `rbac.authorization.kubernetes.io/autoupdate` annotation is not
 * "false", the default rules it does not already allow are added back (extra rules stay) and so is the default
 * aggregation selector. A manifest that "redefines" cluster-admin or edit with harmless rules
 * therefore does not make a binding to it harmless.
 *
 * Applied alike to live clusters, dumps and manifests, so the same objects give the same verdicts
 * however they were read (a live role someone narrowed after the API server started is narrowed
 * only until its next restart). Returns the roles (reconciled ones replaced by copies) and the
 * reconciled names.
 */
export function reconcileBuiltInClusterRoles(present: readonly V1ClusterRole[]): { roles: V1ClusterRole[]; reconciled: string[] } {
  const reconciled: string[] = [];
  const roles = present.map((role) => {
    const name = role.metadata?.name ?? '';
    const builtIn = DEFAULT_ROLES.get(name);
    if (!builtIn || role.metadata?.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return role;
    const own = (role.rules ?? []).map(asPolicyRule);
    const missingRules = (builtIn.rules ?? []).filter((rule) => !coveredBy(rule, own));
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    const missingSelectors = (builtIn.aggregationRule?.clusterRoleSelectors ?? []).filter(
      (selector) => !selectors.some((own) => sameLabels(own.matchLabels, selector.matchLabels) && (own.matchExpressions ?? []).length === 0),
    );
    if (missingRules.length === 0 && missingSelectors.length === 0) return role;
    reconciled.push(name);
    return {
      ...role,
      rules: [...(role.rules ?? []), ...missingRules],
      ...(missingSelectors.length > 0 ? { aggregationRule: { clusterRoleSelectors: [...selectors, ...missingSelectors] } } : {}),
    };
  });
  return { roles, reconciled };
}

/** Is this one of the default ClusterRoles every cluster has (cluster-admin, admin, edit, view, the discovery roles, the aggregate-to-* roles)? */
export function isDefaultClusterRoleName(name: string): boolean {
  return DEFAULT_ROLES.has(name);
}
