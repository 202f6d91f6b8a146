import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configBool, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-certificate-rotation',
  title: 'Kubelet does not rotate its certificates',
  section: 'cluster',
  severity: 'medium',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads rotateCertificates from each node\'s kubelet configuration: it must be true so the kubelet renews its client certificate through the certificates API before it expires ' +
    '(both the file field and the --rotate-certificates flag default to false; kubeadm sets it to true). Also fails when the RotateKubeletServerCertificate feature gate is explicitly turned off. ' +
    'serverTLSBootstrap (serving certificates signed by the cluster CA) is reported in the evidence but not required: it only works where serving CSRs are approved, which most clusters do not automate. ' +
    'On EKS (server version `-eks-`) kubelets authenticate with an IAM token rather than a client certificate, so rotateCertificates is not required there.',
  rationale:
    'A kubelet that does not rotate keeps one long-lived credential: if it leaks it stays valid until it expires, and when it expires the node silently drops out of the cluster.',
  remediation: {
    steps: [
      'Set rotateCertificates: true in the kubelet configuration and remove any --rotate-certificates=false flag.',
      'Do not disable the RotateKubeletServerCertificate feature gate; to have serving certificates signed by the cluster CA, also set serverTLSBootstrap: true and approve the kubelet-serving CSRs (or run an approver).',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('rotateCertificates: true'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    // EKS kubelets authenticate with an IAM token (the EKS AMI's kubelet kubeconfig runs
    // aws-iam-authenticator) and EKS does not sign API client certificates: no client certificate to rotate.
    const iamTokenKubelets = /-eks-/.test(ctx.snapshot.serverVersion ?? '');
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const rawRotate = configValue(config, 'rotateCertificates');
      const rotate = configBool(rawRotate) ?? false;
      const gate = configBool(configValue(config, 'featureGates.RotateKubeletServerCertificate'));
      const serverTLSBootstrap = configBool(configValue(config, 'serverTLSBootstrap')) ?? false;
      const evidence = { rotateCertificates: rawRotate ?? null, 'featureGates.RotateKubeletServerCertificate': gate ?? null, serverTLSBootstrap };
      const problems: string[] = [];
      if (!rotate && !iamTokenKubelets) problems.push(rawRotate === undefined ? 'rotateCertificates is unset (default false)' : 'rotateCertificates is false');
      if (gate === false) problems.push('the RotateKubeletServerCertificate feature gate is disabled');
      const path = !rotate && !iamTokenKubelets ? 'rotateCertificates' : 'featureGates.RotateKubeletServerCertificate';
      const base = { resource: nodeRef(nodeName), path, detail: 'certificate-rotation', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `The kubelet on ${nodeName} does not rotate its certificates: ${problems.join('; ')}.` };
      if (!rotate) {
        return {
          ...base,
          path: 'rotateCertificates',
          status: 'pass',
          message: `The kubelet on ${nodeName} authenticates to the API server with an IAM token (EKS), not a client certificate, so it has no client certificate to rotate${serverTLSBootstrap ? '; its serving certificate is bootstrapped from the cluster CA' : ''}.`,
        };
      }
      return {
        ...base,
        path: 'rotateCertificates',
        status: 'pass',
        message: `The kubelet on ${nodeName} rotates its client certificate${serverTLSBootstrap ? ' and bootstraps its serving certificate from the cluster CA' : ''}.`,
      };
    });
  },
};
