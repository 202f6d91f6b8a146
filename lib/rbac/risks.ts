/**
 * The catalog of risky permissions (data) and its matcher. A risk is matched against grants with
 * the authorizer's semantics (lib/rbac/match.ts): wildcards count, `pods` does not cover
 * `pods/exec`, a RoleBinding never reaches cluster-scoped resources, and grants limited by
 * `resourceNames` are reported apart as "restricted" (they cannot cover `create` at all).
 */
import type { Severity } from '../vocabulary';
import { reachableFromNamespace, ruleAllowsIgnoringNames } from './match';
import type { Grant, RiskMatch } from './types';

export interface RiskTarget {
  apiGroup: string;
  resource: string;
  subresource?: string;
  verbs: string[];
}

export interface RiskDefinition {
  id: string;
  title: string;
  severity: Severity;
  /** Why holding this permission is dangerous, in a sentence or two. */
  explanation: string;
  /** Any of these (verb, resource) pairs. */
  targets: RiskTarget[];
  /** Additionally required, possibly through another grant of the same subject (e.g. CSR approval also needs `approve` on a signer). */
  alsoRequires?: RiskTarget[];
  /** A custom predicate instead of / besides targets. */
  matches?: (grant: Grant) => 'full' | 'restricted' | 'none';
  /**
   * Held inside kube-system ('namespace'), or also cluster-wide ('namespace-or-cluster'), the
   * permission reaches the controllers' service accounts (their tokens, pods and secrets): a
   * cluster takeover, rated critical (takesOverControlPlane).
   */
  controlPlaneReach?: 'namespace' | 'namespace-or-cluster';
}

const CORE = '';
const WORKLOAD_RESOURCES: Array<[string, string]> = [
  [CORE, 'pods'],
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  [CORE, 'replicationcontrollers'],
];

function isWildcardResourceEntry(entry: string): boolean {
  return entry === '*' || entry.startsWith('*/');
}

export const RISKS: readonly RiskDefinition[] = [
  {
    id: 'cluster-admin',
    title: 'Cluster-admin equivalent',
    severity: 'critical',
    explanation: 'Every verb on every resource of every API group across the cluster: full control, including reading all secrets and changing RBAC itself.',
    targets: [],
    matches: (grant) =>
      grant.scope.kind === 'cluster' && grant.verbs.includes('*') && grant.apiGroups.includes('*') && grant.resources.includes('*') && grant.resourceNames.length === 0
        ? 'full'
        : 'none',
  },
  {
    id: 'secrets-read',
    controlPlaneReach: 'namespace',
    title: 'Read secrets',
    severity: 'high',
    explanation: 'get, list or watch on secrets returns their values: credentials, tokens and keys (list and watch return every secret in scope).',
    targets: [{ apiGroup: CORE, resource: 'secrets', verbs: ['get', 'list', 'watch'] }],
  },
  {
    id: 'pod-exec',
    controlPlaneReach: 'namespace',
    title: 'Exec or attach into pods',
    severity: 'high',
    explanation: 'pods/exec and pods/attach (and adding debug containers through pods/ephemeralcontainers) run commands inside running containers, with their service-account token, mounted secrets and network position.',
    targets: [
      { apiGroup: CORE, resource: 'pods', subresource: 'exec', verbs: ['create', 'get'] },
      { apiGroup: CORE, resource: 'pods', subresource: 'attach', verbs: ['create', 'get'] },
      { apiGroup: CORE, resource: 'pods', subresource: 'ephemeralcontainers', verbs: ['update', 'patch'] },
    ],
  },
  {
    id: 'workload-create',
    controlPlaneReach: 'namespace',
    title: 'Create workloads',
    severity: 'medium',
    explanation: 'Creating pods or pod controllers lets the holder run any image as any service account of the namespace and mount any of its secrets, so it holds every permission of those service accounts.',
    targets: WORKLOAD_RESOURCES.map(([apiGroup, resource]) => ({ apiGroup, resource, verbs: ['create'] })),
  },
  {
    id: 'escalate-bind',
    controlPlaneReach: 'namespace',
    title: 'Escalate or bind roles',
    severity: 'high',
    explanation: 'escalate lets the holder write roles with permissions it does not have; bind lets it bind roles it does not hold. Either bypasses RBAC privilege-escalation prevention.',
    targets: [
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['escalate', 'bind'] },
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', verbs: ['escalate', 'bind'] },
    ],
  },
  {
    id: 'impersonate',
    controlPlaneReach: 'namespace',
    title: 'Impersonate users, groups or service accounts',
    severity: 'high',
    explanation: 'impersonate lets the holder act as another user, group or service account (for example system:masters) and so gain all of its permissions.',
    targets: [
      { apiGroup: CORE, resource: 'users', verbs: ['impersonate'] },
      { apiGroup: CORE, resource: 'groups', verbs: ['impersonate'] },
      { apiGroup: CORE, resource: 'serviceaccounts', verbs: ['impersonate'] },
      { apiGroup: 'authentication.k8s.io', resource: 'uids', verbs: ['impersonate'] },
    ],
  },
  {
    id: 'nodes-proxy',
    title: 'Kubelet API through nodes/proxy',
    severity: 'high',
    explanation: 'nodes/proxy reaches the kubelet API of every node, which can run commands in any pod on it and bypasses admission and audit of the API server.',
    targets: [{ apiGroup: CORE, resource: 'nodes', subresource: 'proxy', verbs: ['get', 'create', 'update', 'patch', 'delete'] }],
  },
  {
    id: 'wildcard',
    title: 'Wildcard verb or resource',
    severity: 'medium',
    explanation: 'A `*` verb or resource grants everything that exists now and everything added later (new subresources, CRDs), which is never least privilege.',
    targets: [],
    matches: (grant) => {
      if (grant.resources.length === 0) return 'none';
      if (!grant.verbs.includes('*') && !grant.resources.some(isWildcardResourceEntry)) return 'none';
      return grant.resourceNames.length === 0 ? 'full' : 'restricted';
    },
  },
  {
    id: 'serviceaccount-token-create',
    controlPlaneReach: 'namespace-or-cluster',
    title: 'Create service-account tokens',
    severity: 'high',
    explanation: 'create on serviceaccounts/token mints a token for a service account, so the holder gains that service account\'s permissions.',
    targets: [{ apiGroup: CORE, resource: 'serviceaccounts', subresource: 'token', verbs: ['create'] }],
  },
  {
    id: 'admission-webhook-write',
    title: 'Write admission webhook configurations',
    severity: 'high',
    explanation: 'Writing mutating or validating webhook configurations, or admission policies and their bindings, lets the holder intercept or rewrite every object sent to the API server, or switch off admission guardrails.',
    targets: [
      { apiGroup: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', verbs: ['create', 'update', 'patch', 'delete'] },
      { apiGroup: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', verbs: ['create', 'update', 'patch', 'delete'] },
      // In-process admission policies (CEL): a binding decides where a policy is enforced, so
      // deleting or narrowing one switches a guardrail off; mutating policies rewrite objects.
      ...['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'].map((resource) => ({
        apiGroup: 'admissionregistration.k8s.io',
        resource,
        verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      })),
      { apiGroup: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', verbs: ['deletecollection'] },
      { apiGroup: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', verbs: ['deletecollection'] },
    ],
  },
  {
    id: 'persistentvolume-create',
    title: 'Create persistent volumes',
    severity: 'medium',
    explanation: 'A PersistentVolume can point at a hostPath, so creating one (and a claim on it) gives a pod access to the node filesystem.',
    targets: [{ apiGroup: CORE, resource: 'persistentvolumes', verbs: ['create'] }],
  },
  {
    id: 'pod-port-forward',
    title: 'Port-forward into pods',
    severity: 'medium',
    explanation: 'pods/portforward opens a tunnel to any port of a pod in scope, from inside the pod\'s network namespace: NetworkPolicies do not apply and ports bound to localhost (admin consoles, debug endpoints, databases) become reachable.',
    // kubectl uses POST (create); WebSocket clients connect with GET, which older API servers authorise as get.
    targets: [{ apiGroup: CORE, resource: 'pods', subresource: 'portforward', verbs: ['create', 'get'] }],
  },
  {
    id: 'csr-approve',
    title: 'Approve certificate signing requests',
    severity: 'high',
    explanation: 'Approving CSRs (update on certificatesigningrequests/approval plus approve on a signer) lets the holder issue client certificates, for example for a system:masters identity.',
    targets: [{ apiGroup: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'approval', verbs: ['update', 'patch'] }],
    alsoRequires: [{ apiGroup: 'certificates.k8s.io', resource: 'signers', verbs: ['approve'] }],
  },
];

export const RISKS_BY_ID: ReadonlyMap<string, RiskDefinition> = new Map(RISKS.map((risk) => [risk.id, risk]));

/** The namespace of the controllers' service accounts (clusterrole-aggregation-controller can escalate, ...). */
export const CONTROL_PLANE_NAMESPACE = 'kube-system';

/** Do these grants of the risk reach the control plane's service accounts (see controlPlaneReach)? */
export function takesOverControlPlane(riskId: string, grants: readonly Grant[]): boolean {
  const reach = RISKS_BY_ID.get(riskId)?.controlPlaneReach;
  if (!reach) return false;
  return grants.some((g) => (g.scope.kind === 'namespace' ? g.scope.namespace === CONTROL_PLANE_NAMESPACE : reach === 'namespace-or-cluster'));
}

const NAMELESS_VERBS: ReadonlySet<string> = new Set(['create', 'deletecollection']);

/** How a grant covers one risk target: on any object, only on named objects, or not at all. */
export function grantMatchesTarget(grant: Grant, target: RiskTarget): 'full' | 'restricted' | 'none' {
  let best: 'full' | 'restricted' | 'none' = 'none';
  for (const verb of target.verbs) {
    const request = { verb, apiGroup: target.apiGroup, resource: target.resource, subresource: target.subresource };
    if (grant.scope.kind === 'namespace' && !reachableFromNamespace(request)) continue;
    if (!ruleAllowsIgnoringNames(grant, request)) continue;
    if (grant.resourceNames.length === 0) return 'full';
    // create / deletecollection of a collection carry no object name: resourceNames never match them.
    if (!target.subresource && NAMELESS_VERBS.has(verb)) continue;
    best = 'restricted';
  }
  return best;
}

export function grantMatchesRisk(grant: Grant, risk: RiskDefinition): 'full' | 'restricted' | 'none' {
  let best: 'full' | 'restricted' | 'none' = risk.matches ? risk.matches(grant) : 'none';
  if (best === 'full') return best;
  for (const target of risk.targets) {
    const match = grantMatchesTarget(grant, target);
    if (match === 'full') return 'full';
    if (match === 'restricted') best = 'restricted';
  }
  return best;
}

/** The risks a set of grants (one subject's effective permissions) carries. */
export function matchRisks(grants: readonly Grant[], risks: readonly RiskDefinition[] = RISKS): RiskMatch[] {
  const matches: RiskMatch[] = [];
  for (const risk of risks) {
    const full: Grant[] = [];
    const restricted: Grant[] = [];
    for (const grant of grants) {
      const match = grantMatchesRisk(grant, risk);
      if (match === 'full') full.push(grant);
      else if (match === 'restricted') restricted.push(grant);
    }
    if (full.length === 0 && restricted.length === 0) continue;
    if (risk.alsoRequires && !grants.some((grant) => risk.alsoRequires!.some((target) => grantMatchesTarget(grant, target) !== 'none'))) continue;
    matches.push({ riskId: risk.id, grants: full, restrictedGrants: restricted });
  }
  return matches;
}
