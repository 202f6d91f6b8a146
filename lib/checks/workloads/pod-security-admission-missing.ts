import type { Check } from '../types';
import { isSystemNamespace } from '../../k8s/system';
import { namespaceRef, objectPatch } from './_shared/workload';
import { namespaceObjects, workloadsByNamespace } from './_shared/namespaces';

export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCING_LEVELS = new Set(['baseline', 'restricted']);

export const check: Check = {
  id: 'pod-security-admission-missing',
  title: 'Namespace does not enforce Pod Security Standards',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads', 'namespaces'],
  guideRef: '5.2',
  description:
    `Reads the ${PSA_ENFORCE_LABEL} label of every namespace outside the system namespaces: baseline or restricted passes; privileged, an unknown value or no label fails. ` +
    'Namespaces that hold workloads but whose Namespace object is not in the snapshot (a partial manifest set) are reported as not applicable. ' +
    'A cluster-wide default set in the API server\'s AdmissionConfiguration, or a policy engine enforcing the same rules, is not visible here; if you use one, record an exception.',
  rationale:
    'Pod Security Admission is the built-in admission controller that replaced PodSecurityPolicy (guide 5.2, 5.4). Without an enforcing level, nothing stops anyone who can create a pod in the namespace from creating a privileged, host-network or hostPath pod, which is root on a node.',
  remediation: {
    steps: [
      'Label the namespace with pod-security.kubernetes.io/enforce=baseline (or restricted for application namespaces that pass it).',
      'Try the level first with the warn and audit labels (pod-security.kubernetes.io/warn, .../audit) to see which pods would be rejected.',
      'Pin the policy version with pod-security.kubernetes.io/enforce-version if you want upgrades to be deliberate.',
    ],
    kubectl: 'kubectl label namespace <namespace> pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/warn=restricted --overwrite',
    patch: 'metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n',
  },
  *evaluate(ctx) {
    const objects = namespaceObjects(ctx);
    for (const [name, ns] of objects) {
      if (isSystemNamespace(name)) continue;
      const labels = ns.metadata?.labels ?? {};
      const level = labels[PSA_ENFORCE_LABEL];
      const path = `metadata.labels['${PSA_ENFORCE_LABEL}']`;
      const evidence = {
        enforce: level ?? null,
        warn: labels['pod-security.kubernetes.io/warn'] ?? null,
        audit: labels['pod-security.kubernetes.io/audit'] ?? null,
      };
      if (level !== undefined && ENFORCING_LEVELS.has(level)) {
        yield { status: 'pass', resource: namespaceRef(name), message: `Namespace ${name} enforces the ${level} Pod Security Standard.`, path, evidence };
        continue;
      }
      yield {
      status: 'fail',
      resource: namespaceRef(name),
      message:
        level === undefined
          ? `Namespace ${name} has no ${PSA_ENFORCE_LABEL} label, so any pod, including privileged ones, is admitted.`
          : level === 'privileged'
            ? `Namespace ${name} enforces only the privileged level, which admits any pod.`
            : `Namespace ${name} has an invalid Pod Security level "${level}".`,
      path,
      evidence,
      patch: objectPatch({ metadata: { labels: { [PSA_ENFORCE_LABEL]: 'baseline' } } }),
    };
    }
    for (const name of workloadsByNamespace(ctx).keys()) {
      if (objects.has(name)) continue;
      yield {
      status: 'not-applicable',
      resource: namespaceRef(name),
      message: `Namespace ${name} holds workloads but its Namespace object is not in the snapshot, so its Pod Security labels cannot be read.`,
    };
    }
  },
};
