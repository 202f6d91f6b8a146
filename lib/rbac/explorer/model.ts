/**
 * The RBAC explorer's in-memory model of one scan: the artifact, the analysis and the derived
 * indexes every view reads. Built once per scan (lib/dashboard/rbac/load.ts caches it).
 */
import type { Workload } from '../../k8s/pod-spec.types';
import { analyzeRbac } from '../analyze';
import { buildRbacGraph, type RbacGraph } from '../graph';
import { formatBinding, formatRole, formatScope, formatSubject, subjectKey, bindingKey, roleKey } from '../subjects';
import { describeRule } from '../graph';
import type { Grant, RbacAnalysis, RoleRef, BindingRef, Subject } from '../types';
import { snapshotFromRbacArtifact, workloadExposure, workloadKey, workloadsFromRbacArtifact, type RbacArtifact, type WorkloadExposure } from './artifact';

export interface RbacModel {
  artifact: RbacArtifact;
  analysis: RbacAnalysis;
  workloads: Workload[];
  /** workloadKey(ref) → how it is exposed outside the cluster (absent: not exposed). */
  exposure: Map<string, WorkloadExposure[]>;
  /** subjectKey of a service account → the workloads running as it. */
  workloadsBySubject: Map<string, Workload[]>;
  /** The full graph (cached per includeSystem). */
  graph(includeSystem: boolean): RbacGraph;
}

export function buildRbacModel(artifact: RbacArtifact): RbacModel {
  const snapshot = snapshotFromRbacArtifact(artifact);
  const analysis = analyzeRbac(snapshot);
  const workloads = workloadsFromRbacArtifact(artifact);
  const workloadsBySubject = new Map<string, Workload[]>();
  for (const w of workloads) {
    const key = subjectKey({ kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName });
    workloadsBySubject.set(key, [...(workloadsBySubject.get(key) ?? []), w]);
  }
  const graphs = new Map<boolean, RbacGraph>();
  return {
    artifact,
    analysis,
    workloads,
    exposure: workloadExposure(artifact),
    workloadsBySubject,
    graph(includeSystem) {
      let graph = graphs.get(includeSystem);
      if (!graph) graphs.set(includeSystem, (graph = buildRbacGraph(analysis, snapshot, { includeSystem, workloads })));
      return graph;
    },
  };
}

/** One grant as a readable chain: subject → binding → role → rule. Plain data for the API and CSV. */
export interface GrantChain {
  subject: string;
  subjectKey: string;
  /** The group the holder receives the grant through (the binding names the group). */
  group?: string;
  binding: string;
  bindingKey: string;
  bindingRef: BindingRef;
  scope: string;
  role: string;
  roleKey: string;
  roleRef: RoleRef;
  ruleIndex: number;
  rule: string;
  /** The ClusterRole an aggregated rule is written in. */
  aggregatedFrom?: string;
  /** Non-empty when the rule only covers these object names. */
  resourceNames: string[];
}

export function grantChain(grant: Grant, holder?: Subject): GrantChain {
  const subject = holder ?? grant.subject;
  // The group through which the holder receives the grant; none when the holder is that group.
  const group = grant.via.group ?? (grant.subject.kind === 'Group' ? grant.subject.name : undefined);
  const viaGroup = group !== undefined && !(subject.kind === 'Group' && subject.name === group);
  return {
    subject: formatSubject(subject),
    subjectKey: subjectKey(subject),
    ...(viaGroup ? { group } : {}),
    binding: formatBinding(grant.via.binding),
    bindingKey: bindingKey(grant.via.binding),
    bindingRef: grant.via.binding,
    scope: formatScope(grant.scope),
    role: formatRole(grant.via.role),
    roleKey: roleKey(grant.via.role),
    roleRef: grant.via.role,
    ruleIndex: grant.via.ruleIndex,
    rule: describeRule(grant),
    ...(grant.via.aggregatedFrom ? { aggregatedFrom: formatRole(grant.via.aggregatedFrom) } : {}),
    resourceNames: grant.resourceNames,
  };
}

/** A stable identity of a grant across scans: who, through which binding and role, what rule, where. */
export function grantIdentity(grant: Grant): string {
  return [subjectKey(grant.subject), bindingKey(grant.via.binding), roleKey(grant.via.role), formatScope(grant.scope), describeRule(grant)].join('|');
}

export { workloadKey };
