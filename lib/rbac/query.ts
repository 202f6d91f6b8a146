/**
 * can / whoCan over an RbacAnalysis.
 *
 * `resource` is written as for `kubectl auth can-i`: `pods`, `pods/exec`, `deployments.apps`,
 * or a non-resource URL starting with `/` (`/metrics`). `namespace` undefined asks about a
 * cluster-wide request (all namespaces, or a cluster-scoped resource); a namespace asks about
 * that namespace, where cluster-wide grants count too; `options.anyNamespace` asks "in at least one
 * namespace" (every grant counts, its scope says where). For cluster-scoped resources the namespace
 * is ignored (a RoleBinding cannot reach them) except `bind` on clusterroles.
 *
 * resourceNames: without `options.name` the question is "any object", and a grant limited to
 * named objects does not answer it; such grants are returned apart as `restrictedGrants`
 * (the subject can, but only for those names). With `options.name` they count when the name is listed.
 */
import { isClusterScopedResource, parseResource, reachableFromNamespace, ruleAllows, ruleAllowsIgnoringNames, ruleAllowsURL, scopeCovers, type ResourceRequest } from './match';
import { implicitGroups, subjectKey } from './subjects';
import type { Grant, RbacAnalysis, Subject } from './types';

export interface AccessOptions {
  /** API group, overriding the one parsed from `resource`. */
  apiGroup?: string;
  /** A single object's name (resourceNames-restricted grants then count when they list it). */
  name?: string;
  /** "In at least one namespace": grants of any scope count (`namespace` is then ignored). */
  anyNamespace?: boolean;
}

export interface WhoCanOptions extends AccessOptions {
  /**
   * Also list every known subject that holds the permission only through an implicit group
   * (each service account for a grant to system:serviceaccounts, ...). Default false: the group
   * itself is listed once.
   */
  expandGroups?: boolean;
}

export interface AccessDecision {
  allowed: boolean;
  /** Grants that allow the request (for the object named, or for any object). */
  grants: Grant[];
  /** Grants that would allow it only for the named objects in their resourceNames. */
  restrictedGrants: Grant[];
}

export interface WhoCanEntry extends AccessDecision {
  subject: Subject;
}

interface CompiledQuery {
  verb: string;
  url?: string;
  request?: ResourceRequest;
  namespace?: string;
  anyNamespace: boolean;
}

function compile(verb: string, resource: string, namespace: string | undefined, options: AccessOptions): CompiledQuery {
  if (resource.startsWith('/')) return { verb, url: resource, anyNamespace: false };
  const parsed = parseResource(resource);
  const request: ResourceRequest = {
    verb,
    resource: parsed.resource,
    subresource: parsed.subresource,
    apiGroup: options.apiGroup ?? parsed.apiGroup,
    name: options.name,
  };
  const clusterOnly = isClusterScopedResource(parsed.resource) && !reachableFromNamespace(request);
  return { verb, request, namespace: clusterOnly ? undefined : namespace, anyNamespace: !clusterOnly && options.anyNamespace === true };
}

/** How one grant answers the query: allows, allows only for named objects, or not. */
function evaluate(grant: Grant, query: CompiledQuery): 'allow' | 'restricted' | 'none' {
  if (query.url !== undefined) return grant.scope.kind === 'cluster' && ruleAllowsURL(grant, query.verb, query.url) ? 'allow' : 'none';
  const request = query.request!;
  if (!query.anyNamespace && !scopeCovers(grant.scope, query.namespace)) return 'none';
  if (ruleAllows(grant, request)) return 'allow';
  if (request.name === undefined && grant.resourceNames.length > 0 && ruleAllowsIgnoringNames(grant, request)) {
    // create / deletecollection of a collection never carry a name.
    if (!request.subresource && (request.verb === 'create' || request.verb === 'deletecollection')) return 'none';
    return 'restricted';
  }
  return 'none';
}

function decide(grants: readonly Grant[], query: CompiledQuery): AccessDecision {
  const allowing: Grant[] = [];
  const restricted: Grant[] = [];
  for (const grant of grants) {
    const outcome = evaluate(grant, query);
    if (outcome === 'allow') allowing.push(grant);
    else if (outcome === 'restricted') restricted.push(grant);
  }
  return { allowed: allowing.length > 0, grants: allowing, restrictedGrants: restricted };
}

/** The effective grants of a subject, including its implicit groups' even when it is named in no binding. */
export function effectiveGrants(analysis: RbacAnalysis, subject: Subject): Grant[] {
  const known = analysis.subjectsByKey.get(subjectKey(subject));
  if (known) return known.grants;
  const grants: Grant[] = [];
  for (const group of implicitGroups(subject)) {
    const entry = analysis.subjectsByKey.get(subjectKey({ kind: 'Group', name: group }));
    if (entry) grants.push(...entry.directGrants);
  }
  return grants;
}

/** Can `subject` perform `verb` on `resource` (in `namespace`)? With the grants that allow it. */
export function can(analysis: RbacAnalysis, subject: Subject, verb: string, resource: string, namespace?: string, options: AccessOptions = {}): AccessDecision {
  return decide(effectiveGrants(analysis, subject), compile(verb, resource, namespace, options));
}

function candidateGrants(analysis: RbacAnalysis, query: CompiledQuery): Grant[] {
  if (query.url !== undefined) return analysis.grantsByResource.get('/') ?? [];
  const specific = analysis.grantsByResource.get(query.request!.resource) ?? [];
  const wildcard = query.request!.resource === '*' ? [] : (analysis.grantsByResource.get('*') ?? []);
  return specific.length === 0 ? wildcard : wildcard.length === 0 ? specific : [...specific, ...wildcard];
}

/**
 * Every subject that can perform `verb` on `resource` (in `namespace`), each with the grants
 * (binding → role → rule) that allow it. Subjects that can only for named objects are included
 * with `allowed: false` and their `restrictedGrants`.
 */
export function whoCan(analysis: RbacAnalysis, verb: string, resource: string, namespace?: string, options: WhoCanOptions = {}): WhoCanEntry[] {
  const query = compile(verb, resource, namespace, options);
  const bySubject = new Map<string, WhoCanEntry>();
  for (const grant of candidateGrants(analysis, query)) {
    const outcome = evaluate(grant, query);
    if (outcome === 'none') continue;
    const key = subjectKey(grant.subject);
    let entry = bySubject.get(key);
    if (!entry) bySubject.set(key, (entry = { subject: grant.subject, allowed: false, grants: [], restrictedGrants: [] }));
    if (outcome === 'allow') {
      entry.allowed = true;
      entry.grants.push(grant);
    } else entry.restrictedGrants.push(grant);
  }
  if (options.expandGroups) {
    const groupEntries = [...bySubject.values()].filter((entry) => entry.subject.kind === 'Group');
    if (groupEntries.length > 0) {
      for (const subject of analysis.subjects) {
        if (subject.subject.kind === 'Group') continue;
        for (const group of subject.inheritedGroups) {
          const groupEntry = bySubject.get(subjectKey({ kind: 'Group', name: group }));
          if (!groupEntry) continue;
          let entry = bySubject.get(subject.key);
          if (!entry) bySubject.set(subject.key, (entry = { subject: subject.subject, allowed: false, grants: [], restrictedGrants: [] }));
          entry.allowed ||= groupEntry.allowed;
          entry.grants.push(...groupEntry.grants);
          entry.restrictedGrants.push(...groupEntry.restrictedGrants);
        }
      }
    }
  }
  return [...bySubject.values()].sort((a, b) => Number(b.allowed) - Number(a.allowed) || subjectKey(a.subject).localeCompare(subjectKey(b.subject)));
}
