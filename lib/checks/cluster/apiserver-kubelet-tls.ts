import type { Check, CheckResult } from '../types';
import { flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'apiserver-kubelet-tls',
  title: 'API server connects to kubelets without certificates',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.2',
  description:
    'Reads the kube-apiserver flags for its connections to kubelets (exec, logs, port-forward): --kubelet-client-certificate and --kubelet-client-key (how it authenticates, needed once kubelets reject anonymous requests) ' +
    'and --kubelet-certificate-authority (how it verifies each kubelet\'s serving certificate; without it the connection is not verified). None has a default. ' +
    'Verifying kubelets needs serving certificates signed by the cluster CA (kubelet serverTLSBootstrap).',
  rationale:
    'Without a client certificate kubelets must allow anonymous access for the API server to reach them; without verification a machine in the middle can impersonate a kubelet and capture exec sessions and logs.',
  remediation: {
    steps: [
      'Give the API server a client certificate signed by the CA the kubelets trust (kubeadm: /etc/kubernetes/pki/apiserver-kubelet-client.crt) and set --kubelet-client-certificate and --kubelet-client-key.',
      'Enable serverTLSBootstrap on kubelets, approve their serving CSRs, then set --kubelet-certificate-authority to the cluster CA.',
    ],
    patch:
      'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n    - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const flagsToCheck = ['kubelet-client-certificate', 'kubelet-client-key', 'kubelet-certificate-authority'];
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const missing = flagsToCheck.filter((f) => !flagSet(component.flags, f));
      const evidence = Object.fromEntries(flagsToCheck.map((f) => [f, component.flags[f] ?? null]));
      const base = { resource: podRef(component), path: flagPath(snapshot, component, missing[0] ?? 'kubelet-client-certificate'), detail: 'kubelet-tls', evidence };
      if (missing.length === 0) return { ...base, status: 'pass', message: 'The API server authenticates to kubelets with a client certificate and verifies their serving certificates.' };
      const authMissing = missing.filter((f) => f !== 'kubelet-certificate-authority');
      const parts: string[] = [];
      if (authMissing.length > 0) parts.push(`it presents no client certificate (${authMissing.map((f) => `--${f}`).join(', ')} unset)`);
      if (missing.includes('kubelet-certificate-authority')) parts.push('it does not verify kubelet serving certificates (--kubelet-certificate-authority unset)');
      return { ...base, status: 'fail', message: `The API server's connections to kubelets are weak: ${parts.join('; ')}.` };
    });
  },
};
