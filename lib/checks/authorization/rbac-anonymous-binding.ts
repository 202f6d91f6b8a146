import { formatSubject, isDefaultPublicGrant, subjectKey, subjectResource, type Subject } from '../../rbac';
import type { Check, CheckResult } from '../types';
import { describeGrantChains, grantEvidence, rbacCoverageGap } from './_shared/rbac';

/** The identities that stand for "anyone": anonymous requests and every authenticated caller. */
const EVERYONE: Subject[] = [
  { kind: 'User', name: 'system:anonymous' },
  { kind: 'Group', name: 'system:unauthenticated' },
  { kind: 'Group', name: 'system:authenticated' },
];

export const check: Check = {
  id: 'rbac-anonymous-binding',
  title: 'Anonymous or all-users binding beyond the defaults',
  section: 'authorization',
  severity: 'critical',
  reads: ['rbac'],
  guideRef: '3.1',
  description:
    'Looks at every binding that names system:anonymous, system:unauthenticated or system:authenticated. Only what Kubernetes grants them by default passes: ' +
    'health and version endpoints (system:public-info-viewer), API discovery and self access reviews for authenticated users (system:discovery, system:basic-user), ' +
    'service-account issuer discovery, and kubeadm\'s read of the cluster-info ConfigMap in kube-public. Anything else, or a binding to a role that does not exist, fails.',
  rationale:
    'Guide 3.1: authorization decides what an authenticated identity may do. A grant to system:anonymous or system:unauthenticated is a grant to anyone who can reach the API server, and one to system:authenticated reaches every user and every service account in the cluster.',
  remediation: {
    steps: [
      'Delete the bindings named in the evidence, or remove these groups from their subjects.',
      'Bind the permission to the specific users, groups or service accounts that need it instead.',
      'Consider --anonymous-auth=false on the API server if nothing relies on anonymous access (guide 1.2 asks the same of kubelets, for the same reason).',
    ],
    kubectl: 'kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E "system:(anonymous|unauthenticated|authenticated)"',
  },
  evaluate(ctx) {
    const gap = rbacCoverageGap(ctx.snapshot, 'bindings to anonymous or all users');
    if (gap) return gap;
    const results: CheckResult[] = [];
    for (const subject of EVERYONE) {
      const entry = ctx.rbac.subjectsByKey.get(subjectKey(subject));
      if (!entry || entry.bindings.length === 0) continue;
      const extra = entry.directGrants.filter((g) => !isDefaultPublicGrant(g));
      const dangling = entry.bindings.map((key) => ctx.rbac.bindingsByKey.get(key)!).filter((b) => b.dangling || b.invalidReason !== undefined);
      const who = formatSubject(subject);
      if (extra.length === 0 && dangling.length === 0) {
        results.push({ status: 'pass', resource: subjectResource(subject), message: `${who} holds only the permissions Kubernetes grants it by default.` });
        continue;
      }
      const parts: string[] = [];
      if (extra.length > 0) parts.push(`is granted more than the defaults through ${describeGrantChains(extra)}`);
      if (dangling.length > 0) parts.push(`is named in ${dangling.length} binding(s) to a missing role, which would grant it whatever that role is created with`);
      results.push({
        status: 'fail',
        resource: subjectResource(subject),
        message: `${who} ${parts.join(', and ')}.`,
        evidence: {
          grants: extra.map(grantEvidence),
          ...(dangling.length > 0 ? { danglingBindings: dangling.map((b) => b.key) } : {}),
        },
      });
    }
    return results;
  },
};
