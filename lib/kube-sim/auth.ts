/**
 * Bearer-token authentication and a small authorizer: the admin token may do anything; other
 * tokens carry allow- or deny-lists of (group, resource[/subresource], namespace, verb) rules and
 * get the API server's 403 wording when a request falls outside them.
 */

/** A rule matches a request when every field it sets matches ('*' matches anything). */
export interface AccessRule {
  /** API group ('' = core). */
  group?: string;
  /** Plural resource, optionally with a subresource: "secrets", "nodes/proxy", "pods/exec". */
  resource?: string;
  namespace?: string;
  verb?: string;
}

export interface SimToken {
  token: string;
  /** Username the API server would report, e.g. "system:serviceaccount:rampart:scanner". */
  user: string;
  groups?: string[];
  /** When set, only requests matching one of these rules are allowed. */
  allow?: AccessRule[];
  /** Requests matching one of these rules are forbidden (checked after `allow`). */
  deny?: AccessRule[];
}

export interface RequestAttributes {
  verb: string;
  group: string;
  /** Plural resource without subresource. */
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** A read-only scanner identity that may not read Secrets, RBAC objects or the kubelet's proxy. */
export const RESTRICTED_SCANNER: Omit<SimToken, 'token'> = {
  user: 'system:serviceaccount:rampart:restricted-scanner',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:rampart', 'system:authenticated'],
  deny: [{ resource: 'secrets' }, { group: 'rbac.authorization.k8s.io' }, { resource: 'nodes/proxy' }],
};

function fieldMatches(ruleValue: string | undefined, actual: string | undefined): boolean {
  return ruleValue === undefined || ruleValue === '*' || ruleValue === (actual ?? '');
}

export function ruleMatches(rule: AccessRule, req: RequestAttributes): boolean {
  const resource = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const resourceOk =
    rule.resource === undefined ||
    rule.resource === '*' ||
    rule.resource === resource ||
    // As in RBAC, "pods" does not cover "pods/log"; "pods/*" covers every subresource of pods.
    (rule.resource.endsWith('/*') && resource.startsWith(rule.resource.slice(0, -1)));
  return resourceOk && fieldMatches(rule.group, req.group) && fieldMatches(rule.namespace, req.namespace) && fieldMatches(rule.verb, req.verb);
}

export function isAllowed(token: SimToken, req: RequestAttributes): boolean {
  if (token.allow && !token.allow.some((r) => ruleMatches(r, req))) return false;
  if (token.deny?.some((r) => ruleMatches(r, req))) return false;
  return true;
}

/** The API server's Forbidden message for these request attributes. */
export function forbiddenMessage(user: string, req: RequestAttributes): string {
  const resource = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  // Like the API server: the resource is qualified with its group ("roles.rbac.authorization.k8s.io").
  const qualified = req.group ? `${req.resource}.${req.group}` : req.resource;
  const subject = req.name ? `${qualified} "${req.name}"` : qualified;
  const scope = req.namespace ? `in the namespace "${req.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${req.verb} resource "${resource}" in API group "${req.group}" ${scope}`;
}

/** Extracts the bearer token of an Authorization header (undefined when absent or not Bearer). */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1] : undefined;
}
