import type { Check, CheckResult } from '../types';
import { componentMinor, flagBool, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

/** AnonymousAuthConfigurableEndpoints: alpha in 1.31 (off unless its feature gate is on), beta and on by default from 1.32. */
const ANONYMOUS_CONFIG_DEFAULT_SINCE = 32;
const ANONYMOUS_CONFIG_ALPHA = 31;

/** Can an AuthenticationConfiguration file configure anonymous access on this API server? */
function fileCanConfigureAnonymous(minor: number | undefined, featureGates: string | undefined): boolean {
  if (minor === undefined || minor >= ANONYMOUS_CONFIG_DEFAULT_SINCE) return true;
  return minor === ANONYMOUS_CONFIG_ALPHA && /(^|,)\s*AnonymousAuthConfigurableEndpoints\s*=\s*(true|1|t)\s*(,|$)/i.test(featureGates ?? '');
}

export const check: Check = {
  id: 'apiserver-anonymous-auth',
  title: 'API server accepts anonymous requests',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads --anonymous-auth on the kube-apiserver command line. The flag defaults to true, so an unset flag means requests without credentials are served as system:anonymous. ' +
    'From Kubernetes 1.32 (AnonymousAuthConfigurableEndpoints, beta; 1.31 with that feature gate on) anonymous access can instead be limited to health endpoints in an AuthenticationConfiguration file (--authentication-config); ' +
    'when that file is used and the flag is unset, the result is not applicable because the file is not visible to Rampart. On older versions the file cannot configure anonymous access, so the flag default applies.',
  rationale:
    'Anonymous requests reach the authorizer as system:anonymous / system:unauthenticated; a single careless RoleBinding to those subjects then opens the API to anyone who can reach it.',
  remediation: {
    steps: [
      'Set --anonymous-auth=false in the kube-apiserver static Pod manifest on every control-plane node.',
      'Health probes that call /livez, /readyz or /healthz without credentials then fail: on 1.32+ prefer an AuthenticationConfiguration with `anonymous.enabled: true` limited by `conditions` to those paths; on older versions point the probes at an authenticated endpoint or keep anonymous auth and audit RBAC bindings to system:anonymous and system:unauthenticated.',
    ],
    patch: 'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --anonymous-auth=false',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const raw = component.flags['anonymous-auth'];
      const value = flagBool(raw);
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'anonymous-auth'), detail: 'anonymous-auth' };
      if (raw === undefined && flagSet(component.flags, 'authentication-config') && fileCanConfigureAnonymous(componentMinor(snapshot, component), component.flags['feature-gates'])) {
        return {
          ...base,
          status: 'not-applicable',
          message: `--anonymous-auth is unset and authentication is configured in ${component.flags['authentication-config']} (--authentication-config), which Rampart cannot read; check its anonymous section.`,
          evidence: { 'authentication-config': component.flags['authentication-config'] },
        };
      }
      if (value === false) {
        return { ...base, status: 'pass', message: 'Anonymous requests are rejected (--anonymous-auth=false).', evidence: { 'anonymous-auth': raw } };
      }
      return {
        ...base,
        status: 'fail',
        message:
          raw === undefined
            ? 'Anonymous requests are accepted: --anonymous-auth is unset and defaults to true.'
            : `Anonymous requests are accepted: --anonymous-auth=${raw}.`,
        evidence: { 'anonymous-auth': raw ?? null, default: 'true' },
      };
    });
  },
};
