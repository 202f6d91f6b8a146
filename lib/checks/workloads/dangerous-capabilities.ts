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
import { BASELINE_ALLOWED_CAPABILITIES, ESCAPE_CAPABILITIES } from './_shared/capabilities';

export const check: Check = {
  id: 'dangerous-capabilities',
  title: 'Container adds dangerous Linux capabilities',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.4',
  description:
    'Reads securityContext.capabilities.add of every container and fails any capability outside the Pod Security Standards baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), e.g. NET_ADMIN, NET_RAW, SYS_TIME, PERFMON. ' +
    'Capabilities with a known path to the host (ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE, BPF, DAC_READ_SEARCH) are rated critical. ' +
    'Not dropping the default set is a separate check (capabilities-not-dropped). Names are compared case-insensitively, with or without the CAP_ prefix. ' +
    'System namespaces are not assessed (CNI and kube-proxy need NET_ADMIN and similar), nor are Windows pods.',
  rationale:
    'Capabilities split root\'s powers into pieces; each added one hands a piece back. SYS_ADMIN alone allows mounting host filesystems and escaping through cgroups, NET_ADMIN rewrites the pod network, NET_RAW enables spoofing inside the cluster network (guide 5.4, "Capabilities"; 5.5 least privilege).',
  remediation: {
    steps: [
      'Remove the capability from securityContext.capabilities.add; most applications need none beyond NET_BIND_SERVICE.',
      'If the container really needs it (a VPN or network agent), move it to a dedicated namespace with a documented exception.',
      'Enforce it with Pod Security Admission level baseline or restricted on the namespace.',
    ],
    patch: 'spec:\n  template:\n    spec:\n      containers:\n        - name: <container>\n          securityContext:\n            capabilities:\n              drop: ["ALL"]\n              add: ["NET_BIND_SERVICE"]\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || isWindows(w)) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const added = (c.securityContext.capabilities?.add ?? []).map(normalizeCapability);
        const dangerous = added.filter((cap) => !BASELINE_ALLOWED_CAPABILITIES.has(cap));
        const path = c.securityContextPaths.capabilities ? `${c.securityContextPaths.capabilities}.add` : securityContextFieldPath(c, 'capabilities');
        if (dangerous.length === 0) {
          yield containerResult(w, c, 'pass', added.length ? `${subject} adds only capabilities of the baseline set (${added.join(', ')}).` : `${subject} adds no capabilities.`, {
            path,
            evidence: { added },
          });
          continue;
        }
        const escape = dangerous.filter((cap) => ESCAPE_CAPABILITIES.has(cap));
        const keep = added.filter((cap) => BASELINE_ALLOWED_CAPABILITIES.has(cap));
        yield containerResult(
          w,
          c,
          'fail',
          `${subject} adds ${dangerous.join(', ')}${escape.length ? ` (${escape.join(', ')} can lead to a host takeover)` : ''}.`,
          {
            path,
            evidence: { added, dangerous, escapeCapabilities: escape },
            severity: escape.length ? 'critical' : 'high',
            // capabilities.add is replaced as a whole by a strategic merge: the patch keeps the safe ones.
            patch: containerSecurityContextPatch(w, c, { capabilities: { add: keep } }),
          },
        );
      }
    }
  },
};
