import { KUBELET_CONFIG_ROLLOUT, kubeletConfigPatch } from '../kubelet-config';
import type { Check, CheckResult } from '../types';
import { configBool, configValue, forEachKubelet, nodeRef } from './_shared/control-plane';

export const check: Check = {
  id: 'kubelet-anonymous-auth',
  title: 'Kubelet accepts anonymous requests',
  section: 'cluster',
  severity: 'high',
  reads: [],
  guideRef: '1.2',
  description:
    'Reads authentication.anonymous.enabled from each node\'s kubelet configuration. Live scans read configz, which reports the effective value. ' +
    'In a KubeletConfiguration document an unset field takes the kubelet.config.k8s.io/v1beta1 file default, false, and Rampart treats it that way; ' +
    'note that the command-line flag --anonymous-auth defaults to true and overrides the file, so a kubelet started without a config file (or with the flag) may still allow anonymous requests — live scans see that through configz.',
  rationale:
    'The kubelet API on port 10250 can list pods, read logs and run commands in containers. With anonymous access on, anyone who reaches the node port is system:anonymous, and with AlwaysAllow authorization that is full control of every pod on the node.',
  remediation: {
    steps: [
      'Set authentication.anonymous.enabled: false in the kubelet configuration file (usually /var/lib/kubelet/config.yaml) and remove any --anonymous-auth=true flag from the kubelet service.',
      'Make sure authentication.webhook.enabled is true and authentication.x509.clientCAFile is set so the API server can still authenticate.',
      ...KUBELET_CONFIG_ROLLOUT,
      'Afterwards `curl -sk https://<node>:10250/pods` must return 401.',
    ],
    patch: kubeletConfigPatch('authentication:\n  anonymous:\n    enabled: false'),
    appliesTo: 'kubelet-config',
  },
  evaluate(ctx): CheckResult[] {
    return forEachKubelet(ctx.snapshot, ({ nodeName, config }) => {
      const raw = configValue(config, 'authentication.anonymous.enabled');
      const enabled = configBool(raw) ?? false;
      const mode = configValue(config, 'authorization.mode') ?? 'Webhook';
      const base = { resource: nodeRef(nodeName), path: 'authentication.anonymous.enabled', detail: 'anonymous-auth', evidence: { 'authentication.anonymous.enabled': raw ?? null, 'authorization.mode': mode } };
      if (enabled) {
        return {
          ...base,
          status: 'fail',
          message: `The kubelet on ${nodeName} accepts anonymous requests${mode === 'AlwaysAllow' ? ' and authorizes everything (AlwaysAllow): its API is open to anyone who can reach port 10250' : ''}.`,
        };
      }
      return {
        ...base,
        status: 'pass',
        message: raw === undefined ? `The kubelet on ${nodeName} rejects anonymous requests (unset: configuration-file default false).` : `The kubelet on ${nodeName} rejects anonymous requests.`,
      };
    });
  },
};
