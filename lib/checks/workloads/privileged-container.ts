import type { Check } from '../types';
import { containerResult, containerSecurityContextPatch, describeContainer, describeWorkload, securityContextFieldPath } from './_shared/workload';

export const check: Check = {
  id: 'privileged-container',
  title: 'Container runs privileged',
  section: 'workloads',
  severity: 'critical',
  reads: ['workloads'],
  guideRef: '5.5',
  description:
    'Looks at the effective securityContext.privileged of every container, init container and ephemeral container of every workload. ' +
    'Unset means false (Kubernetes does not run containers privileged unless asked). ' +
    'A Windows HostProcess container (securityContext.windowsOptions.hostProcess: true) is the Windows counterpart and fails too. ' +
    'Workloads in system namespaces (kube-system, kube-public, kube-node-lease) are not assessed: node agents such as kube-proxy and CNI plugins legitimately need privileged mode. The same goes for well-known node agents in their installers\' namespaces (Calico in calico-system, flannel in kube-flannel), recognised by namespace and image together.',
  rationale:
    'A privileged container sees every host device and runs with all capabilities and no seccomp or AppArmor confinement: root in it is effectively root on the node, and from there on every pod scheduled to it (guide 5.5, "Disallow privileged access").',
  remediation: {
    steps: [
      'Remove `privileged: true` from the container securityContext, or set it to false.',
      'If the container needs one specific kernel feature, grant only that capability (securityContext.capabilities.add) instead of full privilege.',
      'Enforce it for the namespace with Pod Security Admission at level baseline or restricted.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"containers":[{"name":"<container>","securityContext":{"privileged":false}}]}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            privileged: false\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      for (const c of w.containers) {
        const path = securityContextFieldPath(c, 'privileged');
        if (c.securityContext.privileged === true) {
          yield containerResult(w, c, 'fail', `${describeContainer(c)} of ${describeWorkload(w)} runs privileged, with full access to the node.`, {
            path,
            evidence: { privileged: true },
            patch: containerSecurityContextPatch(w, c, { privileged: false }),
          });
        } else if (c.securityContext.windowsOptions?.hostProcess === true) {
          yield containerResult(w, c, 'fail', `${describeContainer(c)} of ${describeWorkload(w)} is a Windows HostProcess container: it runs as a process on the node, with the host's rights.`, {
            path: `${securityContextFieldPath(c, 'windowsOptions')}.hostProcess`,
            evidence: { hostProcess: true },
          });
        } else {
          yield containerResult(w, c, 'pass', `${describeContainer(c)} of ${describeWorkload(w)} is not privileged.`, { path });
        }
      }
    }
  },
};
