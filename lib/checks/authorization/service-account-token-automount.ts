import { stringify } from 'yaml';
import { isSystemNamespace } from '../../k8s/system';
import { effectiveGrants, isDefaultPublicGrant, subjectResource, type Subject } from '../../rbac';
import { clusterResource, type Check, type CheckResult } from '../types';
import { describeWorkload, podSpecPatch } from '../workloads/_shared/workload';

/** Pod templates a patch can change (a bare Pod's and a Job's template are immutable). */
// Rollout is left out: it is a CustomResourceDefinition, and the API server refuses strategic-merge patches of custom resources.
const PATCHABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'CronJob', 'DeploymentConfig']);

const AUTOMOUNT_SOURCE: Record<'pod' | 'serviceAccount' | 'default', string> = {
  pod: 'set on the pod spec',
  serviceAccount: 'inherited from its ServiceAccount',
  default: 'the Kubernetes default, as neither the pod spec nor the ServiceAccount sets it',
};

export const check: Check = {
  id: 'service-account-token-automount',
  title: 'Service-account token mounted where it is not needed',
  section: 'authorization',
  severity: 'medium',
  reads: ['rbac', 'workloads', 'namespaces'],
  guideRef: '3.3',
  description:
    'Two parts. (1) Every workload whose pods get a service-account token mounted (effective automountServiceAccountToken: the pod spec, else its ServiceAccount, else true) fails when it runs as the `default` ServiceAccount, ' +
    'or as a ServiceAccount that RBAC grants nothing beyond what every authenticated caller gets: such a pod has no use for the token. Workloads whose ServiceAccount holds permissions pass (they presumably call the API). ' +
    '(2) The `default` ServiceAccount of every application namespace fails unless it sets automountServiceAccountToken: false (a namespace without one in the snapshot gets it created by Kubernetes without that setting). System namespaces are not assessed. ' +
    'When a dump or a cluster snapshot holds no ServiceAccount at all, the ServiceAccounts\' settings are invisible: workloads that do not decide automount themselves, and the default ServiceAccounts, are not applicable.',
  rationale:
    'Guide 3.3 "Good practices": most applications never talk to the API server, so they need no token; if a pod is compromised the attacker gets its service account and every permission it has or is later given. ' +
    'Turning automount off on the default ServiceAccount protects every pod that does not choose a service account.',
  remediation: {
    steps: [
      'For a workload that does not call the Kubernetes API, set automountServiceAccountToken: false in its pod template.',
      'Patch each namespace\'s default ServiceAccount so its token is not mounted automatically (guide 3.3).',
      'Give workloads that do call the API their own ServiceAccount with a narrow role, and mount the token only there.',
    ],
    kubectl: "kubectl -n <namespace> patch serviceaccount default -p '{\"automountServiceAccountToken\": false}'",
    patch: 'automountServiceAccountToken: false\n',
  },
  *evaluate(ctx) {
    // A live cluster always has ServiceAccounts and a manifest set creates fresh ones, but a dump
    // (`kubectl get all -o json`) often holds none: a ServiceAccount's automount setting is then invisible.
    const serviceAccountsInvisible = ctx.snapshot.source.type !== 'manifests' && ctx.snapshot.objects.serviceAccounts.length === 0;

    for (const w of ctx.workloads) {
      if (w.isSystem || isSystemNamespace(w.namespace)) continue;
      const subject: Subject = { kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccountName };
      const path = `${w.podSpecPath}.automountServiceAccountToken`;
      const evidence = { serviceAccount: `${w.namespace}/${w.serviceAccountName}`, automountServiceAccountToken: w.automountServiceAccountToken, automountSource: w.automountSource };
      if (serviceAccountsInvisible && w.automountSource === 'default') {
        yield {
        status: 'not-applicable',
        resource: w.ref,
        path,
        message: `${describeWorkload(w)} does not set automountServiceAccountToken and its ServiceAccount ${w.serviceAccountName} is not in the snapshot (no ServiceAccount is), so whether its token is mounted cannot be told.`,
        evidence,
      };
        continue;
      }
      if (!w.automountServiceAccountToken) {
        yield { status: 'pass', resource: w.ref, path, message: `${describeWorkload(w)} does not mount a service-account token (${AUTOMOUNT_SOURCE[w.automountSource]}).`, evidence };
        continue;
      }
      const permissions = effectiveGrants(ctx.rbac, subject).filter((g) => !isDefaultPublicGrant(g));
      const isDefault = w.serviceAccountName === 'default';
      if (!isDefault && permissions.length > 0) {
        yield {
        status: 'pass',
        resource: w.ref,
        path,
        message: `${describeWorkload(w)} mounts the token of ServiceAccount ${w.serviceAccountName}, which holds RBAC permissions the workload presumably uses.`,
        evidence,
      };
        continue;
      }
      const reason = isDefault
        ? 'it runs as the namespace\'s default ServiceAccount'
        : `its ServiceAccount ${w.serviceAccountName} is granted no permissions beyond the defaults`;
      const result: CheckResult = {
        status: 'fail',
        resource: w.ref,
        path,
        message: `${describeWorkload(w)} mounts a service-account token (${AUTOMOUNT_SOURCE[w.automountSource]}) although ${reason}.`,
        evidence,
      };
      if (PATCHABLE_KINDS.has(w.ref.kind)) result.patch = podSpecPatch(w, { automountServiceAccountToken: false });
      yield result;
    }

    const serviceAccountGap = ctx.snapshot.coverage.gaps.some((g) => /^serviceaccounts(\.|$)/.test(g.resource));
    if (serviceAccountsInvisible && !serviceAccountGap && ctx.snapshot.objects.namespaces.some((ns) => !isSystemNamespace(ns.metadata?.name))) {
      yield {
      status: 'not-applicable',
      resource: clusterResource(ctx.snapshot),
      message: 'The snapshot holds no ServiceAccount, so the automount setting of each namespace\'s default ServiceAccount cannot be read. Include serviceaccounts in the dump.',
    };
    } else if (!serviceAccountGap) {
      const defaults = new Map<string, boolean | undefined>();
      for (const ns of ctx.snapshot.objects.namespaces) if (ns.metadata?.name) defaults.set(ns.metadata.name, undefined);
      const present = new Set<string>();
      for (const sa of ctx.snapshot.objects.serviceAccounts) {
        if (sa.metadata?.name !== 'default') continue;
        const ns = sa.metadata.namespace || 'default';
        present.add(ns);
        defaults.set(ns, sa.automountServiceAccountToken);
      }
      for (const [namespace, automount] of [...defaults].sort(([a], [b]) => a.localeCompare(b))) {
        if (isSystemNamespace(namespace)) continue;
        const resource = subjectResource({ kind: 'ServiceAccount', namespace, name: 'default' });
        if (automount === false) {
          yield { status: 'pass', resource, path: 'automountServiceAccountToken', severity: 'low', message: `The default ServiceAccount of ${namespace} sets automountServiceAccountToken: false.` };
          continue;
        }
        const message = present.has(namespace)
          ? `The default ServiceAccount of ${namespace} ${automount === true ? 'sets automountServiceAccountToken: true' : 'does not set automountServiceAccountToken'}, so every pod without its own service account gets a token.`
          : `Namespace ${namespace} has no default ServiceAccount in the snapshot; Kubernetes creates one that mounts its token into every pod without its own service account.`;
        yield {
        status: 'fail',
        resource,
        path: 'automountServiceAccountToken',
        severity: 'low',
        message,
        evidence: { automountServiceAccountToken: automount ?? null },
        patch: { type: 'strategic-merge', body: stringify({ automountServiceAccountToken: false }) },
      };
      }
    }
  },
};
