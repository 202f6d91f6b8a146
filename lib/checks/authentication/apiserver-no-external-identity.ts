import { clusterResource, type Check, type CheckResult } from '../types';
import { components, componentNotVisible, flagSet } from '../cluster/_shared/control-plane';

/** Flags that connect the API server to an identity provider. */
const EXTERNAL_IDENTITY_FLAGS = ['oidc-issuer-url', 'authentication-token-webhook-config-file'] as const;
/** A structured AuthenticationConfiguration (1.30+) may or may not list JWT issuers; its content is not visible. */
const STRUCTURED_CONFIG_FLAG = 'authentication-config';

export const check: Check = {
  id: 'apiserver-no-external-identity',
  title: 'No external identity provider for users',
  section: 'authentication',
  severity: 'medium',
  reads: [],
  guideRef: '2.2',
  description:
    'One result for the whole cluster: passes when the API server is connected to an identity provider — OIDC (--oidc-issuer-url), a token-review webhook (--authentication-token-webhook-config-file) ' +
    'Otherwise people can only authenticate with client certificates, static files or ServiceAccount tokens. ' +
    'An API server configured only through a structured AuthenticationConfiguration (--authentication-config, 1.30+) may list JWT issuers there, but the file is not visible, so the result is then not applicable. ' +
    'Also not applicable when no API server pod is visible (managed clusters integrate their cloud IAM).',
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
    const withoutIdp = apiservers.filter((c) => !EXTERNAL_IDENTITY_FLAGS.some((f) => flagSet(c.flags, f)));
    const unknown = withoutIdp.filter((c) => flagSet(c.flags, STRUCTURED_CONFIG_FLAG));
    const without = withoutIdp.filter((c) => !flagSet(c.flags, STRUCTURED_CONFIG_FLAG));
    if (without.length === 0 && unknown.length > 0) {
      return [
        {
          status: 'not-applicable',
          resource: clusterResource(snapshot),
          detail: 'external-identity',
          message: `Authentication is configured in ${[...new Set(unknown.map((c) => c.flags[STRUCTURED_CONFIG_FLAG]))].join(', ')} (--authentication-config), which Rampart cannot read; check that it lists a jwt issuer of your identity provider.`,
          evidence: { 'authentication-config': unknown.map((c) => ({ pod: c.pod.name, file: c.flags[STRUCTURED_CONFIG_FLAG] })) },
        },
      ];
    }
    const evidence = { configured, apiServersWithoutIdentityProvider: without.map((c) => c.pod.name) };
    const base = { resource: clusterResource(snapshot), detail: 'external-identity', evidence };
    if (without.length === 0) {
      return [{ ...base, status: 'pass', message: `Users authenticate through an external identity provider (${[...new Set(configured.map((c) => `--${c.flag}`))].join(', ')}).` }];
    }
    return [
      {
        ...base,
        status: 'fail',
        message:
          without.length === apiservers.length
            ? 'The API server has no external identity provider (no OIDC, token webhook or AuthenticationConfiguration): people must use certificates, static files or ServiceAccount tokens.'
            : `Some API servers have no external identity provider configured: ${without.map((c) => c.pod.name).join(', ')}.`,
      },
    ];
  },
};
