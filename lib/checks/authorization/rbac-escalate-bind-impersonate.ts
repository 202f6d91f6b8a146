import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-escalate-bind-impersonate',
  title: 'Subject can escalate, bind or impersonate',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted escalate or bind on roles or clusterroles, or impersonate on users, groups, service accounts or uids. ' +
    'A RoleBinding cannot grant escalate on clusterroles or impersonation of users and groups (they are cluster-scoped), but it can grant bind on clusterroles within its namespace. Grants limited to named roles or identities pass and are listed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is not applicable here: rbac-cluster-admin-binding reports that binding once. ' +
    'Granted inside kube-system (edit or admin through a RoleBinding there, say) it is rated critical: it reaches the controllers\' service accounts and their tokens, which is a cluster takeover.',
  rationale:
    'RBAC stops people from granting permissions they do not hold; escalate and bind switch that protection off, and impersonate lets the holder act as any identity, system:masters included. ' +
    'Each one turns a limited account into a cluster administrator (guide 3.3, least privilege).',
  remediation: {
    steps: [
      'Remove escalate, bind and impersonate from the role named in the evidence.',
      'Where a delegated administrator must bind roles, grant bind with resourceNames listing only the roles they may hand out.',
      'Where impersonation is needed (an authenticating proxy), restrict it with resourceNames to the identities it may assume.',
    ],
    kubectl: 'kubectl auth can-i impersonate users --as=<subject>; kubectl auth can-i bind clusterroles --as=<subject>',
  },
  evaluate: (ctx) =>
    evaluateRiskCheck(ctx, { riskIds: ['escalate-bind', 'impersonate'], ability: 'escalate, bind or impersonate', checkSubject: 'privilege-escalation verbs' }, 'high'),
};
