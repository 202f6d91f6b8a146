import type { Check, CheckResult } from '../types';
import { flagPath, flagSet, forEachComponent, podRef } from './_shared/control-plane';

export const check: Check = {
  id: 'apiserver-audit-logging',
  title: 'API server audit logging is off',
  section: 'cluster',
  severity: 'medium',
  reads: ['pods'],
  guideRef: '1.1',
  description:
    'Audit events are recorded only when kube-apiserver has an audit policy (--audit-policy-file; without it nothing is audited) and a backend: ' +
    '--audit-log-path (a file, or "-" for standard output) or --audit-webhook-config-file. None of these has a default, so unset means no audit trail.',
  rationale:
    'Whoever holds the API holds the cluster (guide 1.1). Without an audit log there is no record of who read Secrets, created privileged pods or changed RBAC, so an intrusion can be neither detected nor reconstructed.',
  remediation: {
    steps: [
      'Write an audit policy (for example: Metadata level for Secrets, ConfigMaps and TokenReviews; RequestResponse for RBAC changes; None for noisy read-only system traffic) at /etc/kubernetes/audit-policy.yaml.',
      'Set --audit-policy-file and --audit-log-path (plus --audit-log-maxage, --audit-log-maxbackup and --audit-log-maxsize), and mount the policy file and log directory into the kube-apiserver static Pod.',
      'Ship the log to a store the cluster administrators cannot modify.',
    ],
    patch:
      'spec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n    - --audit-log-path=/var/log/kubernetes/audit/audit.log\n    - --audit-log-maxage=30\n    - --audit-log-maxbackup=10\n    - --audit-log-maxsize=100',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    return forEachComponent(snapshot, 'kube-apiserver', (component) => {
      const { flags } = component;
      const hasPolicy = flagSet(flags, 'audit-policy-file');
      const hasLog = flagSet(flags, 'audit-log-path');
      const hasWebhook = flagSet(flags, 'audit-webhook-config-file');
      const evidence = {
        'audit-policy-file': flags['audit-policy-file'] ?? null,
        'audit-log-path': flags['audit-log-path'] ?? null,
        'audit-webhook-config-file': flags['audit-webhook-config-file'] ?? null,
      };
      const problems: string[] = [];
      if (!hasPolicy) problems.push('--audit-policy-file is not set, so no event is audited');
      if (!hasLog && !hasWebhook) problems.push('neither --audit-log-path nor --audit-webhook-config-file is set, so events have nowhere to go');
      const culprit = !hasPolicy ? 'audit-policy-file' : 'audit-log-path';
      const base = { resource: podRef(component), path: flagPath(snapshot, component, culprit), detail: 'audit-logging', evidence };
      if (problems.length > 0) return { ...base, status: 'fail', message: `API server audit logging is not working: ${problems.join('; ')}.` };
      return {
        ...base,
        status: 'pass',
        message: `API server requests are audited with policy ${flags['audit-policy-file']} to ${hasLog ? flags['audit-log-path'] : 'an audit webhook'}.`,
      };
    });
  },
};
