import type { Check } from '../types';
import {
  containerResult,
  containerSecurityContextPatch,
  describeContainer,
  describeWorkload,
  isWindows,
  securityContextFieldPath,
} from './_shared/workload';

export const check: Check = {
  id: 'proc-mount-unmasked',
  title: 'Container mounts /proc unmasked',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.4',
  description:
    'Reads securityContext.procMount of every container: Unmasked fails; unset or Default (the runtime masks and makes read-only sensitive /proc paths) passes. ' +
    'Windows pods and system namespaces are not assessed.',
  rationale:
    'The runtime hides parts of /proc (such as /proc/kcore, /proc/sysrq-trigger, /proc/sys) because they expose kernel memory and host-wide controls. An unmasked /proc removes that layer of isolation (guide 5.4, security context; 5.5 least privilege).',
  remediation: {
    steps: ['Remove securityContext.procMount or set it to Default.', 'Enforce it with Pod Security Admission level baseline or restricted.'],
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            procMount: Default\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = securityContextFieldPath(c, 'procMount');
        const procMount = c.securityContext.procMount;
        if (procMount === undefined || procMount === 'Default') {
          yield containerResult(w, c, 'pass', `${subject} uses the default masked /proc.`, { path });
        } else {
          yield containerResult(w, c, 'fail', `${subject} mounts /proc with procMount: ${procMount}, exposing host kernel interfaces.`, {
            path,
            evidence: { procMount },
            patch: containerSecurityContextPatch(w, c, { procMount: 'Default' }),
          });
        }
      }
    }
  },
};
