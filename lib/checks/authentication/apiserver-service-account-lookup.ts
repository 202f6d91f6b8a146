import type { Check, CheckResult } from '../types';
import { flagBool, flagPath, forEachComponent, podRef } from '../cluster/_shared/control-plane';

export const check: Check = {
  id: 'apiserver-service-account-lookup',
  title: 'API server accepts tokens of deleted ServiceAccounts',
  section: 'authentication',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '2.1',
  description:
    'Reads --service-account-lookup on the kube-apiserver (default true). When false, a ServiceAccount token is accepted on its signature alone, even after the ServiceAccount or token Secret was deleted.',
  rationale:
    'Deleting a ServiceAccount or its token Secret is how a leaked identity is revoked; without the lookup the token keeps working until it expires — forever for legacy token Secrets.',
  remediation: {
    steps: ['Remove --service-account-lookup=false from the kube-apiserver static Pod manifest (or set it to true) on every control-plane node.'],
    patch: 'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --service-account-lookup=true',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const raw = component.flags['service-account-lookup'];
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'service-account-lookup'), detail: 'service-account-lookup', evidence: { 'service-account-lookup': raw ?? null } };
      if (flagBool(raw) === false) {
        return { ...base, status: 'fail', message: 'The API server accepts ServiceAccount tokens without checking that the account and token still exist (--service-account-lookup=false).' };
      }
      return { ...base, status: 'pass', message: `The API server revokes tokens of deleted ServiceAccounts (--service-account-lookup ${raw === undefined ? 'unset, default true' : `=${raw}`}).` };
    });
  },
};
