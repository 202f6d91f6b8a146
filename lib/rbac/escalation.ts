/**
 * Risky subjects and escalation paths for the RBAC explorer.
 *
 * An escalation path is a way for one subject to act with another service account's permissions:
 * - workload-create: a pod (or controller) created in namespace N may run as any ServiceAccount of N;
 * - serviceaccount-token-create: minting a token for any ServiceAccount in scope;
 * - impersonate: impersonating any ServiceAccount in scope;
 * - pod-exec: exec into a running pod whose ServiceAccount token is mounted.
 * A path is reported only when the target holds risky permissions the source does not.
 */
import type { ResourceRef, Severity } from '../vocabulary';
import type { Workload } from '../k8s/pod-spec.types';
import { grantMatchesTarget, RISKS_BY_ID, takesOverControlPlane, type RiskTarget } from './risks';
import { subjectKey, subjectRiskSeverity } from './subjects';
import type { Grant, RbacAnalysis, Scope, Subject, SubjectAnalysis } from './types';
import { compareSeverity } from '../vocabulary';

export type EscalationTechnique = 'workload-create' | 'serviceaccount-token-create' | 'impersonate' | 'pod-exec';

export interface EscalationPath {
  from: Subject;
  to: Subject;
  technique: EscalationTechnique;
  /** The workload whose pod would be entered (pod-exec only). */
  workload?: ResourceRef;
  /** The grants of `from` that make the step possible. */
  grants: Grant[];
  /** Risk ids `to` holds (unrestricted) that `from` does not. */
  gains: string[];
}


export interface RiskySubject {
  subject: SubjectAnalysis;
  /** Unrestricted risk ids, most severe first. */
  risks: string[];
  maxSeverity: Severity;
}

/** Subjects holding at least one risky permission on arbitrary objects, most severe first. */
export function riskySubjects(analysis: RbacAnalysis, options: { includeSystem?: boolean } = {}): RiskySubject[] {
  const out: RiskySubject[] = [];
  for (const subject of analysis.subjects) {
    if (subject.isSystem && !options.includeSystem) continue;
    // The severity its findings have: a risk granted to everyone, or where it reaches kube-system's controller accounts, is critical.
    const severityOf = (riskId: string) =>
      takesOverControlPlane(riskId, subject.risks.find((m) => m.riskId === riskId)?.grants ?? []) ? 'critical' : subjectRiskSeverity(subject.subject, RISKS_BY_ID.get(riskId)!.severity);
    const risks = subject.risks
      .filter((m) => m.grants.length > 0)
      .map((m) => m.riskId)
      .sort((a, b) => compareSeverity(severityOf(a), severityOf(b)));
    if (risks.length === 0) continue;
    out.push({ subject, risks, maxSeverity: severityOf(risks[0]!) });
  }
  return out.sort((a, b) => compareSeverity(a.maxSeverity, b.maxSeverity) || b.risks.length - a.risks.length || a.subject.key.localeCompare(b.subject.key));
}

const TECHNIQUE_TARGETS: Record<EscalationTechnique, RiskTarget[]> = {
  'workload-create': RISKS_BY_ID.get('workload-create')!.targets,
  'serviceaccount-token-create': RISKS_BY_ID.get('serviceaccount-token-create')!.targets,
  impersonate: [{ apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'] }],
  'pod-exec': RISKS_BY_ID.get('pod-exec')!.targets,
};

/** Where the subject can use a technique on any object: the scopes of its unrestricted grants. */
function techniqueScopes(subject: SubjectAnalysis, technique: EscalationTechnique): { scopes: Scope[]; grants: Grant[] } {
  const grants = subject.grants.filter((g) => TECHNIQUE_TARGETS[technique].some((t) => grantMatchesTarget(g, t) === 'full'));
  return { scopes: grants.map((g) => g.scope), grants };
}

const inScope = (scopes: Scope[], namespace: string): boolean => scopes.some((s) => s.kind === 'cluster' || s.namespace === namespace);

function unrestrictedRisks(subject: SubjectAnalysis | undefined): Set<string> {
  return new Set((subject?.risks ?? []).filter((m) => m.grants.length > 0).map((m) => m.riskId));
}

/**
 * Escalation paths from every non-system subject (all subjects with includeSystem) to service
 * accounts with more dangerous permissions. `workloads` (lib/k8s/pod-spec) enables pod-exec paths.
 */
export function escalationPaths(
  analysis: RbacAnalysis,
  workloads: readonly Workload[] = [],
  options: { includeSystem?: boolean; /** Only paths from these subjects (subjectKey): the workload risk ranking asks about a few service accounts. */ from?: ReadonlySet<string> } = {},
): EscalationPath[] {
  const serviceAccountsByNamespace = new Map<string, SubjectAnalysis[]>();
  for (const s of analysis.subjects) {
    if (s.subject.kind !== 'ServiceAccount') continue;
    const ns = s.subject.namespace!;
    let list = serviceAccountsByNamespace.get(ns);
    if (!list) serviceAccountsByNamespace.set(ns, (list = []));
    list.push(s);
  }
  const paths: EscalationPath[] = [];
  for (const source of analysis.subjects) {
    if (source.isSystem && !options.includeSystem) continue;
    if (options.from && !options.from.has(source.key)) continue;
    const held = unrestrictedRisks(source);
    const consider = (technique: EscalationTechnique, target: SubjectAnalysis | undefined, targetSubject: Subject, grants: Grant[], workload?: ResourceRef) => {
      if (subjectKey(targetSubject) === source.key) return;
      const gains = [...unrestrictedRisks(target)].filter((id) => !held.has(id));
      if (gains.length === 0) return;
      paths.push({ from: source.subject, to: targetSubject, technique, grants, gains, ...(workload ? { workload } : {}) });
    };
    for (const technique of ['workload-create', 'serviceaccount-token-create', 'impersonate'] as const) {
      const { scopes, grants } = techniqueScopes(source, technique);
      if (scopes.length === 0) continue;
      for (const [namespace, accounts] of serviceAccountsByNamespace) {
        if (!inScope(scopes, namespace)) continue;
        for (const target of accounts) consider(technique, target, target.subject, grants);
      }
    }
    const exec = techniqueScopes(source, 'pod-exec');
    if (exec.scopes.length > 0) {
      for (const workload of workloads) {
        if (!workload.automountServiceAccountToken || !inScope(exec.scopes, workload.namespace)) continue;
        const targetSubject: Subject = { kind: 'ServiceAccount', namespace: workload.namespace, name: workload.serviceAccountName };
        consider('pod-exec', analysis.subjectsByKey.get(subjectKey(targetSubject)), targetSubject, exec.grants, workload.ref);
      }
    }
  }
  return paths.sort(
    (a, b) => subjectKey(a.from).localeCompare(subjectKey(b.from)) || subjectKey(a.to).localeCompare(subjectKey(b.to)) || a.technique.localeCompare(b.technique),
  );
}
