import type { Check, CheckResult } from '../types';
import { flagBool, flagPath, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'controller-manager-service-account-credentials',
  title: 'Controllers share the controller manager\'s own credentials',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads --use-service-account-credentials on the kube-controller-manager (default false). When false, every controller calls the API with the controller manager\'s single, very broad identity ' +
    'instead of its own kube-system ServiceAccount bound to a narrow system:controller:* role.',
  rationale:
    'Full API permissions are root on every node (guide 1.1). Per-controller credentials keep each controller to least privilege and make audit logs show which controller acted.',
  remediation: {
    steps: [
      'Set --use-service-account-credentials=true in the kube-controller-manager static Pod manifest on every control-plane node.',
      'Keep the RBAC authorizer enabled so that the system:controller:* roles apply.',
    ],
    patch: 'spec:\n  containers:\n  - name: kube-controller-manager\n    command:\n    - kube-controller-manager\n    - --use-service-account-credentials=true',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-controller-manager', (component) => {
      const raw = component.flags['use-service-account-credentials'];
      const base = {
        resource: podRef(component),
        path: flagPath(snapshot, component, 'use-service-account-credentials'),
        detail: 'use-service-account-credentials',
        evidence: { 'use-service-account-credentials': raw ?? null },
      };
      if (flagBool(raw) === true) return { ...base, status: 'pass', message: 'Each controller uses its own ServiceAccount credentials.' };
      return {
        ...base,
        status: 'fail',
        message: `All controllers act with the controller manager's own identity: --use-service-account-credentials is ${raw === undefined ? 'unset (default false)' : raw}.`,
      };
    });
  },
};
