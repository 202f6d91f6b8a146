import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configBool, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-protect-kernel-defaults',
  title: 'Kubelet may change the node\'s kernel settings',
  section: 'cluster',
  severity: 'low',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads protectKernelDefaults from each node\'s kubelet configuration. With true, the kubelet refuses to start when a kernel parameter it depends on (vm.overcommit_memory, vm.panic_on_oom, kernel.panic, kernel.panic_on_oops, kernel.keys.*) differs from what it expects, instead of rewriting it. ' +
    'The file field and the --protect-kernel-defaults flag both default to false, so unset fails. Set it only after the node image sets those sysctls, or the kubelet will not start.',
  rationale:
    'Kernel parameters are part of a node\'s hardening baseline. A kubelet that silently overwrites them undoes that baseline on every start, and the drift goes unnoticed; protectKernelDefaults turns the drift into a visible start-up error.',
  remediation: {
    steps: [
      'Set the kernel parameters the kubelet expects in the node image or a sysctl file (/etc/sysctl.d/90-kubelet.conf: vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1, kernel.keys.root_maxkeys=1000000, kernel.keys.root_maxbytes=25000000) and apply them (sysctl --system).',
      'Then set protectKernelDefaults: true in the kubelet configuration (or --protect-kernel-defaults=true).',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('protectKernelDefaults: true'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'protectKernelDefaults');
      const base = { resource: nodeRef(nodeName), path: 'protectKernelDefaults', detail: 'protect-kernel-defaults', evidence: { protectKernelDefaults: raw ?? null } };
      if (configBool(raw) === true) return { ...base, status: 'pass', message: `The kubelet on ${nodeName} refuses to run with kernel settings other than the ones it expects instead of changing them.` };
      return {
        ...base,
        status: 'fail',
        message: `The kubelet on ${nodeName} rewrites kernel parameters it disagrees with (protectKernelDefaults ${raw === undefined ? 'unset, default false' : String(raw)}).`,
      };
    });
  },
};
