/**
 * Shared plumbing for the authorization checks: which subjects are assessed, how grants are
 * shown as evidence, the coverage rule, and the one evaluator the risk-based subject checks use.
 *
 * Who is assessed (documented rule):
 * - every subject named directly in at least one RoleBinding / ClusterRoleBinding gets a pass or
 *   fail result, except system subjects: `system:*` users and groups (control-plane components,
 *   nodes, system:masters, bootstrappers) and a managed provider's own agents (`eks:*` users and
 *   groups) (lib/rbac isSystemSubject, built on lib/k8s/system.ts). Service accounts in
 *   kube-system, kube-public and kube-node-lease (and their namespace groups) are not assessed
 *   only while every binding naming them is one the cluster creates itself (the bootstrap
 *   bindings of its controllers, kubeadm's kube-proxy and CoreDNS bindings:
 *   lib/rbac/bootstrap-bindings.ts) or a distribution's; a grant anyone else added is judged;
 * - the broad subjects are always assessed: system:anonymous, system:unauthenticated,
 *   system:authenticated, system:serviceaccounts and system:serviceaccounts:<application namespace>.
 * - Grants of the bindings a distribution creates on every cluster and keeps there (GKE, AKS, k3s,
 *   RKE2; lib/rbac/distributions.ts) do not count, for the risks the distribution's role carries,
 *   when binding name, role and subject all match. A subject named only in such bindings gets no
 *   result unless something beyond them is found.
 * - A subject is judged on the grants of bindings that name it. A grant to a group is reported
 *   once, on the group, not again on each member (the RBAC explorer shows members' inherited grants).
 */
import type { ClusterSnapshot } from '../../../k8s/snapshot';
import {
  formatBinding,
  formatRole,
  formatScope,
  formatSubject,
  subjectRiskSeverity,
  takesOverControlPlane,
  CONTROL_PLANE_NAMESPACE,
  isDistributionBindingOf,
  isDistributionGrant,
  sameSubject,
  subjectResource,
  type Grant,
  type RbacAnalysis,
  type SubjectAnalysis,
} from '../../../rbac';
import { describeRule } from '../../../rbac/graph';
import { clusterResource, type CheckContext, type CheckResult, type Severity } from '../../types';

export interface GrantEvidence {
  subject: string;
  binding: string;
  role: string;
  scope: string;
  rule: string;
  /** Set when the role got the rule through aggregation. */
  aggregatedFrom?: string;
}

export function grantEvidence(grant: Grant): GrantEvidence {
  return {
    subject: formatSubject(grant.subject),
    binding: formatBinding(grant.via.binding),
    role: formatRole(grant.via.role),
    scope: formatScope(grant.scope),
    rule: describeRule(grant),
    ...(grant.via.aggregatedFrom ? { aggregatedFrom: formatRole(grant.via.aggregatedFrom) } : {}),
  };
}

/** "ClusterRoleBinding ops → ClusterRole cluster-admin (cluster-wide)" for messages, deduplicated. */
export function describeGrantChains(grants: readonly Grant[], limit = 3): string {
  const chains = [...new Set(grants.map((g) => `${formatBinding(g.via.binding)} → ${formatRole(g.via.role)} (${formatScope(g.scope)})`))];
  const shown = chains.slice(0, limit).join('; ');
  return chains.length > limit ? `${shown}; and ${chains.length - limit} more` : shown;
}

const RBAC_LISTS = /^(roles|clusterroles|rolebindings|clusterrolebindings)(\.|$)/;

/**
 * When the scanner could not list roles or bindings, RBAC conclusions would be guesses: the
 * checks return one not-applicable result on the cluster instead.
 */
export function rbacCoverageGap(snapshot: ClusterSnapshot, checkSubject: string): CheckResult[] | undefined {
  const gaps = snapshot.coverage.gaps.filter((g) => RBAC_LISTS.test(g.resource));
  if (gaps.length === 0) return undefined;
  return [
    {
      status: 'not-applicable',
      resource: clusterResource(snapshot),
      message: `RBAC objects could not be read (${gaps.map((g) => `${g.resource}: ${g.reason}`).join(', ')}), so ${checkSubject} cannot be judged. Allow the scanner to list roles and bindings.`,
      evidence: { gaps: gaps.map((g) => g.resource) },
    },
  ];
}

/** Subjects the subject checks give a verdict on, in a stable order. */
export function assessedSubjects(rbac: RbacAnalysis): SubjectAnalysis[] {
  return rbac.subjects.filter((s) => !s.isSystem && s.bindings.length > 0).sort((a, b) => a.key.localeCompare(b.key));
}

/** Grants of bindings that name this subject itself (not inherited through a group). */
export function ownGrants(subject: SubjectAnalysis, grants: readonly Grant[]): Grant[] {
  return grants.filter((g) => sameSubject(g.subject, subject.subject));
}

export interface RiskCheckSpec {
  /** Risk ids from lib/rbac/risks.ts this check fails on. */
  riskIds: string[];
  /** Phrase after "can", e.g. "read secrets". */
  ability: string;
  /** What the check is about, for the not-applicable message. */
  checkSubject: string;
}

/**
 * One result per assessed subject: fail when bindings naming it grant one of the risks on any
 * object (grants limited to named objects via resourceNames pass, listed in the evidence).
 * A broad subject (everyone, every service account) failing is raised to critical, and so is a
 * failure through a grant inside kube-system when the spec says the permission takes over the
 * cluster from there.
 */
const CLUSTER_ADMIN_RISK = 'cluster-admin';

export function evaluateRiskCheck(ctx: CheckContext, spec: RiskCheckSpec, severity: Severity): CheckResult[] {
  const gap = rbacCoverageGap(ctx.snapshot, spec.checkSubject);
  if (gap) return gap;
  const results: CheckResult[] = [];
  const narrower = !spec.riskIds.includes(CLUSTER_ADMIN_RISK);
  for (const subject of assessedSubjects(ctx.rbac)) {
    // A distribution's own grants (binding, role and subject as it creates them) do not count.
    const risks = subject.risks.map((m) => ({
      ...m,
      grants: m.grants.filter((g) => !isDistributionGrant(g, m.riskId)),
      restrictedGrants: m.restrictedGrants.filter((g) => !isDistributionGrant(g, m.riskId)),
    }));
    const builtInOnly = subject.bindings.every((key) => isDistributionBindingOf(ctx.rbac, key, subject.subject));
    const matches = risks.filter((m) => spec.riskIds.includes(m.riskId));
    // One binding, one finding: a cluster-admin-equivalent grant is reported by
    // rbac-cluster-admin-binding, not again by every narrower check it also satisfies.
    const clusterAdmin = narrower ? new Set(ownGrants(subject, risks.filter((m) => m.riskId === CLUSTER_ADMIN_RISK).flatMap((m) => m.grants))) : new Set<Grant>();
    const all = ownGrants(subject, matches.flatMap((m) => m.grants));
    const granting = all.filter((g) => !clusterAdmin.has(g));
    const restricted = ownGrants(subject, matches.flatMap((m) => m.restrictedGrants));
    const resource = subjectResource(subject.subject);
    const who = formatSubject(subject.subject);
    if (granting.length === 0 && builtInOnly) continue;
    if (granting.length === 0 && all.length > 0) {
      results.push({
        status: 'not-applicable',
        resource,
        message: `${who} can ${spec.ability} only as part of cluster-admin-equivalent access (${describeGrantChains([...clusterAdmin])}), which rbac-cluster-admin-binding reports.`,
        evidence: { coveredBy: 'rbac-cluster-admin-binding', grants: [...new Set(all)].map(grantEvidence) },
      });
      continue;
    }
    if (granting.length > 0) {
      const unique = [...new Set(granting)];
      const result: CheckResult = {
        status: 'fail',
        resource,
        message: `${who} can ${spec.ability} through ${describeGrantChains(unique)}.`,
        evidence: {
          risks: matches.filter((m) => ownGrants(subject, m.grants).length > 0).map((m) => m.riskId),
          grants: unique.map(grantEvidence),
          ...(restricted.length > 0 ? { restrictedGrants: [...new Set(restricted)].map(grantEvidence) } : {}),
        },
      };
      const own = subjectRiskSeverity(subject.subject, severity);
      if (own !== severity) result.severity = own;
      // Granted where it reaches kube-system's controller accounts (lib/rbac/risks.ts controlPlaneReach).
      if (severity !== 'critical' && matches.some((m) => takesOverControlPlane(m.riskId, ownGrants(subject, m.grants).filter((g) => !clusterAdmin.has(g))))) {
        result.severity = 'critical';
        result.message += ` It reaches ${CONTROL_PLANE_NAMESPACE}, where the controllers' service accounts and their tokens live: a cluster takeover.`;
      }
      results.push(result);
    } else {
      const note = restricted.length > 0 ? ` (only on named objects: ${describeGrantChains(restricted)})` : '';
      results.push({
        status: 'pass',
        resource,
        message: `${who} cannot ${spec.ability} on arbitrary objects through its bindings${note}.`,
        ...(restricted.length > 0 ? { evidence: { restrictedGrants: [...new Set(restricted)].map(grantEvidence) } } : {}),
      });
    }
  }
  return results;
}
