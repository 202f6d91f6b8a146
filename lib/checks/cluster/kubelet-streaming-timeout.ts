import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configValue, forEachKubelet, goDurationMs, kubeletSettingsAreEffective, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-streaming-timeout',
  title: 'Kubelet never closes idle exec, attach and port-forward streams',
  section: 'cluster',
  severity: 'low',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads streamingConnectionIdleTimeout from each node\'s kubelet configuration: how long an exec, attach or port-forward stream may sit idle before the kubelet closes it. 0 disables the timeout and fails; the default is 4h0m0s. ' +
    'On a live scan configz reports the effective value, so 0s there means the timeout is really off (only the --streaming-connection-idle-timeout=0 flag can do that). ' +
    'In a KubeletConfiguration file an unset field or a zero duration takes the v1beta1 default of 4h, so a file alone passes.',
  rationale:
    'Streams that never time out pile up: forgotten shells into containers stay open for whoever holds the terminal, and idle connections exhaust the node\'s ports and file descriptors (a cheap denial of service against the kubelet).',
  remediation: {
    steps: [
      'Remove --streaming-connection-idle-timeout=0 from the kubelet service and set streamingConnectionIdleTimeout to a non-zero duration (the default 4h, or shorter such as 5m if your users can live with it).',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('streamingConnectionIdleTimeout: 4h0m0s'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    const effective = kubeletSettingsAreEffective(ctx.snapshot);
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'streamingConnectionIdleTimeout');
      const ms = goDurationMs(raw);
      const base = { resource: nodeRef(nodeName), path: 'streamingConnectionIdleTimeout', detail: 'streaming-timeout', evidence: { streamingConnectionIdleTimeout: raw ?? null } };
      if (effective && ms === 0) {
        return { ...base, status: 'fail', message: `The kubelet on ${nodeName} never times out idle exec, attach and port-forward streams (streamingConnectionIdleTimeout ${String(raw)}).` };
      }
      if (raw === undefined || ms === 0) {
        return { ...base, status: 'pass', message: `The kubelet on ${nodeName} closes idle streams after the default 4h (${raw === undefined ? 'unset' : `${String(raw)} in a configuration file means the default`}).` };
      }
      if (ms === undefined || ms < 0) {
        return { ...base, status: 'pass', message: `The kubelet on ${nodeName} has streamingConnectionIdleTimeout ${JSON.stringify(raw)}, which is not a duration the kubelet accepts; it would refuse to start with it, so this is not what it runs with.` };
      }
      return { ...base, status: 'pass', message: `The kubelet on ${nodeName} closes idle streams after ${String(raw)}.` };
    });
  },
};
