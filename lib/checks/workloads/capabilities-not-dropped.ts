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
  id: 'capabilities-not-dropped',
  title: 'Container keeps the default Linux capabilities',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads'],
  guideRef: '5.4',
  description:
    'Passes a container only when securityContext.capabilities.drop contains ALL in any letter case (the Pod Security Standards restricted rule); CAP_ALL fails, because container runtimes read it as a capability named CAP_CAP_ALL and drop nothing. ' +
    'When drop is unset the container keeps the runtime\'s default set (CHOWN, DAC_OVERRIDE, FOWNER, KILL, NET_RAW, SETUID, SETGID and others). ' +
      'A privileged container fails whatever it drops: runtimes grant it every capability and ignore the drop list. ' +
    'Windows pods and system namespaces are not assessed.',
  rationale:
    'The default capability set is far more than a typical service uses: NET_RAW allows packet spoofing inside the cluster network, DAC_OVERRIDE bypasses file permissions. Dropping ALL and adding back only what is needed is least privilege (guide 5.4 "Capabilities", 5.5).',
  remediation: {
    steps: [
      'Set securityContext.capabilities.drop: ["ALL"] on every container.',
      'Add back only what the process needs, typically nothing or NET_BIND_SERVICE for ports below 1024.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"containers":[{"name":"<container>","securityContext":{"capabilities":{"drop":["ALL"]}}}]}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            capabilities:\n              drop: ["ALL"]\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const written = c.securityContext.capabilities?.drop ?? [];
        const drop = written.map(normalizeCapability);
        const path = c.securityContextPaths.capabilities ? `${c.securityContextPaths.capabilities}.drop` : securityContextFieldPath(c, 'capabilities');
        if (c.securityContext.privileged === true) {
          // containerd and CRI-O apply no capability list to a privileged container: it gets every
          // capability whatever drop says, so only leaving privileged mode helps (privileged-container).
          yield containerResult(w, c, 'fail', `${subject} is privileged, so it holds every capability: container runtimes ignore capabilities.drop for privileged containers.`, {
            path: securityContextFieldPath(c, 'privileged'),
            evidence: { privileged: true, drop: written },
          });
          continue;
        }
        // containerd and CRI-O compare each entry with "ALL" case-insensitively and otherwise prefix
        // "CAP_": "CAP_ALL" becomes the non-existent CAP_CAP_ALL and drops nothing.
        const capAll = written.filter((cap) => cap.toUpperCase() === 'CAP_ALL');
        if (capAll.length > 0 && !written.some((cap) => cap.toUpperCase() === 'ALL')) {
          yield containerResult(w, c, 'fail', `${subject} drops ${capAll[0]}, which container runtimes do not read as ALL (they look for "ALL"), so it keeps the runtime's default capabilities.`, {
            path,
            evidence: { drop: written },
            patch: containerSecurityContextPatch(w, c, { capabilities: { drop: ['ALL'] } }),
          });
          continue;
        }
        if (drop.includes('ALL')) {
          yield containerResult(w, c, 'pass', `${subject} drops all capabilities.`, { path, evidence: { drop } });
        } else {
          yield containerResult(
            w,
            c,
            'fail',
            drop.length
              ? `${subject} drops only ${drop.join(', ')} and keeps the rest of the runtime's default capabilities.`
              : `${subject} keeps the runtime's default capabilities (capabilities.drop does not contain ALL).`,
            { path, evidence: { drop }, patch: containerSecurityContextPatch(w, c, { capabilities: { drop: ['ALL'] } }) },
          );
        }
      }
    }
  },
};
