import { clusterResource, type Check, type CheckResult } from '../types';
import { components, componentNotVisible, flagSet } from '../cluster/_shared/control-plane';

/** Flags that connect the API server to an identity provider. */
const EXTERNAL_IDENTITY_FLAGS = ['oidc-issuer-url', 'authentication-token-webhook-config-file', 'authentication-config'] as const;

export const check: Check = {
  id: 'apiserver-no-external-identity',
  title: 'No external identity provider for users',
  section: 'authentication',
  severity: 'medium',
  guideRef: '2.2',
  description:
    'One result for the whole cluster: passes when the API server is connected to an identity provider — OIDC (--oidc-issuer-url), a token-review webhook (--authentication-token-webhook-config-file) ' +
    'or a structured AuthenticationConfiguration with JWT issuers (--authentication-config, 1.30+; its content is not visible, so its presence is taken as configured). ' +
    'Otherwise people can only authenticate with client certificates, static files or ServiceAccount tokens. Not applicable when no API server pod is visible (managed clusters integrate their cloud IAM).',
  rationale:
    'Client certificates cannot be revoked and tokens are easily shared; an identity provider gives per-person identities, group membership, MFA and central off-boarding.',
  remediation: {
    steps: [
      'Pick an OIDC provider (your corporate IdP, Dex, Keycloak, ...) and register the cluster as a client.',
      'Configure it with --oidc-issuer-url, --oidc-client-id, --oidc-username-claim and --oidc-groups-claim, or, on 1.30+, an AuthenticationConfiguration file passed with --authentication-config.',
      'Bind RBAC roles to the IdP groups and stop handing out client certificates to people.',
    ],
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const apiservers = components(snapshot, 'kube-apiserver');
    if (apiservers.length === 0) return componentNotVisible(snapshot, 'kube-apiserver');
    const configured = apiservers.flatMap((c) => EXTERNAL_IDENTITY_FLAGS.filter((f) => flagSet(c.flags, f)).map((f) => ({ pod: c.pod.name, flag: f, value: c.flags[f] })));
    const withoutIdp = apiservers.filter((c) => !EXTERNAL_IDENTITY_FLAGS.some((f) => flagSet(c.flags, f))).map((c) => c.pod.name);
    const evidence = { configured, apiServersWithoutIdentityProvider: withoutIdp };
    const base = { resource: clusterResource(snapshot), detail: 'external-identity', evidence };
    if (withoutIdp.length === 0) {
      return [{ ...base, status: 'pass', message: `Users authenticate through an external identity provider (${[...new Set(configured.map((c) => `--${c.flag}`))].join(', ')}).` }];
    }
    return [
      {
        ...base,
        status: 'fail',
        message:
          withoutIdp.length === apiservers.length
            ? 'The API server has no external identity provider (no OIDC, token webhook or AuthenticationConfiguration): people must use certificates, static files or ServiceAccount tokens.'
            : `Some API servers have no external identity provider configured: ${withoutIdp.join(', ')}.`,
      },
    ];
  },
};
