import path from 'node:path';
import type { Check, CheckResult } from '../types';
import { components, etcdConfigFileResult, etcdSetting, flagPath, forEachComponent, podRef } from './_shared/control-plane';

/** A CA file path compared the way the file system would resolve it (`/etc//pki/./ca.crt` = `/etc/pki/ca.crt`). */
function samePath(value: string): string {
  return path.posix.normalize(value.trim());
}

export const check: Check = {
  id: 'etcd-separate-ca',
  title: 'etcd trusts the cluster CA instead of its own',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.3',
  description:
    'Compares etcd\'s --trusted-ca-file (flag, else ETCD_TRUSTED_CA_FILE; the CA whose client certificates etcd accepts) with the kube-apiserver\'s --client-ca-file (the CA of every Kubernetes client certificate). ' +
    'The same file means etcd accepts any certificate the cluster CA signs — including those of users and kubelets. ' +
    'Files are compared by path, as the static Pods name them (kubeadm keeps etcd\'s CA at /etc/kubernetes/pki/etcd/ca.crt); two paths holding the same certificate cannot be told apart. ' +
    'Not applicable when etcd or the API server is not visible (managed control planes), when etcd sets no trusted CA (etcd-client-cert-auth reports that), or when etcd reads a --config-file.',
  rationale:
    'Anyone who holds etcd has the whole cluster, Secrets included, without RBAC or audit (guide 1.3). If etcd trusts the cluster CA, a certificate issued for a kubelet, a user or through an approved CSR is also a key to etcd.',
  remediation: {
    steps: [
      'Create a dedicated CA for etcd (kubeadm does: /etc/kubernetes/pki/etcd/ca.crt) and issue the etcd server, peer and API server client certificates (apiserver-etcd-client) from it.',
      'Set --trusted-ca-file and --peer-trusted-ca-file on etcd to that CA, and --etcd-cafile, --etcd-certfile and --etcd-keyfile on the API server to match; roll the change one member at a time.',
    ],
    patch: 'spec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const clusterCas = new Map<string, string>();
    for (const apiserver of components(snapshot, 'kube-apiserver')) {
      const ca = apiserver.flags['client-ca-file'];
      if (ca?.trim()) clusterCas.set(samePath(ca), ca);
    }
    const apiserverVisible = components(snapshot, 'kube-apiserver').length > 0;
    return forEachComponent(snapshot, 'etcd', (component) => {
      const fromFile = etcdConfigFileResult(snapshot, component);
      if (fromFile) return { ...fromFile, detail: 'separate-ca' };
      const trusted = etcdSetting(snapshot, component, 'trusted-ca-file');
      const evidence = { 'trusted-ca-file': trusted ?? null, 'apiserver client-ca-file': [...clusterCas.values()] };
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'trusted-ca-file'), detail: 'separate-ca', evidence };
      if (!trusted?.trim()) {
        return { ...base, status: 'not-applicable', message: 'etcd names no client CA (--trusted-ca-file unset), so there is no CA to compare; etcd-client-cert-auth reports the missing client authentication.' };
      }
      if (!apiserverVisible || clusterCas.size === 0) {
        return { ...base, status: 'not-applicable', message: `etcd trusts ${trusted}, but the API server's client CA (--client-ca-file) is not visible, so it cannot be compared.` };
      }
      if (clusterCas.has(samePath(trusted))) {
        return { ...base, status: 'fail', message: `etcd trusts the cluster CA (${trusted}, also the API server's --client-ca-file): any certificate the cluster CA signs is accepted by etcd.` };
      }
      return { ...base, status: 'pass', message: `etcd trusts its own CA (${trusted}), not the cluster CA (${[...clusterCas.values()].join(', ')}).` };
    });
  },
};
