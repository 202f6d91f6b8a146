import type { ControlPlaneComponentName } from '../../k8s/snapshot';
import { clusterResource, type Check, type CheckResult } from '../types';
import { COMPONENT_LABEL, components, flagPath, podRef } from './_shared/control-plane';

const LOCAL_ONLY: ControlPlaneComponentName[] = ['kube-controller-manager', 'kube-scheduler'];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

export const check: Check = {
  id: 'control-plane-bind-address',
  title: 'Controller manager or scheduler listens on every interface',
  section: 'cluster',
  severity: 'low',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads --bind-address on kube-controller-manager and kube-scheduler. Both default to 0.0.0.0, which serves their HTTPS port (10257 / 10259: health, metrics, and profiling when enabled) on every interface; ' +
    'a loopback address (127.0.0.1, ::1) keeps it on the control-plane host. The deprecated --address flag (insecure port) was removed in 1.24 and is not considered.',
  rationale:
    'These components only need to be reached by local health checks; listening on every interface widens the attack surface of the control plane for no benefit (guide security principle: limit the attack surface).',
  remediation: {
    steps: [
      'Set --bind-address=127.0.0.1 in the kube-controller-manager and kube-scheduler static Pod manifests on every control-plane node.',
      'If Prometheus scrapes their metrics from another host, scrape through the API server proxy or a local agent instead.',
    ],
    patch: 'spec:\n  containers:\n  - command:\n    - <component>\n    - --bind-address=127.0.0.1',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const found = LOCAL_ONLY.flatMap((name) => components(snapshot, name));
    if (found.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource: clusterResource(snapshot),
          message: 'No kube-controller-manager or kube-scheduler static Pod is visible in kube-system (managed control plane, or pods not readable), so their bind address cannot be assessed.',
        },
      ];
    }
    return found.map((component) => {
      const raw = component.flags['bind-address'];
      const address = raw?.trim() || '0.0.0.0';
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'bind-address'), detail: 'bind-address', evidence: { 'bind-address': raw ?? null } };
      const label = COMPONENT_LABEL[component.component];
      if (LOOPBACK.test(address)) return { ...base, status: 'pass', message: `The ${label} listens only on ${address}.` };
      return {
        ...base,
        status: 'fail',
        message: `The ${label} listens on ${address}${raw === undefined ? ' (--bind-address unset, default 0.0.0.0)' : ''}, reachable from outside the control-plane host.`,
      };
    });
  },
};
