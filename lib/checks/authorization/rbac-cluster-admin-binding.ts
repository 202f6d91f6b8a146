import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-cluster-admin-binding',
  title: 'Subject is cluster-admin',
  section: 'authorization',
  severity: 'critical',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds users, groups and service accounts bound cluster-wide to cluster-admin or to any ClusterRole with the same effect (a rule with `*` verbs on `*` resources in `*` API groups, aggregation included). ' +
    'A RoleBinding to cluster-admin is limited to its namespace and is reported by the narrower checks instead. system:masters and other control-plane identities are not assessed, nor the bindings Kubernetes and kubeadm create for their own components; a service account in kube-system (or another system namespace) that someone bound to cluster-admin is reported like any other, ' +
    'nor are the bindings a managed service keeps on every cluster when name, role and subject all match (AKS aks-cluster-admin-binding for its local accounts clusterAdmin and clusterUser, and aks-cluster-admin-binding-aad for the Entra ID admin groups named by object ID).',
  rationale:
    'cluster-admin can do anything to every object, including reading every secret and rewriting RBAC; guide 1.1 points out that full API permissions amount to root on every machine of the cluster, so one stolen credential is the whole cluster. ' +
    'Guide 3.3 lists it among the user-facing roles meant for a few administrators; everyone else gets roles limited to what they need.',
  remediation: {
    steps: [
      'For each binding in the evidence, decide whether the subject truly administers the whole cluster.',
      'If not, delete the ClusterRoleBinding and bind a narrower role (admin, edit or view, or a custom role) with a RoleBinding in the namespaces the subject works in.',
      'Keep the few real administrators in an external identity provider group, and use break-glass credentials for emergencies.',
    ],
    kubectl: 'kubectl get clusterrolebindings -o wide | grep cluster-admin\nkubectl delete clusterrolebinding <name>',
  },
  evaluate: (ctx) =>
    evaluateRiskCheck(ctx, { riskIds: ['cluster-admin'], ability: 'do anything anywhere (cluster-admin equivalent)', checkSubject: 'cluster-admin bindings' }, 'critical'),
};
