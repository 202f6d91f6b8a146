/**
 * Workload risk and attack paths (docs/RISK.md): plain, serialisable data computed once per scan
 * (lib/risk/workload-risk.ts), stored per scan and read by every surface (pages, PDF, CLI JSON).
 */
import type { ResourceRef } from '../checks/types';

/** A finding of the same scan that a factor or a hop rests on (the UI links to it by fingerprint). */
export interface FindingLink {
  checkId: string;
  fingerprint: string;
  resource: ResourceRef;
}

export type RiskFactorKind = 'exposure' | 'privilege' | 'rbac' | 'vulnerability';

export const RISK_FACTOR_IDS = [
  'internet-exposed',
  'no-network-policy',
  'privileged',
  'host-namespaces',
  'host-path',
  'dangerous-capabilities',
  'runs-as-root',
  'rbac-cluster-admin',
  'rbac-escalation',
  'rbac-secrets-read',
  'rbac-pod-exec',
  'critical-cve-fixable',
] as const;
export type RiskFactorId = (typeof RISK_FACTOR_IDS)[number];

/** One reason a workload ranks where it does, with the points it adds (docs/RISK.md). */
export interface RiskFactor {
  id: RiskFactorId;
  kind: RiskFactorKind;
  points: number;
  /** One sentence for a person. */
  reason: string;
  /** The findings of this scan the reason rests on (may be empty: an Ingress route is no finding). */
  findings: FindingLink[];
}

export type AttackHopKind = 'internet' | 'entry' | 'container' | 'service-account' | 'escalation' | 'target';

/** One step of an attack path. */
export interface AttackHop {
  kind: AttackHopKind;
  /** "Service shop/web (LoadBalancer)", "ServiceAccount ci/builder", "cluster-admin". */
  label: string;
  resource?: ResourceRef;
  /** How the attacker takes this step. */
  via: string;
  /** Findings that break this hop when fixed. */
  findings: FindingLink[];
}

export interface AttackPath {
  /** What the attacker ends up holding. */
  target: 'cluster-admin' | 'node';
  hops: AttackHop[];
  /** The smallest fix that cuts the path: the hop it breaks and what to do. */
  cut: { hop: number; action: string; finding?: FindingLink };
}

export interface WorkloadRisk {
  /** The top-level workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, Pod …). */
  resource: ResourceRef;
  serviceAccount: string;
  /** 0–100: the sum of the factors' points, capped at 100. */
  score: number;
  /** Most points first. */
  factors: RiskFactor[];
  /** Set for the top workloads with a full path to cluster-admin or a node. */
  path?: AttackPath;
}
