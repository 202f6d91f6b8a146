/**
 * Escalation routes for the explorer: how a subject can come to hold power it was not granted,
 * up to cluster-admin equivalence, with what to change to close each step.
 *
 * Steps:
 * - the one-step paths of lib/rbac/escalation.ts (create a workload as, mint a token for,
 *   impersonate, or exec into a pod of a more powerful service account);
 * - bind-escalate: `bind` on the cluster-admin ClusterRole (or `escalate` plus write access to
 *   ClusterRoles) together with `create` on ClusterRoleBindings → bind cluster-admin to itself;
 * - impersonate: impersonating the group system:masters (which the API server never subjects to
 *   authorization), or a user or group that holds cluster-admin.
 * A route chains steps (at most `maxSteps`) from a subject to cluster-admin-equivalent power;
 * one-step paths that gain other risks (secrets, exec, ...) are listed too, below those.
 */
import { compareSeverity, SEVERITIES, type ResourceRef, type Severity } from '../../vocabulary';
import { escalationPaths, type EscalationTechnique } from '../escalation';
import { can } from '../query';
import { formatSubject, subjectKey } from '../subjects';
import type { Grant, Subject, SubjectAnalysis } from '../types';
import { grantChain, type GrantChain, type RbacModel } from './model';
import { riskSummary, type RiskSummary } from './views';

export type RouteTechnique = EscalationTechnique | 'bind-escalate';

export const CLUSTER_ADMIN_TARGET = 'cluster-admin';

export interface EscalationStep {
  technique: RouteTechnique;
  fromKey: string;
  from: string;
  /** subjectKey of the identity gained, or CLUSTER_ADMIN_TARGET for direct cluster-admin. */
  toKey: string;
  to: string;
  workload?: ResourceRef;
  /** How the step works, in a sentence. */
  explanation: string;
  /** What to change to close this step. */
  remediation: string;
  /** The grants of `from` that make the step possible. */
  chains: GrantChain[];
}

export interface EscalationRoute {
  subject: Subject;
  subjectKey: string;
  label: string;
  steps: EscalationStep[];
  reachesClusterAdmin: boolean;
  /** Risks held at the end of the route that the subject does not hold itself. */
  gains: RiskSummary[];
  severity: Severity;
}

const TECHNIQUE_TITLES: Record<RouteTechnique, string> = {
  'workload-create': 'Create a workload as the service account',
  'serviceaccount-token-create': 'Mint a token for the service account',
  impersonate: 'Impersonate',
  'pod-exec': 'Exec into a pod that mounts the token',
  'bind-escalate': 'Bind or escalate to cluster-admin',
};

export const techniqueTitle = (t: RouteTechnique): string => TECHNIQUE_TITLES[t];

function unrestricted(subject: SubjectAnalysis | undefined): Set<string> {
  return new Set((subject?.risks ?? []).filter((m) => m.grants.length > 0).map((m) => m.riskId));
}

function bindingNames(grants: Grant[]): string {
  return [...new Set(grants.map((g) => grantChain(g).binding))].join(', ');
}

function remediationFor(technique: RouteTechnique, from: string, to: string, grants: Grant[], workload?: ResourceRef): string {
  const via = bindingNames(grants);
  switch (technique) {
    case 'workload-create':
      return `Remove create on pods and pod controllers from ${from} (${via}), or move the permissions of ${to} out of its namespace: whoever can create pods in a namespace can run as any of its service accounts. An admission policy that pins serviceAccountName also closes it.`;
    case 'serviceaccount-token-create':
      return `Remove create on serviceaccounts/token from ${from} (${via}), or limit it with resourceNames to service accounts that hold no more than ${from}.`;
    case 'impersonate':
      return `Remove impersonate from ${from} (${via}), or limit it with resourceNames to specific unprivileged identities (never system:masters).`;
    case 'pod-exec':
      return `Remove pods/exec and pods/attach from ${from} (${via}), or set automountServiceAccountToken: false on ${workload ? `${workload.kind} ${workload.namespace}/${workload.name}` : 'the workload'} if it does not call the API.`;
    case 'bind-escalate':
      return `Remove bind / escalate on clusterroles from ${from} (${via}), or limit bind with resourceNames to the roles it may hand out; never combine it with create on clusterrolebindings.`;
  }
}

function explanationFor(technique: RouteTechnique, from: string, to: string): string {
  switch (technique) {
    case 'workload-create':
      return `${from} can create a pod that runs as ${to} and use its token.`;
    case 'serviceaccount-token-create':
      return `${from} can request a token for ${to}.`;
    case 'impersonate':
      return `${from} can send requests as ${to}.`;
    case 'pod-exec':
      return `${from} can exec into a pod running as ${to} and read its mounted token.`;
    case 'bind-escalate':
      return `${from} can bind the cluster-admin ClusterRole to itself with a new ClusterRoleBinding.`;
  }
}

const RBAC = 'rbac.authorization.k8s.io';

/** Direct steps to cluster-admin: bind/escalate and impersonating a cluster-admin identity. */
function directSteps(model: RbacModel, source: SubjectAnalysis, clusterAdmins: SubjectAnalysis[]): EscalationStep[] {
  const { analysis } = model;
  const from = formatSubject(source.subject);
  const steps: EscalationStep[] = [];
  const step = (technique: RouteTechnique, toKey: string, to: string, grants: Grant[]): void => {
    steps.push({ technique, fromKey: source.key, from, toKey, to, explanation: explanationFor(technique, from, to), remediation: remediationFor(technique, from, to, grants), chains: grants.map((g) => grantChain(g, source.subject)) });
  };
  const createCrb = can(analysis, source.subject, 'create', `clusterrolebindings.${RBAC}`);
  if (createCrb.allowed) {
    const bind = can(analysis, source.subject, 'bind', `clusterroles.${RBAC}`, undefined, { name: 'cluster-admin' });
    const escalate = can(analysis, source.subject, 'escalate', `clusterroles.${RBAC}`);
    const writeRoles = can(analysis, source.subject, 'create', `clusterroles.${RBAC}`);
    if (bind.allowed) step('bind-escalate', CLUSTER_ADMIN_TARGET, 'cluster-admin', [...bind.grants, ...createCrb.grants]);
    else if (escalate.allowed && writeRoles.allowed) step('bind-escalate', CLUSTER_ADMIN_TARGET, 'cluster-admin', [...escalate.grants, ...writeRoles.grants, ...createCrb.grants]);
  }
  const masters = can(analysis, source.subject, 'impersonate', 'groups', undefined, { name: 'system:masters' });
  if (masters.allowed) step('impersonate', CLUSTER_ADMIN_TARGET, 'Group system:masters (cluster-admin)', masters.grants);
  for (const admin of clusterAdmins) {
    if (admin.key === source.key || admin.subject.kind === 'ServiceAccount') continue;
    const resource = admin.subject.kind === 'User' ? 'users' : 'groups';
    const imp = can(analysis, source.subject, 'impersonate', resource, undefined, { name: admin.subject.name });
    if (imp.allowed) step('impersonate', admin.key, formatSubject(admin.subject), imp.grants);
  }
  return steps;
}

/** Every escalation route, cluster-admin routes first. */
export function escalationRoutes(model: RbacModel, options: { includeSystem?: boolean; maxSteps?: number } = {}): EscalationRoute[] {
  const { analysis, workloads } = model;
  const maxSteps = options.maxSteps ?? 3;
  const clusterAdmins = analysis.subjects.filter((s) => unrestricted(s).has('cluster-admin'));

  // Out-edges: every subject's one-step paths (system subjects are hops too: a path may pass through them).
  const outSteps = new Map<string, EscalationStep[]>();
  const add = (s: EscalationStep): void => {
    let list = outSteps.get(s.fromKey);
    if (!list) outSteps.set(s.fromKey, (list = []));
    list.push(s);
  };
  for (const path of escalationPaths(analysis, workloads, { includeSystem: true })) {
    const from = formatSubject(path.from);
    const to = formatSubject(path.to);
    add({
      technique: path.technique,
      fromKey: subjectKey(path.from),
      from,
      toKey: subjectKey(path.to),
      to,
      ...(path.workload ? { workload: path.workload } : {}),
      explanation: explanationFor(path.technique, from, to),
      remediation: remediationFor(path.technique, from, to, path.grants, path.workload),
      chains: path.grants.map((g) => grantChain(g, path.from)),
    });
  }
  for (const subject of analysis.subjects) for (const s of directSteps(model, subject, clusterAdmins)) add(s);

  const isClusterAdmin = (key: string): boolean => key === CLUSTER_ADMIN_TARGET || unrestricted(analysis.subjectsByKey.get(key)).has('cluster-admin');

  const routes: EscalationRoute[] = [];
  for (const source of analysis.subjects) {
    if (source.isSystem && !options.includeSystem) continue;
    const held = unrestricted(source);
    if (held.has('cluster-admin')) continue;
    // Shortest route to cluster-admin (breadth first).
    const previous = new Map<string, EscalationStep>();
    let frontier = [source.key];
    let found: string | undefined;
    for (let depth = 0; depth < maxSteps && frontier.length > 0 && !found; depth++) {
      const next: string[] = [];
      for (const key of frontier) {
        for (const s of outSteps.get(key) ?? []) {
          if (s.toKey === source.key || previous.has(s.toKey)) continue;
          previous.set(s.toKey, s);
          if (isClusterAdmin(s.toKey)) {
            found = s.toKey;
            break;
          }
          next.push(s.toKey);
        }
        if (found) break;
      }
      frontier = next;
    }
    const label = formatSubject(source.subject);
    if (found) {
      const steps: EscalationStep[] = [];
      for (let key: string | undefined = found; key && key !== source.key; key = previous.get(key)?.fromKey) steps.unshift(previous.get(key)!);
      routes.push({ subject: source.subject, subjectKey: source.key, label, steps, reachesClusterAdmin: true, gains: [riskSummary('cluster-admin')], severity: 'critical' });
      continue;
    }
    // Otherwise the one-step paths that gain other risks (one per technique and target: exec into any of its pods is one path).
    const seen = new Set<string>();
    for (const s of outSteps.get(source.key) ?? []) {
      if (seen.has(`${s.technique}|${s.toKey}`)) continue;
      seen.add(`${s.technique}|${s.toKey}`);
      const gains = [...unrestricted(analysis.subjectsByKey.get(s.toKey))].filter((id) => !held.has(id));
      if (gains.length === 0) continue;
      const summaries = gains.map(riskSummary);
      const severity = SEVERITIES.find((sev) => summaries.some((g) => g.severity === sev)) ?? 'info';
      routes.push({ subject: source.subject, subjectKey: source.key, label, steps: [s], reachesClusterAdmin: false, gains: summaries, severity });
    }
  }
  return routes.sort((a, b) => Number(b.reachesClusterAdmin) - Number(a.reachesClusterAdmin) || compareSeverity(a.severity, b.severity) || a.steps.length - b.steps.length || a.subjectKey.localeCompare(b.subjectKey));
}
