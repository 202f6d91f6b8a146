import type { Check } from '../types';
import { containerResult, describeContainer, describeWorkload } from './_shared/workload';

export const check: Check = {
  id: 'host-port',
  title: 'Container binds a host port',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads'],
  guideRef: '5.3',
  description:
    'Reads ports[].hostPort of every container; any non-zero hostPort fails (one result per container, listing its host ports). ' +
    'Pods on the host network are not assessed here (every container port is then a host port, and host-namespaces reports them), nor are system namespaces.',
  rationale:
    'A host port opens the container on every address of its node, outside Services and usually outside NetworkPolicy, and ties the pod to nodes where the port is free. It is rarely needed: a Service of type ClusterIP, NodePort or LoadBalancer does the job with the cluster\'s controls (guide 5.3 security boundaries, 5.6 network policies).',
  remediation: {
    steps: ['Remove hostPort from the container ports.', 'Expose the workload through a Service instead.', 'Enforce it with Pod Security Admission level baseline or restricted on the namespace.'],
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.isSystem || w.podSpec.hostNetwork === true) continue;
      for (const c of w.containers) {
        const subject = `${describeContainer(c)} of ${describeWorkload(w)}`;
        const ports = c.spec.ports ?? [];
        const bound = ports.map((p, i) => ({ i, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })).filter((p) => p.hostPort !== undefined && p.hostPort !== 0);
        if (bound.length === 0) {
          yield containerResult(w, c, 'pass', `${subject} binds no host ports.`, { path: `${c.path}.ports` });
        } else {
          yield containerResult(w, c, 'fail', `${subject} binds host port${bound.length > 1 ? 's' : ''} ${bound.map((p) => `${p.hostPort}/${p.protocol}`).join(', ')} on its node.`, {
            path: `${c.path}.ports[${bound[0]!.i}].hostPort`,
            evidence: { hostPorts: bound.map(({ hostPort, containerPort, protocol }) => ({ hostPort, containerPort, protocol })) },
          });
        }
      }
    }
  },
};
