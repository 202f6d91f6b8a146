import type { Check, CheckResult } from '../types';
import { componentMinor, flagList, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';
import { STRONG_CIPHER_SUITES, tlsVersionTooOld, weakCipherSuites } from './_shared/tls';

const FLAGS = [
  'tls-cert-file',
  'tls-private-key-file',
  'client-ca-file',
  'service-account-key-file',
  'service-account-signing-key-file',
  'service-account-issuer',
  'tls-cipher-suites',
  'tls-min-version',
] as const;

export const check: Check = {
  id: 'apiserver-tls-config',
  title: 'API server TLS, client CA or service-account key settings are missing or weak',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads the kube-apiserver flags that make its TLS and its tokens trustworthy. --tls-cert-file and --tls-private-key-file must both be set (without them the API server generates a self-signed certificate in --cert-dir that no client can verify). ' +
    '--client-ca-file must be set (without it no client certificate is accepted, so kubelets and components cannot authenticate with certificates). ' +
    '--service-account-key-file must be set (unset, tokens are verified with the serving key of --tls-private-key-file); from Kubernetes 1.20 --service-account-issuer and --service-account-signing-key-file are required for the TokenRequest API and are checked too. ' +
    '--tls-cipher-suites must not list a suite Go marks insecure (RC4, 3DES, CBC-SHA256; unset uses Go\'s secure defaults) and --tls-min-version must not be VersionTLS10 or VersionTLS11 ' +
    '(unset: TLS 1.2 from Kubernetes 1.30, built with Go 1.22; older releases accept TLS 1.0, which is reported in the message but not failed).',
  rationale:
    'The API server is the one door to the cluster (guide 1.1). A certificate clients cannot verify invites a machine in the middle to collect credentials; a missing client CA or service-account key breaks the identities every component relies on; weak cipher suites and old TLS versions let a network attacker weaken or decrypt the sessions that carry tokens and Secrets.',
  remediation: {
    steps: [
      'Issue the API server a serving certificate from the cluster CA (kubeadm: /etc/kubernetes/pki/apiserver.crt) and set --tls-cert-file and --tls-private-key-file.',
      'Set --client-ca-file to the cluster CA, and --service-account-key-file, --service-account-signing-key-file and --service-account-issuer to a dedicated service-account key pair and the cluster\'s issuer URL.',
      `Remove weak suites from --tls-cipher-suites (or drop the flag for Go's secure defaults; a strong list is ${STRONG_CIPHER_SUITES}) and set --tls-min-version=VersionTLS12 or higher.`,
      'Edit the kube-apiserver static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml) on every control-plane node; the kubelet restarts the API server when the file changes.',
    ],
    patch:
      'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n    - --client-ca-file=/etc/kubernetes/pki/ca.crt\n    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key\n    - --service-account-issuer=https://kubernetes.default.svc.cluster.local\n    - --tls-min-version=VersionTLS12',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const minor = componentMinor(snapshot, component);
      const problems: string[] = [];
      let culprit: string | undefined;
      const mark = (flag: string, text: string) => {
        problems.push(text);
        culprit ??= flag;
      };
      const hasCert = flagSet(flags, 'tls-cert-file');
      const hasKey = flagSet(flags, 'tls-private-key-file');
      if (!hasCert || !hasKey) {
        const missing = [hasCert ? '' : '--tls-cert-file', hasKey ? '' : '--tls-private-key-file'].filter(Boolean).join(' and ');
        mark(hasCert ? 'tls-private-key-file' : 'tls-cert-file', `${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set, so it serves a self-signed certificate clients cannot verify`);
      }
      if (!flagSet(flags, 'client-ca-file')) mark('client-ca-file', '--client-ca-file is not set, so no client certificate is accepted');
      if (!flagSet(flags, 'service-account-key-file')) mark('service-account-key-file', '--service-account-key-file is not set, so service-account tokens are verified with the serving key');
      // From 1.20 the API server needs an issuer and a signing key for bound tokens (TokenRequest).
      if (minor === undefined || minor >= 20) {
        if (!flagSet(flags, 'service-account-signing-key-file')) mark('service-account-signing-key-file', '--service-account-signing-key-file is not set');
        if (!flagSet(flags, 'service-account-issuer')) mark('service-account-issuer', '--service-account-issuer is not set');
      }
      const weak = weakCipherSuites(flagList(flags['tls-cipher-suites']));
      if (weak.length > 0) mark('tls-cipher-suites', `--tls-cipher-suites offers weak suites (${weak.join(', ')})`);
      if (tlsVersionTooOld(flags['tls-min-version'])) mark('tls-min-version', `--tls-min-version=${flags['tls-min-version']} accepts TLS versions older than 1.2`);

      const evidence = { ...Object.fromEntries(FLAGS.map((f) => [f, flags[f] ?? null])), weakCipherSuites: weak };
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit ?? 'tls-cert-file'), detail: 'tls-config', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `The API server's TLS and token settings are incomplete or weak: ${problems.join('; ')}.` };
      const oldDefault = flags['tls-min-version'] === undefined && minor !== undefined && minor < 30;
      return {
        ...base,
        status: 'pass',
        message: `The API server serves its own certificate, accepts client certificates from ${flags['client-ca-file']} and verifies service-account tokens with ${flags['service-account-key-file']}${
          oldDefault ? '; --tls-min-version is unset, which before Kubernetes 1.30 still accepts TLS 1.0 and 1.1 (set VersionTLS12)' : ''
        }.`,
      };
    });
  },
};
