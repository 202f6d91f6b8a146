import type { Check } from '../types';
import { evaluateRiskCheck } from './_shared/rbac';

export const check: Check = {
  id: 'rbac-csr-approve',
  title: 'Subject can approve certificate signing requests',
  section: 'authorization',
  severity: 'high',
  reads: ['rbac'],
  guideRef: '2.2',
  description:
    'Finds subjects that can approve CertificateSigningRequests: update or patch on certificatesigningrequests/approval together with approve on signers (certificates.k8s.io), possibly from different bindings, `*` included. ' +
    'Either half alone cannot approve a request and passes. Approve limited to named signers still approves for those signers and counts. ' +
    'The certificate controller\'s own bootstrap binding is not assessed; a subject that holds it only through a cluster-admin-equivalent grant is left to rbac-cluster-admin-binding.',
  rationale:
    'An approved request for a client signer (kubernetes.io/kube-apiserver-client) is signed by the cluster CA and becomes a client certificate for whatever user and groups the requester wrote in it, so approving CSRs is issuing cluster credentials (guide 2.2 authentication, 3.3 least privilege). ' +
    'Client certificates cannot be revoked before they expire.',
  remediation: {
    steps: [
      'Remove update/patch on certificatesigningrequests/approval or approve on signers from the role in the evidence.',
      'Keep approval with the certificate controller and the few administrators who issue credentials; for automation, grant approve only on the specific signer it handles (resourceNames), never on kubernetes.io/kube-apiserver-client.',
      'Verify: `kubectl auth can-i update certificatesigningrequests/approval --as=<subject>` answers no.',
    ],
    kubectl: 'kubectl auth can-i update certificatesigningrequests/approval --as=<subject>\nkubectl auth can-i approve signers.certificates.k8s.io/kubernetes.io/kube-apiserver-client --as=<subject>',
  },
  evaluate: (ctx) => evaluateRiskCheck(ctx, { riskIds: ['csr-approve'], ability: 'approve certificate signing requests', checkSubject: 'CSR approval rights' }, 'high'),
};
