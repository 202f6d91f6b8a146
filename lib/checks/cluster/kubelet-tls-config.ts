import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configBool, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';
import { STRONG_CIPHER_SUITES, tlsVersionTooOld, weakCipherSuites } from './_shared/tls';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export const check: Check = {
  id: 'kubelet-tls-config',
  title: 'Kubelet TLS: no client CA, a self-signed serving certificate or weak ciphers',
  section: 'cluster',
  severity: 'medium',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads each node\'s kubelet configuration. authentication.x509.clientCAFile must be set (no default: without it the kubelet accepts no client certificate, including the API server\'s). ' +
    'The serving certificate must come from somewhere clients can verify: tlsCertFile and tlsPrivateKeyFile both set, or serverTLSBootstrap: true (a certificate signed through the certificates API); with neither (the default, and kubeadm\'s) the kubelet generates a self-signed certificate. ' +
    'tlsCipherSuites must not list a suite Go marks insecure (RC4, 3DES, CBC-SHA256; unset uses Go\'s secure defaults) and tlsMinVersion must not be VersionTLS10 or VersionTLS11. The matching flags (--client-ca-file, --tls-cert-file, --tls-cipher-suites, --tls-min-version) override the file; live scans see the result in configz.',
  rationale:
    'The kubelet API on port 10250 runs commands in containers and returns their logs and secrets-bearing environment (guide 1.2). If it cannot check client certificates, the API server cannot authenticate to it; if its own certificate is self-signed, nothing can verify it is talking to the real kubelet, so the API server (without --kubelet-certificate-authority) and monitoring agents talk to whoever answers; weak ciphers let a network attacker read or alter those sessions.',
  remediation: {
    steps: [
      'Set authentication.x509.clientCAFile to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt).',
      'Set serverTLSBootstrap: true and approve the kubelet-serving CertificateSigningRequests (kubectl get csr; kubectl certificate approve <csr>, or run an approver), or provision tlsCertFile and tlsPrivateKeyFile yourself; then set --kubelet-certificate-authority on the API server.',
      `Remove weak suites from tlsCipherSuites (or drop the field for Go's secure defaults; a strong list is ${STRONG_CIPHER_SUITES}) and set tlsMinVersion: VersionTLS12.`,
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nserverTLSBootstrap: true\ntlsMinVersion: VersionTLS12'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const clientCA = text(configValue(config, 'authentication.x509.clientCAFile'));
      const certFile = text(configValue(config, 'tlsCertFile'));
      const keyFile = text(configValue(config, 'tlsPrivateKeyFile'));
      const bootstrap = configBool(configValue(config, 'serverTLSBootstrap')) ?? false;
      const rawSuites = configValue(config, 'tlsCipherSuites');
      const suites = Array.isArray(rawSuites) ? rawSuites.filter((s): s is string => typeof s === 'string') : [];
      const minVersion = text(configValue(config, 'tlsMinVersion'));
      const weak = weakCipherSuites(suites);

      const problems: string[] = [];
      let culprit: string | undefined;
      const mark = (path: string, message: string) => {
        problems.push(message);
        culprit ??= path;
      };
      if (!clientCA) mark('authentication.x509.clientCAFile', 'authentication.x509.clientCAFile is not set, so no client certificate is accepted');
      if (!bootstrap && !(certFile && keyFile)) {
        if (certFile || keyFile) mark(certFile ? 'tlsPrivateKeyFile' : 'tlsCertFile', `only ${certFile ? 'tlsCertFile' : 'tlsPrivateKeyFile'} is set; the serving certificate needs both`);
        else mark('serverTLSBootstrap', 'it serves a self-signed certificate (no tlsCertFile/tlsPrivateKeyFile and serverTLSBootstrap is not true)');
      }
      if (weak.length > 0) mark('tlsCipherSuites', `tlsCipherSuites offers weak suites (${weak.join(', ')})`);
      if (tlsVersionTooOld(minVersion)) mark('tlsMinVersion', `tlsMinVersion ${minVersion} accepts TLS versions older than 1.2`);

      const evidence = {
        'authentication.x509.clientCAFile': clientCA ?? null,
        tlsCertFile: certFile ?? null,
        tlsPrivateKeyFile: keyFile ?? null,
        serverTLSBootstrap: bootstrap,
        tlsCipherSuites: suites.length > 0 ? suites : null,
        tlsMinVersion: minVersion ?? null,
        weakCipherSuites: weak,
      };
      const base = { resource: nodeRef(nodeName), path: culprit ?? 'authentication.x509.clientCAFile', detail: 'tls-config', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `The kubelet on ${nodeName} has weak TLS: ${problems.join('; ')}.` };
      return {
        ...base,
        status: 'pass',
        message: `The kubelet on ${nodeName} verifies client certificates against ${clientCA} and serves ${bootstrap ? 'a certificate signed through the certificates API (serverTLSBootstrap)' : `the certificate ${certFile}`}.`,
      };
    });
  },
};
