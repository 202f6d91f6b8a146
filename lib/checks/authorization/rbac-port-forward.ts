import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-port-forward',
  title: 'Subject can port-forward into pods',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted create (or get, which WebSocket clients use) on pods/portforward, directly, through `*` resources or `*/portforward`, or through edit and admin (aggregated). ' +
    'A grant on `pods` alone does not count: RBAC names subresources separately. Grants limited to named pods pass and are listed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is left to rbac-cluster-admin-binding.',
  rationale:
    'kubectl port-forward tunnels through the API server and the kubelet into the pod\'s own network namespace: NetworkPolicies do not see the connection (guide 5.6), and ports a container binds to localhost only — admin consoles, debug and metrics endpoints, databases without passwords — become reachable. ' +
    'Guide 3.3 asks for only the rights an entity needs; day-to-day access to services belongs behind Services and authentication.',
  remediation: {
    steps: [
      'Remove pods/portforward from the role in the evidence, or bind a role without it (view instead of edit for read-only users).',
      'Grant tunnels just in time, in the namespace concerned, to the operators who need them.',
      'Verify: `kubectl auth can-i create pods/portforward -n <namespace> --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i create pods/portforward -n <namespace> --as=<subject>',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['pod-port-forward'], ability: 'port-forward into pods', checkSubject: 'port-forward rights' }, 'medium'),
};
