import type { Check, CheckResult } from '../types';
import { etcdConfigFileResult, etcdSetting, flagBool, flagList, flagPath, forEachComponent, podRef } from './_shared/control-plane';

/** etcd's default for --listen-peer-urls. */
const DEFAULT_LISTEN_PEER_URLS = 'http://localhost:2380';

export const check: Check = {
  id: 'etcd-peer-tls',
  title: 'etcd members talk to each other without mutual TLS',
  section: 'cluster',
  severity: 'high',
  reads: ['pods'],
  guideRef: '1.3',
  description:
    'Reads the etcd peer settings (flags, else ETCD_* environment variables): --peer-cert-file, --peer-key-file and --peer-trusted-ca-file must be set, --peer-client-cert-auth must be true (default false) ' +
    'and --peer-auto-tls must not be what provides peer TLS (it is ignored when peer certificates are given); every --listen-peer-urls entry must be https:// ' +
    '(etcd serves an http:// peer URL without TLS even when peer certificates are set; unset, it listens on http://localhost:2380). Single-member etcd also listens on the peer port, so the same applies. With --config-file the result is not applicable.',
  rationale:
    'Peers replicate every write. An unauthenticated peer port lets anyone who reaches it join the cluster or read the replicated data, Secrets included.',
  remediation: {
    steps: [
      'Issue peer certificates for every etcd member from the etcd CA (kubeadm: /etc/kubernetes/pki/etcd/peer.crt).',
      'Set --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true, remove --peer-auto-tls=true, and use https:// peer URLs, on every member.',
    ],
    patch:
      'spec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n    - --peer-client-cert-auth=true',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'etcd', (component) => {
      const fromFile = etcdConfigFileResult(snapshot, component);
      if (fromFile) return fromFile;
      const get = (flag: string) => etcdSetting(snapshot, component, flag);
      const problems: string[] = [];
      let culprit: string | undefined;
      const mark = (flag: string, text: string) => {
        problems.push(text);
        culprit ??= flag;
      };
      for (const flag of ['peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file']) {
        if (!get(flag)?.trim()) mark(flag, `--${flag} is not set`);
      }
      const rawAuth = get('peer-client-cert-auth');
      if (!(flagBool(rawAuth) ?? false)) mark('peer-client-cert-auth', rawAuth === undefined ? '--peer-client-cert-auth is unset (default false)' : `--peer-client-cert-auth=${rawAuth}`);
      // Like client auto-TLS, peer auto-TLS is ignored when a peer certificate and key are given.
      if (flagBool(get('peer-auto-tls')) === true && !(get('peer-cert-file')?.trim() && get('peer-key-file')?.trim())) {
        mark('peer-auto-tls', '--peer-auto-tls=true uses self-signed peer certificates');
      }
      // A peer URL with the http:// scheme is served without TLS: etcd ignores the peer certificate and key for it.
      const listen = get('listen-peer-urls');
      const plainUrls = flagList(listen ?? DEFAULT_LISTEN_PEER_URLS).filter((u) => !u.toLowerCase().startsWith('https://') && !u.toLowerCase().startsWith('unixs://'));
      if (plainUrls.length > 0) {
        mark('listen-peer-urls', `peers are served without TLS on ${plainUrls.join(', ')}${listen === undefined ? ' (the default when --listen-peer-urls is unset)' : ''}`);
      }
      const evidence = Object.fromEntries(
        ['peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file', 'peer-client-cert-auth', 'peer-auto-tls', 'listen-peer-urls'].map((f) => [f, get(f) ?? null]),
      );
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit ?? 'peer-client-cert-auth'), detail: 'peer-tls', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `etcd peer traffic is not protected by mutual TLS: ${problems.join('; ')}.` };
      return { ...base, status: 'pass', message: 'etcd peers authenticate each other with certificates from a trusted CA.' };
    });
  },
};
