import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-admission-webhook-write',
  title: 'Subject can change admission webhooks or policies',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '5.2',
  description:
    'Finds subjects that can create, update, patch or delete mutatingwebhookconfigurations or validatingwebhookconfigurations, or validating / mutating admission policies and their bindings (admissionregistration.k8s.io), `*` included. ' +
    'These are cluster-scoped, so only ClusterRoleBindings grant them. Grants limited to named configurations (a webhook server patching its own CA bundle) pass and are listed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is left to rbac-cluster-admin-binding.',
  rationale:
    'Guide 5.2 relies on admission controllers as a layer of defence; webhooks and admission policies are how a cluster adds its own. ' +
    'A mutating webhook sees and can rewrite every object it matches, secrets included, and can inject containers into any pod; deleting or narrowing a validating webhook or a policy binding switches its guardrail off. ' +
    'Guide 3.3 limits such powers to the administrators who need them.',
  remediation: {
    steps: [
      'Remove write verbs on the admission resources from the role in the evidence.',
      'A webhook server that only rotates its CA bundle needs update/patch on its own configuration: list it in resourceNames.',
      'Verify: `kubectl auth can-i patch mutatingwebhookconfigurations --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i patch mutatingwebhookconfigurations --as=<subject>\nkubectl auth can-i delete validatingadmissionpolicybindings --as=<subject>',
    patch:
      'rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    resourceNames: ["<its-own-webhook-configuration>"]\n    verbs: ["get", "update", "patch"]\n',
  },
  evaluate: (ctx) =>
    evaluateRiskCheck(ctx, { riskIds: ['admission-webhook-write'], ability: 'change admission webhooks or policies', checkSubject: 'admission configuration rights' }, 'high'),
};
