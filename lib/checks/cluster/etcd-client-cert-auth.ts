import type { Check, CheckResult } from '../types';
import { etcdConfigFileResult, etcdSetting, flagBool, flagPath, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'etcd-client-cert-auth',
  title: 'etcd does not require client certificates',
  section: 'cluster',
  severity: 'critical',
  reads: ['pods'],
  guideRef: '1.3',
  description:
    'Reads the etcd static Pod\'s --client-cert-auth (default false) and --trusted-ca-file (flags, else ETCD_* environment variables). ' +
    'Both are needed for etcd to accept only clients holding a certificate signed by the trusted CA. With --config-file the result is not applicable.',
  rationale:
    'Anyone who can write to etcd controls the cluster (guide 1.3). Without client-certificate authentication any process that reaches port 2379 can read every Secret and rewrite any object, bypassing the API server\'s authentication, authorization and admission.',
  remediation: {
    steps: [
      'In the etcd static Pod manifest set --client-cert-auth=true and --trusted-ca-file to the etcd CA certificate.',
      'Give the API server a client certificate from that CA (--etcd-certfile / --etcd-keyfile) before restarting etcd.',
    ],
    patch: 'spec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n    - --client-cert-auth=true\n    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'etcd', (component) => {
      const fromFile = etcdConfigFileResult(snapshot, component);
      if (fromFile) return fromFile;
      const rawAuth = etcdSetting(snapshot, component, 'client-cert-auth');
      const auth = flagBool(rawAuth) ?? false;
      const ca = etcdSetting(snapshot, component, 'trusted-ca-file');
      const problems: string[] = [];
      if (!auth) problems.push(rawAuth === undefined ? '--client-cert-auth is unset (default false)' : `--client-cert-auth=${rawAuth}`);
      if (!ca?.trim()) problems.push('--trusted-ca-file is not set');
      const culprit = !auth ? 'client-cert-auth' : 'trusted-ca-file';
      const evidence = { 'client-cert-auth': rawAuth ?? null, 'trusted-ca-file': ca ?? null };
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit), detail: 'client-cert-auth', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `etcd accepts clients without a trusted certificate: ${problems.join('; ')}.` };
      return { ...base, status: 'pass', message: `etcd requires client certificates signed by ${ca}.` };
    });
  },
};
