import type { Check, CheckResult } from '../types';
import { flagList, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

const REQUIRED = ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'] as const;

export const check: Check = {
  id: 'apiserver-etcd-tls',
  title: 'API server talks to etcd without mutual TLS',
  section: 'cluster',
  severity: 'high',
  reads: ['pods'],
  guideRef: '1.3',
  description:
    'Reads the kube-apiserver flags that secure its connection to etcd: --etcd-cafile (verifies etcd\'s certificate), --etcd-certfile and --etcd-keyfile (the client certificate etcd requires). ' +
    'None has a default. Also fails when an --etcd-servers URL uses plain http://.',
  rationale:
    'All cluster state, Secrets included, travels between the API server and etcd. Without TLS it can be read or altered on the wire, and without a client certificate etcd cannot require authentication from its clients.',
  remediation: {
    steps: [
      'Issue a client certificate for the API server from the etcd CA (kubeadm: /etc/kubernetes/pki/apiserver-etcd-client.crt).',
      'Set --etcd-cafile, --etcd-certfile and --etcd-keyfile in the kube-apiserver static Pod manifest and use https:// URLs in --etcd-servers.',
      'Configure etcd with --client-cert-auth=true and --trusted-ca-file so that it only accepts such clients.',
    ],
    patch:
      'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const missing = REQUIRED.filter((f) => !flagSet(flags, f));
      const plainServers = flagList(flags['etcd-servers']).filter((url) => url.toLowerCase().startsWith('http://'));
      const evidence = Object.fromEntries([...REQUIRED, 'etcd-servers'].map((f) => [f, flags[f] ?? null]));
      const problems: string[] = [];
      if (missing.length > 0) problems.push(`${missing.map((f) => `--${f}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`);
      if (plainServers.length > 0) problems.push(`etcd is reached over plain HTTP (${plainServers.join(', ')})`);
      const culprit = missing[0] ?? (plainServers.length > 0 ? 'etcd-servers' : 'etcd-certfile');
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit), detail: 'etcd-tls', evidence };
      if (problems.length > 0) {
        return { ...base, status: 'fail', message: `The API server's connection to etcd is not protected by mutual TLS: ${problems.join('; ')}.` };
      }
      return { ...base, status: 'pass', message: 'The API server verifies etcd with --etcd-cafile and authenticates with a client certificate.' };
    });
  },
};
