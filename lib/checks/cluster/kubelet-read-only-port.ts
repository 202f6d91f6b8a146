import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configNumber, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-read-only-port',
  title: 'Kubelet serves the unauthenticated read-only port',
  section: 'cluster',
  severity: 'high',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads readOnlyPort from each node\'s kubelet configuration; any value other than 0 opens the read-only HTTP port (traditionally 10255). ' +
    'Unset in a KubeletConfiguration document or in configz means 0 (the v1beta1 file default since 1.10); the --read-only-port command-line flag, however, defaults to 10255.',
  rationale:
    'The read-only port has no authentication or authorization: anyone who reaches it can list every pod on the node with its environment variables, images and node details, which maps the cluster for an attacker.',
  remediation: {
    steps: [
      'Set readOnlyPort: 0 in the kubelet configuration (and remove any --read-only-port flag from the kubelet service).',
      'Move metrics collectors that used port 10255 to the authenticated port 10250 (/metrics, /stats) with a ServiceAccount allowed to get nodes/metrics and nodes/stats.',
      ...KUBELET_CONFIG_ROLLOUT,
    ],
    patch: kubeletConfigPatch('readOnlyPort: 0'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'readOnlyPort');
      const port = raw === undefined ? 0 : configNumber(raw);
      const base = { resource: nodeRef(nodeName), path: 'readOnlyPort', detail: 'read-only-port', evidence: { readOnlyPort: raw ?? null } };
      if (port === 0) {
        return { ...base, status: 'pass', message: `The kubelet on ${nodeName} has no read-only port${raw === undefined ? ' (unset: default 0)' : ''}.` };
      }
      return { ...base, status: 'fail', message: `The kubelet on ${nodeName} serves an unauthenticated read-only API on port ${String(raw)}.` };
    });
  },
};
