import { clusterResource, type Check, type CheckResult } from '../types';
import { looksLikeSecretKey } from '../../k8s/secret-names';

export const check: Check = {
  id: 'secret-like-configmap-key',
  title: 'ConfigMap key looks like a credential',
  section: 'secrets',
  severity: 'medium',
  reads: ['configMaps'],
  guideRef: '6.1',
  description:
    'Reads the key names of every ConfigMap (values are never collected) and flags keys named like credentials: password, token, secret, api key, credentials files, private-key files (*.key, id_rsa, <name>-key.pem, privkey.pem, keystores in *.p12 / *.jks). Truststores and CA bundles (truststore.jks, bundle.p12, cacerts) hold only certificates and pass. ' +
    'One result per ConfigMap. Not applicable when the source gave ConfigMap metadata without key names.',
  rationale:
    'ConfigMaps are not meant for confidential data: they are not encrypted at rest, are readable by many roles (view includes them) and are printed freely by tools, so a credential in one reaches far more people than need it (least privilege, guide 6.1).',
  remediation: {
    steps: [
      'Move the value into a Secret (or an external secret store) and mount that instead.',
      'Remove the key from the ConfigMap and rotate the credential if it was real.',
    ],
    kubectl: 'kubectl -n <namespace> create secret generic <name> --from-file=<key>=<file>\nkubectl -n <namespace> edit configmap <configmap>',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const withKeys = snapshot.objects.configMaps.filter((cm) => cm.keys !== undefined);
    if (withKeys.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource: clusterResource(snapshot),
          message:
            snapshot.objects.configMaps.length === 0
              ? 'No ConfigMaps are visible, so their key names cannot be assessed.'
              : 'ConfigMap key names were not collected (metadata only), so they cannot be assessed.',
        },
      ];
    }
    return withKeys.map((cm): CheckResult => {
      const namespace = cm.metadata.namespace ?? 'default';
      const name = cm.metadata.name ?? '';
      const suspicious = (cm.keys ?? []).filter(looksLikeSecretKey);
      const base = { resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace, name }, detail: 'keys' };
      if (suspicious.length === 0) return { ...base, status: 'pass', path: 'data', message: `ConfigMap ${namespace}/${name} has no credential-like keys.` };
      return {
        ...base,
        status: 'fail',
        path: `data["${suspicious[0]}"]`,
        message: `ConfigMap ${namespace}/${name} has keys that look like credentials: ${suspicious.join(', ')}; keep them in a Secret.`,
        evidence: { keys: suspicious },
      };
    });
  },
};
