/**
 * Roles and ClusterRoles with their effective rules, aggregation included.
 *
 * A ClusterRole with `aggregationRule.clusterRoleSelectors` receives the rules of every other
 * ClusterRole whose labels match any of the selectors (the aggregation controller, which also
 * follows aggregated roles that are themselves aggregated). A live cluster has already filled
 * the rules in; manifests have not, so both the listed rules and the aggregated ones are kept
 * (a superset: in a manifest the controller would replace the listed rules) and deduplicated.
 */
import type { V1ClusterRole, V1LabelSelector, V1PolicyRule, V1Role } from '@kubernetes/client-node';
import { selectorMatches } from '../k8s/label-selector';
import { isClusterOwnRole } from './bootstrap-bindings';
import { roleKey } from './subjects';
import type { AnalyzedRole, EffectiveRule, PolicyRule, RoleRef } from './types';

/** The user-facing default ClusterRoles shipped with Kubernetes (guide 3.3 "Default role agrupations"). */
export const DEFAULT_USER_FACING_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Built-in ClusterRoles: the `system:*` bootstrap roles and the user-facing defaults. */
export function isBuiltInClusterRoleName(name: string): boolean {
  return name.startsWith('system:') || DEFAULT_USER_FACING_CLUSTER_ROLES.has(name);
}

export function normalizeRule(rule: V1PolicyRule): PolicyRule {
  return {
    verbs: [...(rule.verbs ?? [])],
    apiGroups: [...(rule.apiGroups ?? [])],
    resources: [...(rule.resources ?? [])],
    resourceNames: [...(rule.resourceNames ?? [])],
    nonResourceURLs: [...(rule.nonResourceURLs ?? [])],
  };
}

function ruleIdentity(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

interface RoleSource {
  ref: RoleRef;
  labels: Record<string, string>;
  own: PolicyRule[];
  selectors?: V1LabelSelector[];
}

function toSource(object: V1Role | V1ClusterRole, kind: 'Role' | 'ClusterRole'): RoleSource {
  const name = object.metadata?.name ?? '';
  const ref: RoleRef = kind === 'Role' ? { kind, name, namespace: object.metadata?.namespace || 'default' } : { kind, name };
  const selectors = kind === 'ClusterRole' ? (object as V1ClusterRole).aggregationRule?.clusterRoleSelectors : undefined;
  return { ref, labels: { ...(object.metadata?.labels ?? {}) }, own: (object.rules ?? []).map(normalizeRule), selectors };
}

/** Builds every role with its effective (own + aggregated) rules. */
export function analyzeRoles(roles: V1Role[], clusterRoles: V1ClusterRole[]): AnalyzedRole[] {
  const clusterSources = clusterRoles.map((r) => toSource(r, 'ClusterRole'));
  const roleSources = roles.map((r) => toSource(r, 'Role'));

  // Direct aggregation edges: aggregating ClusterRole -> matched ClusterRoles (never itself).
  const aggregatesFrom = new Map<string, RoleSource[]>();
  for (const source of clusterSources) {
    if (source.selectors === undefined) continue;
    const matched = clusterSources.filter(
      (candidate) => candidate.ref.name !== source.ref.name && source.selectors!.some((selector) => selectorMatches(selector, candidate.labels)),
    );
    aggregatesFrom.set(source.ref.name, matched);
  }

  // Effective rules: own rules, then (to a fixed point, so nested aggregation and cycles settle)
  // the effective rules of every matched ClusterRole.
  const effective = new Map<string, EffectiveRule[]>();
  const seen = new Map<string, Set<string>>();
  const add = (name: string, rule: PolicyRule, origin: RoleRef): boolean => {
    const identities = seen.get(name)!;
    const identity = ruleIdentity(rule);
    if (identities.has(identity)) return false;
    identities.add(identity);
    const list = effective.get(name)!;
    list.push({ ...rule, index: list.length, origin });
    return true;
  };
  for (const source of clusterSources) {
    if (!effective.has(source.ref.name)) {
      effective.set(source.ref.name, []);
      seen.set(source.ref.name, new Set());
    }
    for (const rule of source.own) add(source.ref.name, rule, source.ref);
  }
  let changed = aggregatesFrom.size > 0;
  while (changed) {
    changed = false;
    for (const [name, matched] of aggregatesFrom) {
      for (const from of matched) {
        for (const rule of [...effective.get(from.ref.name)!]) {
          const { index: _index, origin, ...plain } = rule;
          if (add(name, plain, origin)) changed = true;
        }
      }
    }
  }

  const result: AnalyzedRole[] = [];
  const seenClusterRoles = new Set<string>();
  for (const source of clusterSources) {
    if (seenClusterRoles.has(source.ref.name)) continue; // a duplicate object (manifests): the first wins
    seenClusterRoles.add(source.ref.name);
    result.push({
      key: roleKey(source.ref),
      ref: source.ref,
      labels: source.labels,
      rules: effective.get(source.ref.name)!,
      ownRuleCount: source.own.length,
      aggregated: source.selectors !== undefined,
      aggregatesFrom: (aggregatesFrom.get(source.ref.name) ?? []).map((s) => s.ref.name),
      isSystem: isBuiltInClusterRoleName(source.ref.name),
      boundBy: [],
    });
  }
  const seenRoles = new Set<string>();
  for (const source of roleSources) {
    const key = roleKey(source.ref);
    if (seenRoles.has(key)) continue;
    seenRoles.add(key);
    const rules: EffectiveRule[] = [];
    const identities = new Set<string>();
    for (const rule of source.own) {
      const identity = ruleIdentity(rule);
      if (identities.has(identity)) continue;
      identities.add(identity);
      rules.push({ ...rule, index: rules.length, origin: source.ref });
    }
    result.push({
      key,
      ref: source.ref,
      labels: source.labels,
      rules,
      ownRuleCount: source.own.length,
      aggregated: false,
      aggregatesFrom: [],
      // A Role someone added to kube-system is judged; only the ones the cluster creates there are system.
      isSystem: isClusterOwnRole(source.ref.namespace, source.ref.name),
      boundBy: [],
    });
  }
  return result;
}
