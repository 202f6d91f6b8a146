import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-authorization-mode',
  title: 'Kubelet authorizes every request (AlwaysAllow)',
  section: 'cluster',
  severity: 'critical',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads authorization.mode from each node\'s kubelet configuration. Webhook (the kubelet asks the API server with a SubjectAccessReview) passes; AlwaysAllow fails. ' +
    'Unset in a KubeletConfiguration document or configz means Webhook (the v1beta1 file default); the --authorization-mode flag defaults to AlwaysAllow when no config file is used.',
  rationale:
    'With AlwaysAllow, any request the kubelet authenticates — including anonymous ones — may exec into containers, read logs and list pods on the node, bypassing RBAC entirely.',
  remediation: {
    steps: [
      'Set authorization.mode: Webhook and authentication.webhook.enabled: true in the kubelet configuration.',
      'Make sure the API server presents a client certificate to kubelets (--kubelet-client-certificate / --kubelet-client-key) bound to a role allowing nodes/proxy.',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('authorization:\n  mode: Webhook\nauthentication:\n  webhook:\n    enabled: true'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'authorization.mode');
      const mode = typeof raw === 'string' && raw !== '' ? raw : 'Webhook';
      const base = { resource: nodeRef(nodeName), path: 'authorization.mode', detail: 'authorization-mode', evidence: { 'authorization.mode': raw ?? null } };
      if (mode === 'AlwaysAllow') {
        return { ...base, status: 'fail', message: `The kubelet on ${nodeName} authorizes every request it receives (authorization.mode AlwaysAllow).` };
      }
      return { ...base, status: 'pass', message: `The kubelet on ${nodeName} delegates authorization to the API server (${mode}${raw === undefined ? ', the default' : ''}).` };
    });
  },
};
