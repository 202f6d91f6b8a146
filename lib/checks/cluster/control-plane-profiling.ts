import type { ControlPlaneComponentName } from '../../k8s/snapshot';
import { clusterResource, type Check, type CheckResult } from '../types';
import { COMPONENT_LABEL, components, flagBool, flagPath, flagSet, podRef } from './_shared/control-plane';

const PROFILED: ControlPlaneComponentName[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export const check: Check = {
  id: 'control-plane-profiling',
  title: 'Control-plane components expose profiling endpoints',
  section: 'cluster',
  severity: 'low',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Reads --profiling on kube-apiserver, kube-controller-manager and kube-scheduler. It defaults to true, which serves Go pprof data under /debug/pprof; one result per component pod. ' +
    'A kube-scheduler started with --config ignores --profiling and follows enableProfiling in its KubeSchedulerConfiguration file (default true); that file is not visible, so its result is then not applicable.',
  rationale:
    'Profiling data reveals internals of the control plane and can be requested repeatedly to load it; it is a debugging aid with no place in a production attack surface.',
  remediation: {
    steps: [
      'Set --profiling=false in the static Pod manifests of kube-apiserver, kube-controller-manager and kube-scheduler on every control-plane node.',
      'For a kube-scheduler started with --config, set enableProfiling: false in its KubeSchedulerConfiguration file instead (the flag is ignored there).',
    ],
    patch: 'spec:\n  containers:\n  - command:\n    - <component>\n    - --profiling=false',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const found = PROFILED.flatMap((name) => components(snapshot, name));
    if (found.length === 0) {
      return [
        {
          status: 'not-applicable',
          resource: clusterResource(snapshot),
          message:
            'No kube-apiserver, kube-controller-manager or kube-scheduler static Pod is visible in kube-system (managed control plane, or pods not readable), so their profiling setting cannot be assessed.',
        },
      ];
    }
    return found.map((component) => {
      const raw = component.flags.profiling;
      const base = { resource: podRef(component), path: flagPath(snapshot, component, 'profiling'), detail: 'profiling', evidence: { profiling: raw ?? null } };
      const label = COMPONENT_LABEL[component.component];
      // kube-scheduler ignores its deprecated --profiling flag when it reads a KubeSchedulerConfiguration
      // (--config): enableProfiling in that file decides, and it defaults to true.
      if (component.component === 'kube-scheduler' && flagSet(component.flags, 'config')) {
        return {
          ...base,
          status: 'not-applicable',
          path: flagPath(snapshot, component, 'config'),
          message: `The ${label} reads its settings from ${component.flags.config} (--config), which overrides --profiling and is not visible to Rampart; check that it sets enableProfiling: false (the file default is true).`,
          evidence: { profiling: raw ?? null, config: component.flags.config },
        };
      }
      if (flagBool(raw) === false) return { ...base, status: 'pass', message: `Profiling is disabled on the ${label}.` };
      return { ...base, status: 'fail', message: `The ${label} serves profiling data: --profiling is ${raw === undefined ? 'unset (default true)' : raw}.` };
    });
  },
};
