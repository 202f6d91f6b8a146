import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-workload-create',
  title: 'Subject can create workloads',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted create on pods, deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs or replicationcontrollers. ' +
    'resourceNames cannot restrict create, so such grants count in full only when unrestricted (a named-only create grant authorises nothing). System components are not assessed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is not applicable here: rbac-cluster-admin-binding reports that binding once. ' +
    'Granted inside kube-system (edit or admin through a RoleBinding there, say) it is rated critical: it reaches the controllers\' service accounts and their tokens, which is a cluster takeover.',
  rationale:
    'Whoever can create a pod, or anything that makes pods, can run any image as any service account of the namespace and mount any of its secrets, so they inherit every permission in that namespace (guide 3.3, least privilege; guide 5 for what an arbitrary pod can do). ' +
    'Deployment pipelines need it; people and application service accounts usually do not.',
  remediation: {
    steps: [
      'Check that the subject in the evidence really deploys workloads (a CI/CD or GitOps identity); if not, remove create on these resources from its role.',
      'Limit deployers to the namespaces they deploy to (RoleBinding rather than ClusterRoleBinding).',
      'Pair workload-creation rights with Pod Security Admission so created pods cannot be privileged.',
    ],
    kubectl: 'kubectl auth can-i create pods -n <namespace> --as=<subject>',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['workload-create'], ability: 'create workloads', checkSubject: 'workload creation rights' }, 'medium'),
};
