import { isSystemNamespace } from '../../k8s/system';
import { subjectKey, subjectResource, type Subject } from '../../rbac';
import type { Check, CheckResult } from '../types';
import { describeGrantChains, grantEvidence, rbacCoverageGap } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-default-service-account-permissions',
  title: 'Default service account has RBAC permissions',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac', 'namespaces'],
  guideRef: '2.1',
  description:
    'For every application namespace (namespaces in the snapshot, and namespaces where a `default` ServiceAccount exists or is bound), checks that no RoleBinding or ClusterRoleBinding names the `default` ServiceAccount. ' +
    'Grants to whole groups (system:serviceaccounts, system:serviceaccounts:<ns>) are reported on those groups by the other authorization checks. In kube-system, kube-public and kube-node-lease the default ServiceAccount is judged only when a binding the cluster did not create itself names it.',
  rationale:
    'Every pod that names no service account runs as `default`, so a permission given to it silently goes to every such pod in the namespace. ' +
    'Guide 2.1 notes the default service account should have no permissions beyond an unauthenticated user\'s; guide 3.3 shows giving each application its own service account and role.',
  remediation: {
    steps: [
      'Create a dedicated ServiceAccount for the workload that needs the permission and set spec.serviceAccountName to it.',
      'Move the RoleBinding\'s subject from `default` to that ServiceAccount, then delete the grant to `default`.',
    ],
    kubectl:
      'kubectl -n <namespace> create serviceaccount <app>\nkubectl -n <namespace> create rolebinding <app> --role=<role> --serviceaccount=<namespace>:<app>\nkubectl -n <namespace> delete rolebinding <binding-naming-default>',
  },
  evaluate(ctx) {
    const gap = rbacCoverageGap(ctx.snapshot, 'permissions of default service accounts');
    if (gap) return gap;
    const namespaces = new Set<string>();
    for (const ns of ctx.snapshot.objects.namespaces) if (ns.metadata?.name) namespaces.add(ns.metadata.name);
    for (const sa of ctx.snapshot.objects.serviceAccounts) if (sa.metadata?.name === 'default') namespaces.add(sa.metadata.namespace || 'default');
    for (const s of ctx.rbac.subjects) if (s.subject.kind === 'ServiceAccount' && s.subject.name === 'default' && s.bindings.length > 0) namespaces.add(s.subject.namespace!);
    const results: CheckResult[] = [];
    for (const namespace of [...namespaces].sort()) {
      const subject: Subject = { kind: 'ServiceAccount', namespace, name: 'default' };
      const entry = ctx.rbac.subjectsByKey.get(subjectKey(subject));
      // A system namespace's default ServiceAccount is judged only when a binding the cluster did not create names it.
      if (isSystemNamespace(namespace) && (entry?.isSystem ?? true)) continue;
      const grants = entry?.directGrants ?? [];
      if (grants.length === 0) {
        const dangling = entry?.bindings.length ?? 0;
        results.push({
          status: 'pass',
          resource: subjectResource(subject),
          message:
            dangling > 0
              ? `The default ServiceAccount of ${namespace} is named only in bindings to roles that do not exist, so it holds no permissions yet; remove those bindings.`
              : `No binding grants the default ServiceAccount of ${namespace} any permission.`,
          ...(dangling > 0 ? { evidence: { bindings: entry!.bindings } } : {}),
        });
        continue;
      }
      results.push({
        status: 'fail',
        resource: subjectResource(subject),
        message: `The default ServiceAccount of ${namespace} is granted permissions through ${describeGrantChains(grants)}; every pod without its own service account gets them.`,
        evidence: { grants: grants.map(grantEvidence) },
      });
    }
    return results;
  },
};
