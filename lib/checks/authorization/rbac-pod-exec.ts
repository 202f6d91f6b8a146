import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-pod-exec',
  title: 'Subject can exec or attach into pods',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted create or get on pods/exec or pods/attach, or update/patch on pods/ephemeralcontainers (kubectl debug), including through `*` resources or `*/exec`. ' +
    'A grant on `pods` alone does not count: RBAC names subresources separately. Grants limited to named pods pass and are listed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is not applicable here: rbac-cluster-admin-binding reports that binding once. ' +
    'Granted inside kube-system (edit or admin through a RoleBinding there, say) it is rated critical: it reaches the controllers\' service accounts and their tokens, which is a cluster takeover.',
  rationale:
    'Exec and attach run commands inside a running container with everything it has: its service-account token, mounted secrets and network reach. ' +
    'Guide 3.3 warns that a compromised pod gives its service account\'s permissions to the attacker; exec rights let anyone holding them do exactly that on demand.',
  remediation: {
    steps: [
      'Remove pods/exec, pods/attach and pods/ephemeralcontainers from the role named in the evidence, or bind a role without them.',
      'Give interactive debugging rights only to named operators, in the namespaces they own, and preferably just in time.',
      'Verify: `kubectl auth can-i create pods/exec -n <namespace> --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i create pods/exec -n <namespace> --as=<subject>',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['pod-exec'], ability: 'exec or attach into pods', checkSubject: 'exec access to pods' }, 'high'),
};
