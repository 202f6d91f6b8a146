import type { Check, CheckResult } from '../types';
import { etcdConfigFileResult, etcdSetting, flagBool, flagList, flagPath, forEachComponent, podRef } from './_shared/control-plane';

/** etcd's default for --listen-client-urls. */
const DEFAULT_LISTEN_CLIENT_URLS = 'http://localhost:2379';

export const check: Check = {
  id: 'etcd-tls',
  title: 'etcd serves clients without TLS',
  section: 'cluster',
  severity: 'high',
  reads: ['pods'],
  guideRef: '1.3',
  description:
    'Reads the etcd static Pod\'s settings (flags, else the matching ETCD_* environment variables): --cert-file and --key-file must be set and --auto-tls must not be what provides TLS ' +
    '(etcd ignores --auto-tls=true when a certificate and key are given), ' +
    'and every --listen-client-urls entry must be https:// (unset, etcd listens on http://localhost:2379). When etcd is started with --config-file it ignores flags and the result is not applicable.',
  rationale:
    'etcd holds the whole cluster state including Secrets. Plain HTTP exposes it on the wire and skips client-certificate authentication altogether; auto-TLS uses self-signed certificates no client can verify.',
  remediation: {
    steps: [
      'Issue a serving certificate for etcd from a dedicated etcd CA (kubeadm: /etc/kubernetes/pki/etcd/server.crt).',
      'In the etcd static Pod manifest set --cert-file and --key-file, use only https:// URLs in --listen-client-urls and --advertise-client-urls, and remove --auto-tls=true.',
    ],
    patch:
      'spec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n    - --key-file=/etc/kubernetes/pki/etcd/server.key\n    - --listen-client-urls=https://127.0.0.1:2379,https://<node-ip>:2379',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'etcd', (component) => {
      const fromFile = etcdConfigFileResult(snapshot, component);
      if (fromFile) return fromFile;
      const get = (flag: string) => etcdSetting(snapshot, component, flag);
      const certFile = get('cert-file');
      const keyFile = get('key-file');
      const autoTls = flagBool(get('auto-tls')) ?? false;
      const listen = get('listen-client-urls');
      const plainUrls = flagList(listen ?? DEFAULT_LISTEN_CLIENT_URLS).filter((u) => !u.toLowerCase().startsWith('https://') && !u.toLowerCase().startsWith('unixs://'));
      const problems: string[] = [];
      let culprit: string | undefined;
      const mark = (flag: string, text: string) => {
        problems.push(text);
        culprit ??= flag;
      };
      if (!certFile?.trim()) mark('cert-file', '--cert-file is not set');
      if (!keyFile?.trim()) mark('key-file', '--key-file is not set');
      // etcd ignores auto-TLS when a certificate and key are given ("ignoring client auto TLS since certs given").
      if (autoTls && !(certFile?.trim() && keyFile?.trim())) mark('auto-tls', '--auto-tls=true serves self-signed certificates no client can verify');
      if (plainUrls.length > 0) {
        mark('listen-client-urls', `clients are served without TLS on ${plainUrls.join(', ')}${listen === undefined ? ' (the default when --listen-client-urls is unset)' : ''}`);
      }
      const evidence = { 'cert-file': certFile ?? null, 'key-file': keyFile ?? null, 'auto-tls': get('auto-tls') ?? null, 'listen-client-urls': listen ?? null };
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit ?? 'cert-file'), detail: 'client-tls', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `etcd client connections are not protected by TLS: ${problems.join('; ')}.` };
      return {
        ...base,
        status: 'pass',
        message: `etcd serves clients only over TLS with its own certificate${autoTls ? ' (--auto-tls=true is ignored because a certificate is given; remove it)' : ''}.`,
      };
    });
  },
};
