import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configNumber, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-pod-pid-limit',
  title: 'Kubelet does not limit the processes of a pod',
  section: 'cluster',
  severity: 'low',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads podPidsLimit from each node\'s kubelet configuration: the most process IDs one pod may use. Unset, the v1beta1 default is -1, and any value of 0 or below means no per-pod limit (the pod is bounded only by the node), so those fail; a positive number passes. ' +
    'The --pod-max-pids flag sets the same value and overrides the file; live scans see the result in configz. Per-pod PID limits are GA since Kubernetes 1.20 (guide 5.3: a pod still suffers from noisy neighbours on the node).',
  rationale:
    'Process IDs are a node-wide resource. Without a per-pod limit one pod — a fork bomb, or a leak in a compromised or buggy container — can use them all, and then no process can start on the node: other pods, the kubelet\'s probes and the container runtime fail with it.',
  remediation: {
    steps: [
      'Choose a limit above what your largest legitimate pod needs (count with `ps -eLf | wc -l` inside it; 1024 to 4096 suits most workloads) and set podPidsLimit (or --pod-max-pids) to it.',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('podPidsLimit: 4096'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'podPidsLimit');
      const limit = raw === undefined ? -1 : configNumber(raw);
      const base = { resource: nodeRef(nodeName), path: 'podPidsLimit', detail: 'pod-pid-limit', evidence: { podPidsLimit: raw ?? null } };
      if (limit !== undefined && limit > 0) return { ...base, status: 'pass', message: `The kubelet on ${nodeName} limits each pod to ${limit} processes.` };
      return {
        ...base,
        status: 'fail',
        message: `The kubelet on ${nodeName} sets no per-pod process limit (podPidsLimit ${raw === undefined ? 'unset, default -1' : String(raw)}): one pod can exhaust the node's process IDs.`,
      };
    });
  },
};
