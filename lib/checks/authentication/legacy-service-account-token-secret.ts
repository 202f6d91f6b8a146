import type { SecretMetadata } from '../../k8s/snapshot';
import { clusterResource, type Check, type CheckResult } from '../types';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** Set by the LegacyServiceAccountTokenCleanUp controller (1.29+) when it invalidates an unused token. */
const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';
const LAST_USED_LABEL = 'kubernetes.io/legacy-token-last-used';

function isLegacyToken(secret: SecretMetadata): 'type' | 'annotation' | undefined {
  if (secret.type === TOKEN_TYPE) return 'type';
  if (secret.type === undefined && secret.metadata.annotations?.[SA_NAME_ANNOTATION] !== undefined) return 'annotation';
  return undefined;
}

export const check: Check = {
  id: 'legacy-service-account-token-secret',
  title: 'Long-lived ServiceAccount token stored in a Secret',
  section: 'authentication',
  severity: 'medium',
  reads: ['secrets'],
  guideRef: '2.1',
  description:
    'Finds Secrets of type kubernetes.io/service-account-token: non-expiring ServiceAccount tokens. Metadata-only Secret lists do not include the type; ' +
    'then the annotation kubernetes.io/service-account.name, which the token controller requires on such Secrets, is taken as the evidence (and the finding says so). ' +
    'Since 1.24 these Secrets are no longer created automatically; tokens already invalidated by the legacy-token clean-up (label kubernetes.io/legacy-token-invalid-since, 1.29+) pass. ' +
    'Without any token Secret the cluster passes.',
  rationale:
    'A token Secret never expires and works from anywhere until the Secret or ServiceAccount is deleted: whoever can read it once (a backup, a log, a person with get secrets) keeps that identity indefinitely. Projected tokens expire and are bound to a pod.',
  remediation: {
    steps: [
      'Find what uses the token (label kubernetes.io/legacy-token-last-used shows when it was last used).',
      'Switch in-cluster clients to projected tokens (the default automounted token) and external clients to `kubectl create token <serviceaccount> --duration=...` or an external identity provider.',
      'Delete the Secret: `kubectl -n <namespace> delete secret <name>`.',
    ],
    kubectl: 'kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token\nkubectl -n <namespace> delete secret <name>',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const tokens = snapshot.objects.secrets
      .map((secret) => ({ secret, evidenceKind: isLegacyToken(secret) }))
      .filter((t): t is { secret: SecretMetadata; evidenceKind: 'type' | 'annotation' } => t.evidenceKind !== undefined);
    if (tokens.length === 0) {
      const gaps = snapshot.coverage.gaps.filter((g) => g.resource === 'secrets');
      if (gaps.length > 0) {
        return [
          {
            status: 'not-applicable',
            resource: clusterResource(snapshot),
            detail: 'legacy-token',
            message: `Secrets could not be listed (${gaps.map((g) => g.reason).join(', ')}), so long-lived ServiceAccount token Secrets cannot be looked for. Allow the scanner to list secrets (metadata only).`,
            evidence: { gaps: gaps.map((g) => g.resource) },
          },
        ];
      }
      return [{ status: 'pass', resource: clusterResource(snapshot), message: 'No long-lived ServiceAccount token Secret exists.', detail: 'legacy-token' }];
    }
    return tokens.map(({ secret, evidenceKind }): CheckResult => {
      const namespace = secret.metadata.namespace ?? 'default';
      const name = secret.metadata.name ?? '';
      const serviceAccount = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
      const invalidSince = secret.metadata.labels?.[INVALID_SINCE_LABEL];
      const evidence = {
        serviceAccount: serviceAccount ?? null,
        identifiedBy: evidenceKind === 'type' ? `type ${TOKEN_TYPE}` : `annotation ${SA_NAME_ANNOTATION} (the Secret type was not available)`,
        lastUsed: secret.metadata.labels?.[LAST_USED_LABEL] ?? null,
        invalidSince: invalidSince ?? null,
      };
      const base = { resource: { apiVersion: 'v1', kind: 'Secret', namespace, name }, path: evidenceKind === 'type' ? 'type' : `metadata.annotations["${SA_NAME_ANNOTATION}"]`, detail: 'legacy-token', evidence };
      if (invalidSince !== undefined) {
        return { ...base, status: 'pass', message: `Secret ${namespace}/${name} holds a legacy token that Kubernetes invalidated on ${invalidSince}; delete it.` };
      }
      const how = evidenceKind === 'annotation' ? ' (identified by its service-account annotation; the Secret type was not listed)' : '';
      return {
        ...base,
        status: 'fail',
        message: `Secret ${namespace}/${name} holds a non-expiring token for ServiceAccount ${serviceAccount ?? '(unknown)'}${how}.`,
      };
    });
  },
};
