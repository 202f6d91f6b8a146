import type { Check, CheckResult } from '../types';
import { flagList, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'apiserver-authorization-mode',
  title: 'API server authorizes requests without RBAC or allows everything',
  section: 'cluster',
  severity: 'critical',
  guideRef: '3.2',
  description:
    'Reads --authorization-mode on the kube-apiserver. It must include RBAC and must not include AlwaysAllow; when unset it defaults to AlwaysAllow. ' +
    'A missing Node authorizer is reported in the evidence. From Kubernetes 1.30 (beta; GA in 1.32) the authorizer chain can be configured in a file with --authorization-config instead; ' +
    'that file is not visible to Rampart, so the result is then not applicable.',
  rationale:
    'AlwaysAllow lets every authenticated (and, with anonymous auth, unauthenticated) request do anything; without RBAC there is no least-privilege model for users, service accounts and components.',
  remediation: {
    steps: [
      'Set --authorization-mode=Node,RBAC in the kube-apiserver static Pod manifest on every control-plane node (add Webhook after them if you use an external authorizer).',
      'Before switching from AlwaysAllow, create the RoleBindings your users and workloads need, or they lose access.',
    ],
    patch: 'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --authorization-mode=Node,RBAC',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'authorization-mode'), detail: 'authorization-mode' };
      if (flags['authorization-mode'] === undefined && flagSet(flags, 'authorization-config')) {
        return {
          ...base,
          status: 'not-applicable',
          message: `Authorizers are configured in ${flags['authorization-config']} (--authorization-config), which Rampart cannot read; check that it lists RBAC and no AlwaysAllow authorizer.`,
          evidence: { 'authorization-config': flags['authorization-config'] },
        };
      }
      const set = flags['authorization-mode'] !== undefined;
      const modes = set ? flagList(flags['authorization-mode']) : ['AlwaysAllow'];
      const evidence = { 'authorization-mode': flags['authorization-mode'] ?? null, effectiveModes: modes, nodeAuthorizer: modes.includes('Node') };
      const problems: string[] = [];
      if (modes.includes('AlwaysAllow')) problems.push(set ? 'it includes AlwaysAllow' : 'it is unset and defaults to AlwaysAllow');
      if (!modes.includes('RBAC')) problems.push('RBAC is not enabled');
      if (problems.length > 0) {
        return { ...base, status: 'fail', message: `The API server authorization mode is unsafe: ${problems.join(' and ')} (modes: ${modes.join(',')}).`, evidence };
      }
      return {
        ...base,
        status: 'pass',
        message: `The API server authorizes with ${modes.join(',')}${modes.includes('Node') ? '' : ' (consider adding the Node authorizer)'}.`,
        evidence,
      };
    });
  },
};
