import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-secrets-access',
  title: 'Subject can read secrets',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds users, groups and service accounts whose RoleBindings or ClusterRoleBindings grant get, list or watch on secrets (directly, through `*` verbs, resources or API groups, or through an aggregated ClusterRole). ' +
    'Grants limited to named secrets (resourceNames) pass and are listed as evidence. System components are not assessed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is not applicable here: rbac-cluster-admin-binding reports that binding once. ' +
    'Granted inside kube-system (edit or admin through a RoleBinding there, say) it is rated critical: it reaches the controllers\' service accounts and their tokens, which is a cluster takeover.',
  rationale:
    'Reading a secret returns its value, and list or watch returns every secret in scope at once: service-account tokens, registry credentials, TLS keys. ' +
    'Guide 3.3 asks for roles that grant only the actions an entity needs; whoever holds this permission holds every credential it can read (guide 6).',
  remediation: {
    steps: [
      'Find the binding and role named in the evidence (`kubectl describe rolebinding|clusterrolebinding <name>`).',
      'Remove get/list/watch on secrets from the role, or bind a narrower role instead; where one secret is needed, list it in resourceNames and grant get only.',
      'Prefer a namespace RoleBinding over a ClusterRoleBinding, and mount secrets into the pods that need them rather than reading them through the API.',
      'Verify: `kubectl auth can-i list secrets -n <namespace> --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i list secrets -n <namespace> --as=system:serviceaccount:<namespace>:<name>',
    patch: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["<secret-the-app-needs>"]\n    verbs: ["get"]\n',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['secrets-read'], ability: 'read secrets', checkSubject: 'access to secrets' }, 'high'),
};
