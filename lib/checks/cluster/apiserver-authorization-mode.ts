import type { Check, CheckResult } from '../types';
import { flagList, flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'apiserver-authorization-mode',
  title: 'API server authorizes without RBAC or the Node authorizer, or allows everything',
  section: 'cluster',
  severity: 'critical',
  reads: ['pods'],
  guideRef: '3.2',
  description:
    'Reads --authorization-mode on the kube-apiserver. It must include RBAC and Node and must not include AlwaysAllow; when unset it defaults to AlwaysAllow. ' +
    'From Kubernetes 1.29 (alpha; beta in 1.30, GA in 1.32) the authorizer chain can instead be configured in a file with --authorization-config (the two flags are mutually exclusive); ' +
    'that file is not visible to Rampart, so the result is then not applicable.',
  rationale:
    'AlwaysAllow lets every authenticated (and, with anonymous auth, unauthenticated) request do anything; without RBAC there is no least-privilege model for users, service accounts and components. ' +
    'Without the Node authorizer a kubelet is not limited to the Secrets, ConfigMaps, volumes and Pods of its own node: whatever RBAC grants the system:nodes group applies to every node, so one compromised node reads every Secret its RBAC role allows.',
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
          message: `Authorizers are configured in ${flags['authorization-config']} (--authorization-config), which Rampart cannot read; check that it lists the Node and RBAC authorizers and no AlwaysAllow authorizer.`,
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
      if (!modes.includes('Node')) {
        return {
          ...base,
          status: 'fail',
          // RBAC still applies, so this is less than an open API server, but one node can act on every node's objects.
          severity: 'high',
          message: `The API server does not use the Node authorizer (modes: ${modes.join(',')}): kubelets are not limited to the Pods, Secrets and ConfigMaps of their own node.`,
          evidence,
        };
      }
      return { ...base, status: 'pass', message: `The API server authorizes with ${modes.join(',')}.`, evidence };
    });
  },
};
