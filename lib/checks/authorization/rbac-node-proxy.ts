import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-node-proxy',
  title: 'Subject can reach kubelets through nodes/proxy',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '3.3',
  description:
    'Finds subjects granted any verb on nodes/proxy (directly or through `*` resources) in a ClusterRoleBinding. Nodes are cluster-scoped, so a RoleBinding never grants it. System components are not assessed. ' +
    'A subject that holds it only through a cluster-admin-equivalent grant is not applicable here: rbac-cluster-admin-binding reports that binding once.',
  rationale:
    'nodes/proxy forwards requests to the kubelet API of every node, which can run commands in any pod on the node; such requests skip the API server\'s admission control and are audited only as proxy calls (guide 1.2 kubelet, guide 3.3 least privilege). Monitoring agents rarely need more than nodes/metrics.',
  remediation: {
    steps: [
      'Replace nodes/proxy in the role named in the evidence with the narrow subresource the tool needs (nodes/metrics, nodes/stats).',
      'If a tool insists on nodes/proxy, keep it to that tool\'s service account only and review it regularly.',
    ],
    kubectl: 'kubectl auth can-i get nodes/proxy --as=<subject>',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['nodes-proxy'], ability: 'reach the kubelet API through nodes/proxy', checkSubject: 'kubelet proxy access' }, 'high'),
};
