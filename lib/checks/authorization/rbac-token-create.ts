import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-token-create',
  title: 'Subject can mint service-account tokens',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted create on serviceaccounts/token (the TokenRequest API behind `kubectl create token`), directly or through `*` verbs, `*` resources or `*/token`. ' +
    'create on serviceaccounts alone does not count: the token is a subresource. Grants limited to named service accounts pass and are listed. ' +
    'A grant inside kube-system, or cluster-wide (which includes kube-system), is critical: it mints tokens for the controllers\' service accounts. ' +
    'The cluster\'s own bindings are not assessed; a subject that holds it only through a cluster-admin-equivalent grant is left to rbac-cluster-admin-binding.',
  rationale:
    'A token minted for a service account authenticates as that service account, so whoever can mint tokens holds the permissions of every service account in scope, without running a pod or reading a secret. ' +
    'Guide 3.3 asks for roles limited to what an entity needs and warns that a service account\'s credential carries all of its permissions (2.1, 3.3).',
  remediation: {
    steps: [
      'Find the binding and role in the evidence and remove serviceaccounts/token from the role, or bind a narrower role.',
      'Where a component must mint tokens (a CI runner, a secrets manager), list the service accounts in resourceNames and bind the role in their namespace only, never cluster-wide.',
      'Prefer projected service-account tokens mounted into the pods that need them over minting tokens through the API.',
      'Verify: `kubectl auth can-i create serviceaccounts/token -n <namespace> --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i create serviceaccounts/token -n kube-system --as=system:serviceaccount:<namespace>:<name>',
    patch: 'rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    resourceNames: ["<service-account-it-must-impersonate>"]\n    verbs: ["create"]\n',
  },
  evaluate: (ctx) =>
    evaluateRiskCheck(
      ctx,
      { riskIds: ['serviceaccount-token-create'], ability: 'mint service-account tokens', checkSubject: 'token creation rights' },
      'high',
    ),
};
