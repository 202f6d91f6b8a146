import { clusterResource, type Check, type CheckResult } from '../types';
import { components, componentNotVisible, flagSet } from '../cluster/_shared/control-plane';

export const check: Check = {
  id: 'secrets-encryption-at-rest',
  title: 'Secrets are not encrypted at rest in etcd',
  section: 'secrets',
  severity: 'high',
  reads: [],
  guideRef: '6.3',
  description:
    'One result for the whole cluster: every kube-apiserver must have --encryption-provider-config (no default; without it Secrets are stored in etcd only base64-encoded). ' +
    'The configuration file itself is not visible, so a pass means encryption is configured, not that its first provider is a real one (aescbc, aesgcm, secretbox or kms rather than identity). ' +
    'Not applicable when no API server pod is visible (managed control planes encrypt, or offer envelope encryption, outside the cluster\'s view).',
  rationale:
    'Anyone who gets a copy of etcd — a backup, a snapshot, disk access on a control-plane node — reads every Secret in clear text unless the API server encrypts them before storing.',
  remediation: {
    steps: [
      'Write an EncryptionConfiguration that lists secrets under resources with a kms v2 (preferred) or aescbc/secretbox provider first and identity last, at /etc/kubernetes/enc/encryption-config.yaml (mode 600).',
      'Pass it with --encryption-provider-config on every kube-apiserver and mount its directory into the static Pod.',
      'Rewrite existing Secrets so they are stored encrypted: `kubectl get secrets -A -o json | kubectl replace -f -`.',
    ],
    kubectl: 'kubectl get secrets -A -o json | kubectl replace -f -',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const apiservers = components(snapshot, 'kube-apiserver');
    if (apiservers.length === 0) return componentNotVisible(snapshot, 'kube-apiserver');
    const missing = apiservers.filter((c) => !flagSet(c.flags, 'encryption-provider-config')).map((c) => c.pod.name);
    const evidence = {
      apiServers: apiservers.map((c) => ({ pod: c.pod.name, 'encryption-provider-config': c.flags['encryption-provider-config'] ?? null })),
    };
    const base = { resource: clusterResource(snapshot), detail: 'encryption-at-rest', evidence };
    if (missing.length === 0) {
      return [{ ...base, status: 'pass', message: 'Every API server encrypts resources at rest (--encryption-provider-config is set; verify that its first provider for secrets is not identity).' }];
    }
    return [
      {
        ...base,
        status: 'fail',
        message:
          missing.length === apiservers.length
            ? 'Secrets are stored in etcd unencrypted: no API server has --encryption-provider-config.'
            : `Secrets written through ${missing.join(', ')} are stored unencrypted: those API servers lack --encryption-provider-config.`,
      },
    ];
  },
};
