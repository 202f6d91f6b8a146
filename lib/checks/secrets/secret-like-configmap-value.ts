import { clusterResource, type Check, type CheckResult } from '../types';
import { CREDENTIAL_KIND_LABELS } from '../../k8s/credential-values';

export const check: Check = {
  id: 'secret-like-configmap-value',
  title: 'ConfigMap value is a credential',
  section: 'secrets',
  severity: 'high',
  reads: ['configMaps'],
  guideRef: '6.1',
  description:
    'Flags ConfigMaps with a value that is a credential by its shape, whatever the key is called: PEM private keys (also base64-encoded or inside a JSON key file), AWS access key ids, GitHub / GitLab / Slack / Stripe tokens, JWTs, Bearer values, URLs and connection strings carrying a password or account key, in data and binaryData; and, inside configuration files, literal values of settings named as credentials (spring.datasource.password=…, admin_password = …, "apiKey": "…"), ignoring references (${VAR}, templates, ENC(…)), file paths and names of Secrets or Secret keys. ' +
    'Values are inspected while the ConfigMap is read and dropped at once; Rampart keeps only which key held which kind of credential. Certificates, public keys, digests and placeholder passwords (${VAR}, $(VAR), <password>, changeme) pass. ' +
    'One result per ConfigMap. Not applicable when the source gave ConfigMap metadata without values.',
  rationale:
    'ConfigMaps are meant for non-confidential settings: they are not covered by encryption at rest for Secrets, the built-in view role and many tools read and print them freely, and they are mounted and logged without care, so a credential in one reaches far more people than need it (guide 6.1 and 6.3).',
  remediation: {
    steps: [
      'Rotate the exposed credential: it must be considered leaked.',
      'Move the new value into a Secret (or an external secret store) and mount that Secret where the ConfigMap key was mounted, or reference it with secretKeyRef.',
      'Remove the key from the ConfigMap and from the source repository history.',
    ],
    kubectl: 'kubectl -n <namespace> create secret generic <name> --from-file=<key>=<file>\nkubectl -n <namespace> patch configmap <configmap> --type json -p \'[{"op":"remove","path":"/data/<key>"}]\'',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const inspected = snapshot.objects.configMaps.filter((cm) => cm.credentials !== undefined);
    if (inspected.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource: clusterResource(snapshot),
          message:
            snapshot.objects.configMaps.length === 0
              ? 'No ConfigMaps are visible, so their values cannot be assessed.'
              : 'ConfigMap values were not read (metadata only), so they cannot be assessed.',
        },
      ];
    }
    return inspected.map((cm): CheckResult => {
      const namespace = cm.metadata.namespace ?? 'default';
      const name = cm.metadata.name ?? '';
      const found = cm.credentials ?? [];
      const base = { resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace, name }, detail: 'values' };
      if (found.length === 0) return { ...base, status: 'pass', path: 'data', message: `ConfigMap ${namespace}/${name} holds no value recognised as a credential.` };
      return {
        ...base,
        status: 'fail',
        path: `${found[0].binary ? 'binaryData' : 'data'}["${found[0].key}"]`,
        message: `ConfigMap ${namespace}/${name} holds a credential in ${found.map((f) => `${f.key} (${CREDENTIAL_KIND_LABELS[f.kind]})`).join(', ')}; keep it in a Secret (value hidden).`,
        evidence: { keys: found.map((f) => ({ key: f.key, kind: f.kind, value: '********' })) },
      };
    });
  },
};
