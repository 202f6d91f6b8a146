import type { Check } from '../types';
import { describeWorkload, podSpecPatch, workloadResult } from './_shared/workload';

const FIELDS = [
  ['hostNetwork', 'the node\'s network stack (all host interfaces, localhost services, and traffic NetworkPolicy cannot filter)'],
  ['hostPID', 'the node\'s process table (it can see and signal every process on the node)'],
  ['hostIPC', 'the node\'s IPC namespace (shared memory of every process on the node)'],
] as const;

export const check: Check = {
  id: 'host-namespaces',
  title: 'Workload shares host namespaces',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads'],
  guideRef: '5.3',
  description:
    'Reads hostNetwork, hostPID and hostIPC of every pod template; each one set to true is a failing result (detail = field name). All unset (Kubernetes default: false) passes. ' +
    'System namespaces are not assessed: kube-proxy, CNI agents and static control-plane pods run on the host network by design.',
  rationale:
    'The pod is the security boundary that isolates network and processes (guide 5.3). Sharing the host network lets a pod reach node-local services and bypass NetworkPolicy; sharing the host PID namespace exposes every process, its environment and its file descriptors; sharing IPC exposes host shared memory.',
  remediation: {
    steps: [
      'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).',
      'Expose the workload through a Service instead of the host network.',
      'Enforce it with Pod Security Admission level baseline or restricted on the namespace.',
    ],
    kubectl: 'kubectl -n <namespace> patch <kind> <name> --type strategic -p \'{"spec":{"template":{"spec":{"hostNetwork":false,"hostPID":false,"hostIPC":false}}}}\'',
    patch: 'spec:\n  template:\n    spec:\n      hostNetwork: false\n      hostPID: false\n      hostIPC: false\n',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      let shared = false;
      for (const [field, what] of FIELDS) {
        if (w.podSpec[field] !== true) continue;
        shared = true;
        yield workloadResult(w, 'fail', `${describeWorkload(w)} sets ${field}: true and shares ${what}.`, {
          detail: field,
          path: `${w.podSpecPath}.${field}`,
          evidence: { [field]: true },
          patch: podSpecPatch(w, { [field]: false }),
        });
      }
      if (!shared) yield workloadResult(w, 'pass', `${describeWorkload(w)} shares no host namespaces.`);
    }
  },
};
