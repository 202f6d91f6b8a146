import type { Check, CheckResult } from '../types';
import { flagPath, flagSet, forEachComponent, podRef } from '../cluster/_shared/control-plane';

const STATIC_FLAGS = ['token-auth-file', 'basic-auth-file'] as const;

export const check: Check = {
  id: 'apiserver-static-token-file',
  title: 'API server authenticates users from a static token or password file',
  section: 'authentication',
  severity: 'high',
  reads: ['pods'],
  guideRef: '2.2',
  description:
    'Reads --token-auth-file and --basic-auth-file on the kube-apiserver (neither has a default). --basic-auth-file was removed in Kubernetes 1.19, so it only appears on older clusters.',
  rationale:
    'Static tokens and passwords live in plain text on the control-plane hosts, never expire, cannot be revoked without restarting the API server and are easily shared; the guide advises against them in production.',
  remediation: {
    steps: [
      'Move users to an identity provider (OIDC via --oidc-* flags or an AuthenticationConfiguration) or to short-lived client certificates, and workloads to ServiceAccount tokens.',
      'Remove --token-auth-file / --basic-auth-file from the kube-apiserver static Pod manifest on every control-plane node and delete the files.',
    ],
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const used = STATIC_FLAGS.filter((f) => flagSet(component.flags, f));
      const evidence = Object.fromEntries(STATIC_FLAGS.map((f) => [f, component.flags[f] ?? null]));
      const base = { resource: podRef(component), path: flagPath(snapshot, component, used[0] ?? 'token-auth-file'), detail: 'static-credentials', evidence };
      if (used.length === 0) return { ...base, status: 'pass', message: 'The API server does not read users from a static token or password file.' };
      return {
        ...base,
        status: 'fail',
        message: `The API server authenticates users from static credential files: ${used.map((f) => `--${f}=${component.flags[f]}`).join(', ')}.`,
      };
    });
  },
};
