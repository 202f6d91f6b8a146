import type { Check } from '../types';
import {
  containerResult,
  containerSecurityContextPatch,
  describeContainer,
  describeWorkload,
  isWindows,
  normalizeCapability,
  securityContextFieldPath,
} from './_shared/workload';

export const check: Check = {
  id: 'privilege-escalation-allowed',
  title: 'Container allows privilege escalation',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.5',
  description:
    'Reads securityContext.allowPrivilegeEscalation of every container. Only an explicit false passes: when the field is unset Kubernetes does not set no_new_privs, so setuid binaries and file capabilities can raise privileges; a privileged container or one with CAP_SYS_ADMIN always allows escalation. ' +
    'Windows pods are not assessed (the field is Linux-only), nor are system namespaces, whose node agents are privileged by design.',
  rationale:
    'With escalation allowed, a process that starts unprivileged can gain root or extra capabilities through a setuid binary or a file capability, undoing runAsNonRoot and dropped capabilities (guide 5.5, "Disallow privileged access").',
  remediation: {
    steps: [
      'Set securityContext.allowPrivilegeEscalation: false on every container.',
      'Remove privileged: true and an added SYS_ADMIN capability: Kubernetes rejects allowPrivilegeEscalation: false together with them.',
      'Enforce it with Pod Security Admission level restricted on the namespace.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"containers":[{"name":"<container>","securityContext":{"allowPrivilegeEscalation":false}}]}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            allowPrivilegeEscalation: false\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const sc = c.securityContext;
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = securityContextFieldPath(c, 'allowPrivilegeEscalation');
        const sysAdmin = (sc.capabilities?.add ?? []).some((cap) => ['SYS_ADMIN', 'ALL'].includes(normalizeCapability(cap)));
        const evidence = { allowPrivilegeEscalation: sc.allowPrivilegeEscalation ?? null, privileged: sc.privileged ?? false, sysAdmin };
        if (sc.allowPrivilegeEscalation === false && sc.privileged !== true && !sysAdmin) {
          yield containerResult(w, c, 'pass', `${subject} cannot escalate privileges (allowPrivilegeEscalation: false).`, { path, evidence });
          continue;
        }
        let why: string;
        if (sc.privileged === true) why = 'it is privileged, which always allows escalation';
        else if (sysAdmin) why = 'it adds CAP_SYS_ADMIN, which always allows escalation';
        else if (sc.allowPrivilegeEscalation === true) why = 'allowPrivilegeEscalation is true';
        else why = 'allowPrivilegeEscalation is unset, and Kubernetes then allows escalation';
        yield containerResult(w, c, 'fail', `${subject} can gain more privileges than it started with: ${why}.`, {
          path: sc.privileged === true ? securityContextFieldPath(c, 'privileged') : sysAdmin && sc.allowPrivilegeEscalation !== true ? securityContextFieldPath(c, 'capabilities') : path,
          evidence,
          patch: sc.privileged === true || sysAdmin ? undefined : containerSecurityContextPatch(w, c, { allowPrivilegeEscalation: false }),
        });
      }
    }
  },
};
