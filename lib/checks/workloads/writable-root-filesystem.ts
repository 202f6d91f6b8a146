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
  id: 'writable-root-filesystem',
  title: 'Container root filesystem is writable',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads'],
  guideRef: '5.5',
  description:
    'Reads securityContext.readOnlyRootFilesystem of every container. Only true passes; unset means the root filesystem is writable. ' +
    'Windows pods (the field does not apply) and system namespaces (platform components, not yours to tune) are not assessed.',
  rationale:
    'A writable root filesystem lets an intruder drop tools, modify binaries or persist in the container. Most applications only need a few writable directories, which an emptyDir volume provides (guide 5.5, "Use a read-only root filesystem").',
  remediation: {
    steps: [
      'Set securityContext.readOnlyRootFilesystem: true on the container.',
      'Mount an emptyDir volume at each directory the application must write to (for example /tmp or a cache directory).',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"containers":[{"name":"<container>","securityContext":{"readOnlyRootFilesystem":true}}]}}}}\'',
    patch:
      'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            readOnlyRootFilesystem: true\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: tmp\n          emptyDir: {}\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const path = securityContextFieldPath(c, 'readOnlyRootFilesystem');
        const value = c.securityContext.readOnlyRootFilesystem;
        if (value === true) {
          yield containerResult(w, c, 'pass', `${subject} has a read-only root filesystem.`, { path });
        } else {
          yield containerResult(
            w,
            c,
            'fail',
            value === false ? `${subject} explicitly keeps its root filesystem writable.` : `${subject} has a writable root filesystem (readOnlyRootFilesystem is unset).`,
            { path, evidence: { readOnlyRootFilesystem: value ?? null }, patch: containerSecurityContextPatch(w, c, { readOnlyRootFilesystem: true }) },
          );
        }
      }
    }
  },
};
