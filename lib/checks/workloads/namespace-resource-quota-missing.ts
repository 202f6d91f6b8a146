import type { Check, CheckResult } from '../types';
import { namespaceRef } from './_shared/workload';
import { workloadsByNamespace, listGapResult } from './_shared/namespaces';

export const check: Check = {
  id: 'namespace-resource-quota-missing',
  title: 'Namespace has no ResourceQuota',
  section: 'workloads',
  severity: 'low',
  reads: ['workloads', 'limitRanges', 'resourceQuotas'],
  guideRef: '5.2',
  description:
    'For every namespace with workloads, checks that at least one ResourceQuota exists in it. A LimitRange alone does not pass: it bounds each container but not how many pods or how much CPU, memory and storage the namespace consumes in total (its presence is shown in the evidence). ' +
    'System namespaces are not assessed. ' +
    'When ResourceQuotas could not be listed (a coverage gap), the check is not applicable rather than failing every namespace.',
  rationale:
    'A quota caps what one team, application or compromised workload can consume, so a runaway deployment, a fork bomb of pods or an attacker mining cryptocurrency cannot exhaust the cluster for everyone else. The guide lists LimitRange and ResourceQuota among the admission controls to configure (5.2).',
  remediation: {
    steps: [
      'Create a ResourceQuota in the namespace bounding requests and limits of CPU and memory, the number of pods and persistent volume claims.',
      'Add a LimitRange with default requests and limits so pods without explicit resources are still admitted under the quota.',
    ],
    kubectl: 'kubectl -n <namespace> create quota default-quota --hard=requests.cpu=4,requests.memory=8Gi,limits.cpu=8,limits.memory=16Gi,pods=50',
    patch: 'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: default-quota\n  namespace: <namespace>\nspec:\n  hard:\n    requests.cpu: "4"\n    requests.memory: 8Gi\n    limits.cpu: "8"\n    limits.memory: 16Gi\n    pods: "50"\n',
  },
  evaluate(ctx) {
    const gap = listGapResult(ctx, 'resourcequotas', 'namespace quotas');
    if (gap) return gap;
    const quotas = new Map<string, string[]>();
    for (const q of ctx.snapshot.objects.resourceQuotas) {
      const ns = q.metadata?.namespace || 'default';
      quotas.set(ns, [...(quotas.get(ns) ?? []), q.metadata?.name ?? '']);
    }
    const limitRanges = new Set(ctx.snapshot.objects.limitRanges.map((l) => l.metadata?.namespace || 'default'));
    const results: CheckResult[] = [];
    for (const [ns, workloads] of workloadsByNamespace(ctx)) {
      const names = quotas.get(ns) ?? [];
      const evidence = { resourceQuotas: names, hasLimitRange: limitRanges.has(ns), workloads: workloads.length };
      if (names.length > 0) {
        results.push({ status: 'pass', resource: namespaceRef(ns), message: `Namespace ${ns} is bounded by ResourceQuota ${names.join(', ')}.`, evidence });
      } else {
        results.push({
          status: 'fail',
          resource: namespaceRef(ns),
          message: `Namespace ${ns} has ${workloads.length} workload${workloads.length > 1 ? 's' : ''} and no ResourceQuota, so nothing bounds its total consumption${limitRanges.has(ns) ? ' (a LimitRange bounds only each container)' : ''}.`,
          evidence,
        });
      }
    }
    return results;
  },
};
