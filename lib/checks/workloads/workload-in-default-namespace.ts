import type { Check } from '../types';
import { describeWorkload, workloadResult } from './_shared/workload';

export const check: Check = {
  id: 'workload-in-default-namespace',
  title: 'Workload runs in the default namespace',
  section: 'workloads',
  severity: 'low',
  reads: ['workloads'],
  guideRef: '5.3',
  description:
    'Fails every workload in the default namespace, including objects from manifests without metadata.namespace, which kubectl puts there. Workloads elsewhere pass.',
  rationale:
    'Namespaces are where RBAC, NetworkPolicy, ResourceQuota and Pod Security levels are attached. The default namespace is shared by everything that forgot to choose one, so its policies end up either too loose for some workloads or never set at all; giving each application its own namespace makes these boundaries real (guide 5.3 security boundaries).',
  remediation: {
    steps: [
      'Create a namespace per application or team (kubectl create namespace <name>).',
      'Set metadata.namespace in the manifests (or deploy with -n) and move the workload there.',
      'Apply NetworkPolicies, a ResourceQuota and a Pod Security level to the new namespace.',
    ],
    kubectl: 'kubectl create namespace <name> && kubectl -n <name> apply -f <manifest>',
  },
  *evaluate(ctx) {
    for (const w of ctx.workloads) {
      if (w.namespace === 'default') {
        yield workloadResult(w, 'fail', `${describeWorkload(w)} runs in the default namespace.`, {
          path: 'metadata.namespace',
          evidence: { namespaceSetInManifest: w.metadata.namespace !== undefined },
        });
      } else {
        yield workloadResult(w, 'pass', `${describeWorkload(w)} runs in its own namespace.`, { path: 'metadata.namespace' });
      }
    }
  },
};
