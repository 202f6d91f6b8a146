import type { Check, CheckResult } from '../types';

export const check: Check = {
  id: 'default-service-account-used',
  title: 'Workload runs as the namespace\'s default ServiceAccount',
  section: 'authentication',
  severity: 'low',
  reads: ['workloads'],
  guideRef: '2.1',
  description:
    'For every workload outside the system namespaces, reads the effective ServiceAccount of its pod template (serviceAccountName, or "default" when unset). ' +
    'Running as "default" fails, whether or not its token is mounted (the automount setting is reported in the evidence).',
  rationale:
    'Every pod that names no ServiceAccount shares the namespace\'s default identity: any permission granted to "default" for one application is granted to all of them, and API audit logs cannot tell the workloads apart.',
  remediation: {
    steps: [
      'Create a ServiceAccount per application (`kubectl -n <namespace> create serviceaccount <app>`), with automountServiceAccountToken: false unless it calls the API.',
      'Set spec.template.spec.serviceAccountName to it and bind only the Roles that application needs.',
      'Leave the default ServiceAccount without RoleBindings and patch it with automountServiceAccountToken: false.',
    ],
    kubectl: 'kubectl -n <namespace> create serviceaccount <app>\nkubectl -n <namespace> set serviceaccount deployment/<app> <app>',
    patch: 'spec:\n  template:\n    spec:\n      serviceAccountName: <app>',
  },
  *evaluate(ctx): Generator<CheckResult> {
    for (const w of ctx.workloads) {
      if (w.isSystem) continue;
      const usesDefault = w.serviceAccountName === 'default';
      const explicit = w.podSpec.serviceAccountName ?? w.podSpec.serviceAccount;
      const base = {
        resource: w.ref,
        path: `${w.podSpecPath}.serviceAccountName`,
        detail: 'service-account',
        evidence: { serviceAccountName: w.serviceAccountName, explicit: explicit !== undefined, automountServiceAccountToken: w.automountServiceAccountToken },
      };
      if (!usesDefault) {
        yield { ...base, status: 'pass', message: `${w.description} runs as its own ServiceAccount "${w.serviceAccountName}".` };
        continue;
      }
      yield {
        ...base,
        status: 'fail',
        message: `${w.description} runs as the namespace's default ServiceAccount${explicit === undefined ? ' because it names none' : ''}${w.automountServiceAccountToken ? ', with its token mounted' : ''}.`,
      };
    }
  },
};
