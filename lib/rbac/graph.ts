/**
 * A plain, serialisable graph of the RBAC model for the explorer UI (no React here):
 *
 *   subject ──bound-by──► binding ──references──► role ──allows──► permission (one rule)
 *                                                  role ──aggregates──► ClusterRole (aggregated source)
 *   service account / user ──member-of──► implicit group (system:serviceaccounts, system:authenticated, ...)
 *   service account ──used-by──► workload (the pods that run as it and can use its token)
 *
 * A permission node is a rule written in its role; an aggregating ClusterRole reaches the rules
 * of its sources through `aggregates` edges, so each rule appears once.
 */
import type { ResourceRef, Severity } from '../vocabulary';
import type { ClusterSnapshot } from '../k8s/snapshot';
import type { Workload } from '../k8s/pod-spec.types';
import { resolveWorkloads } from '../k8s/pod-spec';
import { matchRisks, RISKS_BY_ID } from './risks';
import { bindingKey, roleKey, subjectKey } from './subjects';
import type { AnalyzedRole, BindingRef, Grant, PolicyRule, RbacAnalysis, RiskMatch, RoleRef, Scope, Subject } from './types';
import { worstSeverity } from '../vocabulary';

export interface SubjectNode {
  id: string;
  type: 'subject';
  label: string;
  subject: Subject;
  isSystem: boolean;
  /** Risk ids of the subject's effective permissions (unrestricted grants only). */
  risks: string[];
  maxSeverity?: Severity;
  /** Service accounts only: is the ServiceAccount object in the snapshot. */
  exists?: boolean;
}

export interface BindingNode {
  id: string;
  type: 'binding';
  label: string;
  binding: BindingRef;
  scope: Scope;
  dangling: boolean;
  /** Risk ids of what this binding grants. */
  risks: string[];
}

export interface RoleNode {
  id: string;
  type: 'role';
  label: string;
  role: RoleRef;
  isSystem: boolean;
  aggregated: boolean;
  /** Rules written in the role itself (aggregated rules are on the source roles). */
  ownRules: number;
  /** Rules after aggregation. */
  effectiveRules: number;
}

export interface PermissionNode {
  id: string;
  type: 'permission';
  label: string;
  role: RoleRef;
  ruleIndex: number;
  rule: PolicyRule;
}

export interface WorkloadNode {
  id: string;
  type: 'workload';
  label: string;
  workload: ResourceRef;
  automountServiceAccountToken: boolean;
}

export type RbacGraphNode = SubjectNode | BindingNode | RoleNode | PermissionNode | WorkloadNode;

export type RbacGraphEdgeType = 'bound-by' | 'references' | 'allows' | 'aggregates' | 'member-of' | 'used-by';

export interface RbacGraphEdge {
  id: string;
  type: RbacGraphEdgeType;
  source: string;
  target: string;
}

export interface RbacGraph {
  nodes: RbacGraphNode[];
  edges: RbacGraphEdge[];
}

export interface RbacGraphOptions {
  /**
   * Include system subjects (control-plane identities, kube-system service accounts) and what
   * only they reach. Default false: the graph shows what applications and people hold.
   */
  includeSystem?: boolean;
  /** Resolved workloads (lib/k8s/pod-spec); resolved from the snapshot when omitted. */
  workloads?: readonly Workload[];
}

export const subjectNodeId = (subject: Subject): string => `subject:${subjectKey(subject)}`;
export const bindingNodeId = (ref: BindingRef): string => `binding:${bindingKey(ref)}`;
export const roleNodeId = (ref: RoleRef): string => `role:${roleKey(ref)}`;
export const permissionNodeId = (ref: RoleRef, index: number): string => `permission:${roleKey(ref)}#${index}`;
export const workloadNodeId = (ref: ResourceRef): string => `workload:${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;


function riskSummary(matches: RiskMatch[]): { risks: string[]; maxSeverity?: Severity } {
  const risks = matches.filter((m) => m.grants.length > 0).map((m) => m.riskId);
  const severities = risks.map((id) => RISKS_BY_ID.get(id)!.severity);
  const maxSeverity = worstSeverity(severities);
  return maxSeverity ? { risks, maxSeverity } : { risks };
}

export function describeRule(rule: PolicyRule): string {
  const verbs = rule.verbs.join(',') || '(no verbs)';
  if (rule.resources.length === 0) return `${verbs} ${rule.nonResourceURLs.join(',')}`;
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  const names = rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${verbs} ${rule.resources.join(',')}${names} (${groups})`;
}

function isOwnRule(role: AnalyzedRole, origin: RoleRef): boolean {
  return origin.kind === role.ref.kind && origin.name === role.ref.name && origin.namespace === role.ref.namespace;
}

export function buildRbacGraph(analysis: RbacAnalysis, snapshot: ClusterSnapshot, options: RbacGraphOptions = {}): RbacGraph {
  const includeSystem = options.includeSystem ?? false;
  const workloads = options.workloads ?? resolveWorkloads(snapshot);
  const nodes = new Map<string, RbacGraphNode>();
  const edges = new Map<string, RbacGraphEdge>();
  const addEdge = (type: RbacGraphEdgeType, source: string, target: string): void => {
    const id = `${type}:${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, type, source, target });
  };

  const workloadsBySa = new Map<string, Workload[]>();
  for (const workload of workloads) {
    const key = subjectKey({ kind: 'ServiceAccount', namespace: workload.namespace, name: workload.serviceAccountName });
    let list = workloadsBySa.get(key);
    if (!list) workloadsBySa.set(key, (list = []));
    list.push(workload);
  }

  // Grants of each binding, to label bindings with their risks (scope is the binding's, so one subject's grants suffice).
  const grantsByBinding = new Map<string, Grant[]>();
  for (const grant of analysis.grants) {
    const key = bindingKey(grant.via.binding);
    let list = grantsByBinding.get(key);
    if (!list) grantsByBinding.set(key, (list = []));
    if (list.length === 0 || subjectKey(list[0]!.subject) === subjectKey(grant.subject)) list.push(grant);
  }

  const addRole = (key: string): void => {
    const role = analysis.rolesByKey.get(key);
    if (!role) return;
    const id = roleNodeId(role.ref);
    if (nodes.has(id)) return;
    nodes.set(id, {
      id,
      type: 'role',
      label: role.ref.kind === 'Role' ? `${role.ref.namespace}/${role.ref.name}` : role.ref.name,
      role: role.ref,
      isSystem: role.isSystem,
      aggregated: role.aggregated,
      ownRules: role.rules.filter((r) => isOwnRule(role, r.origin)).length,
      effectiveRules: role.rules.length,
    });
    for (const rule of role.rules) {
      if (!isOwnRule(role, rule.origin)) continue;
      const ruleId = permissionNodeId(role.ref, rule.index);
      const { index: _index, origin: _origin, ...plain } = rule;
      nodes.set(ruleId, { id: ruleId, type: 'permission', label: describeRule(plain), role: role.ref, ruleIndex: rule.index, rule: plain });
      addEdge('allows', id, ruleId);
    }
    for (const source of role.aggregatesFrom) {
      const sourceKey = roleKey({ kind: 'ClusterRole', name: source });
      addRole(sourceKey);
      addEdge('aggregates', id, roleNodeId({ kind: 'ClusterRole', name: source }));
    }
  };

  const addSubject = (key: string): string | undefined => {
    const entry = analysis.subjectsByKey.get(key);
    if (!entry) return undefined;
    const id = subjectNodeId(entry.subject);
    if (nodes.has(id)) return id;
    const { subject } = entry;
    const label = subject.kind === 'ServiceAccount' ? `${subject.namespace}/${subject.name}` : subject.name;
    nodes.set(id, {
      id,
      type: 'subject',
      label,
      subject,
      isSystem: entry.isSystem,
      ...riskSummary(entry.risks),
      ...(entry.exists !== undefined ? { exists: entry.exists } : {}),
    });
    for (const bindingKeyValue of entry.bindings) {
      const binding = analysis.bindingsByKey.get(bindingKeyValue)!;
      const bindingId = bindingNodeId(binding.ref);
      if (!nodes.has(bindingId)) {
        nodes.set(bindingId, {
          id: bindingId,
          type: 'binding',
          label: binding.ref.kind === 'RoleBinding' ? `${binding.ref.namespace}/${binding.ref.name}` : binding.ref.name,
          binding: binding.ref,
          scope: binding.scope,
          dangling: binding.dangling || binding.invalidReason !== undefined,
          risks: riskSummary(matchRisks(grantsByBinding.get(binding.key) ?? [])).risks,
        });
        if (!binding.dangling && binding.invalidReason === undefined) {
          addRole(binding.roleKey);
          addEdge('references', bindingId, roleNodeId(binding.roleRef));
        }
      }
      addEdge('bound-by', id, bindingId);
    }
    for (const group of entry.inheritedGroups) {
      const groupId = addSubject(subjectKey({ kind: 'Group', name: group }));
      if (groupId) addEdge('member-of', id, groupId);
    }
    for (const workload of workloadsBySa.get(key) ?? []) {
      const workloadId = workloadNodeId(workload.ref);
      if (!nodes.has(workloadId)) {
        nodes.set(workloadId, {
          id: workloadId,
          type: 'workload',
          label: `${workload.ref.kind} ${workload.namespace}/${workload.ref.name}`,
          workload: workload.ref,
          automountServiceAccountToken: workload.automountServiceAccountToken,
        });
      }
      addEdge('used-by', id, workloadId);
    }
    return id;
  };

  for (const entry of analysis.subjects) {
    if (!includeSystem && entry.isSystem) continue;
    // A service account without bindings and without workloads adds nothing to the picture.
    if (entry.bindings.length === 0 && entry.inheritedGroups.length === 0 && !workloadsBySa.has(entry.key)) continue;
    addSubject(entry.key);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
