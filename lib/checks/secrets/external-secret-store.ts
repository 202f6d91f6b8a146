import { clusterResource, type Check, type CheckResult } from '../types';

/**
 * API groups whose CRDs or objects mean secrets come from a store outside etcd, or are only
 * stored encrypted. Objects of these groups reach the snapshot as `objects.secretStores`
 * (metadata only); CRDs as `objects.customResourceDefinitions`.
 */
const STORE_GROUPS: Record<string, string> = {
  'external-secrets.io': 'External Secrets Operator',
  'kubernetes-client.io': 'Kubernetes External Secrets (GoDaddy)',
  'secrets-store.csi.x-k8s.io': 'Secrets Store CSI Driver',
  'bitnami.com': 'Sealed Secrets',
  'secrets.hashicorp.com': 'Vault Secrets Operator',
  'onepassword.com': '1Password Connect operator',
  'secrets.doppler.com': 'Doppler operator',
  'secrets.infisical.com': 'Infisical operator',
  'spv.no': 'Azure Key Vault to Kubernetes (akv2k8s)',
};

/** CSI driver name of the Secrets Store CSI Driver: a pod volume of it mounts secrets from an external store. */
const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

const groupOf = (apiVersion: string | undefined): string => (apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export const check: Check = {
  id: 'external-secret-store',
  title: 'No external secret store integration',
  section: 'secrets',
  severity: 'info',
  reads: ['workloads', 'customResourceDefinitions', 'mutatingWebhookConfigurations', 'secretStores'],
  guideRef: '6.4',
  description:
    'Informational, one result for the whole cluster: passes when a third-party secret store is integrated — CRDs or objects of External Secrets Operator (external-secrets.io), GoDaddy kubernetes-external-secrets (kubernetes-client.io), the Secrets Store CSI Driver (secrets-store.csi.x-k8s.io), ' +
    'Sealed Secrets (bitnami.com), Vault Secrets Operator (secrets.hashicorp.com), the 1Password, Doppler or Infisical operators (onepassword.com, secrets.doppler.com, secrets.infisical.com), Azure Key Vault to Kubernetes (spv.no), a Vault agent injector mutating webhook, or a workload mounting a volume of the Secrets Store CSI driver (csi.driver secrets-store.csi.k8s.io). ' +
    'Objects and CSI volumes count on their own, so an application\'s manifests that use ExternalSecrets, SealedSecrets or the CSI driver pass without the operator\'s CRDs. ' +
    'Not applicable when CustomResourceDefinitions could not be listed and nothing was found otherwise.',
  rationale:
    'Many consider a dedicated secret store (Vault, a cloud secret manager) safer than keeping secrets next to ordinary configuration in etcd: it adds auditing, rotation and access policies of its own (guide 6.4).',
  remediation: {
    steps: [
      'Choose a store (HashiCorp Vault, AWS Secrets Manager, Google Secret Manager, Azure Key Vault, ...).',
      'Install an integration such as External Secrets Operator or the Secrets Store CSI Driver and move application secrets into the store.',
    ],
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const found: string[] = [];
    const examples: string[] = [];
    for (const crd of snapshot.objects.customResourceDefinitions) {
      const group = crd.spec?.group ?? crd.metadata?.name?.split('.').slice(1).join('.') ?? '';
      const product = STORE_GROUPS[group];
      if (product) found.push(product);
    }
    for (const o of snapshot.objects.secretStores) {
      const product = STORE_GROUPS[groupOf(o.apiVersion)];
      if (!product) continue;
      found.push(product);
      if (examples.length < 3) examples.push(`${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? ''}`);
    }
    for (const w of ctx.workloads) {
      if (examples.length >= 3) break; // enough to name the integration
      if (!w.podSpec.volumes?.some((v) => v.csi?.driver === SECRETS_STORE_CSI_DRIVER)) continue;
      found.push(STORE_GROUPS['secrets-store.csi.x-k8s.io']);
      examples.push(`${w.ref.kind} ${w.ref.namespace ? `${w.ref.namespace}/` : ''}${w.ref.name}`);
    }
    for (const hook of snapshot.objects.mutatingWebhookConfigurations) {
      const names = [hook.metadata?.name ?? '', ...(hook.webhooks ?? []).map((w) => w.name)];
      if (names.some((n) => /vault/i.test(n))) found.push(`Vault injector webhook (${hook.metadata?.name ?? ''})`);
    }
    const products = [...new Set(found)];
    const base = { resource: clusterResource(snapshot), detail: 'external-secret-store' };
    if (products.length > 0) {
      const seen = examples.length > 0 ? ` (objects such as ${examples.join(', ')})` : '';
      return [{ ...base, status: 'pass', message: `Secrets can come from an external store: ${products.join(', ')}${seen}.`, evidence: { integrations: products } }];
    }
    const crdGap = snapshot.coverage.gaps.find((g) => /customresourcedefinition|apiextensions/i.test(g.resource));
    if (crdGap) {
      return [{ ...base, status: 'not-applicable', message: `CustomResourceDefinitions could not be read (${crdGap.reason}), so secret-store integrations cannot be detected.` }];
    }
    return [{ ...base, status: 'fail', message: 'No external secret store integration was found; all secrets live in etcd as Kubernetes Secrets.' }];
  },
};
