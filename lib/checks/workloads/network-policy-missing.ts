import type { Check, CheckResult } from '../types';
import { namespaceRef } from './_shared/workload';
import { networkNamespaces, splitHostNetwork, workloadLabel, workloadsByNamespace, listGapResult } from './_shared/namespaces';
import { ingressRuleAllowsAll, ingressVerdict, NETWORK_POLICY_GAP_ALIASES, podInfo, policiesByNamespace, selectingPolicies } from './_shared/network-policy';

export const check: Check = {
  id: 'network-policy-missing',
  title: 'Namespace lets any pod reach its workloads',
  section: 'workloads',
  severity: 'medium',
  reads: ['workloads', 'cniNetworkPolicies', 'namespaces', 'networkPolicies'],
  guideRef: '5.6',
  description:
    'For every namespace with workloads, checks that each workload\'s pods are selected by at least one NetworkPolicy that applies to ingress (policyTypes includes Ingress, or policyTypes is unset, which always implies Ingress). ' +
    'A default-deny policy with an empty podSelector covers every pod in the namespace. Rules of all selecting policies add up, so a workload also fails when one of them has an ingress rule open to every pod on every port (no ports and no "from", or a peer with an empty namespaceSelector). One result per namespace; the evidence lists the workloads no policy selects and those opened to all. ' +
    'Workloads on the host network are left out (NetworkPolicy does not govern them; host-namespaces reports them), and a namespace holding only such workloads is not applicable. ' +
    'System namespaces are not assessed. Only Kubernetes NetworkPolicy objects are read (CNI-specific cluster-wide policies are not), and a CNI that does not enforce NetworkPolicy makes any policy moot. ' +
    'When NetworkPolicies could not be listed (a coverage gap), the check is not applicable rather than failing every namespace.',
  rationale:
    'By default every pod accepts traffic from every other pod in the cluster, so one compromised workload can probe and attack all others. Starting from a default-deny policy and allowing only the flows an application needs limits that lateral movement (guide 5.6, "Effective Network Policies").',
  remediation: {
    steps: [
      'Create a default-deny ingress NetworkPolicy (empty podSelector, policyTypes: [Ingress]) in the namespace.',
      'Add NetworkPolicies that allow only the traffic each application needs (from which pods or namespaces, on which ports).',
      'Confirm the cluster\'s CNI plugin enforces NetworkPolicy.',
    ],
    kubectl: 'kubectl -n <namespace> apply -f default-deny-ingress.yaml',
    patch: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
  },
  evaluate(ctx) {
    const gap = listGapResult(ctx, 'networkpolicies.networking.k8s.io', 'NetworkPolicy coverage', NETWORK_POLICY_GAP_ALIASES);
    if (gap) return gap;
    const cni = ctx.snapshot.objects.cniNetworkPolicies;
    if (cni.length > 0) return evaluateWithCniPolicies(ctx);
    const policies = policiesByNamespace(ctx.snapshot.objects.networkPolicies);
    const results: CheckResult[] = [];
    for (const [ns, all] of workloadsByNamespace(ctx)) {
      const nsPolicies = policies.get(ns);
      const { hostNetwork, workloads, onlyHostNetwork } = splitHostNetwork(ns, all);
      if (onlyHostNetwork) {
        results.push(onlyHostNetwork);
        continue;
      }
      const unselected: typeof workloads = [];
      // Rules of all policies selecting a pod add up: one rule open to every pod on every port
      // leaves the pod reachable from anywhere, default-deny or not.
      const allowAll: Array<{ workload: string; policy: string }> = [];
      for (const w of workloads) {
        const selecting = selectingPolicies(nsPolicies, w.podMetadata.labels, 'Ingress');
        if (selecting.length === 0) {
          unselected.push(w);
          continue;
        }
        const open = selecting.find((p) => (p.spec?.ingress ?? []).some(ingressRuleAllowsAll));
        if (open) allowAll.push({ workload: workloadLabel(w), policy: open.metadata?.name ?? '' });
      }
      const evidence = {
        networkPolicies: (nsPolicies ?? []).map((p) => p.metadata?.name ?? ''),
        workloads: workloads.length,
        unselectedWorkloads: unselected.map(workloadLabel),
        ...(allowAll.length > 0 ? { allowAllWorkloads: allowAll } : {}),
        ...(hostNetwork.length > 0 ? { hostNetworkWorkloads: hostNetwork.map(workloadLabel) } : {}),
      };
      if (unselected.length === 0 && allowAll.length === 0) {
        results.push({ status: 'pass', resource: namespaceRef(ns), message: `Every workload in namespace ${ns} is covered by an ingress NetworkPolicy.`, evidence });
      } else if (unselected.length === 0) {
        results.push({
          status: 'fail',
          resource: namespaceRef(ns),
          message: `In namespace ${ns}, ${allowAll.length} of ${workloads.length} workloads are selected by an ingress NetworkPolicy with a rule that admits every pod on every port (${allowAll
            .slice(0, 5)
            .map((a) => `${a.workload} via ${a.policy}`)
            .join(', ')}${allowAll.length > 5 ? ', ...' : ''}).`,
          evidence,
        });
      } else {
        results.push({
          status: 'fail',
          resource: namespaceRef(ns),
          message: !nsPolicies?.length
            ? `Namespace ${ns} has no NetworkPolicy: its ${workloads.length} workload${workloads.length > 1 ? 's accept' : ' accepts'} traffic from any pod in the cluster.`
            : `In namespace ${ns}, ${unselected.length} of ${workloads.length} workloads are selected by no ingress NetworkPolicy and accept traffic from any pod (${unselected.slice(0, 5).map(workloadLabel).join(', ')}${unselected.length > 5 ? ', ...' : ''}).`,
          evidence,
        });
      }
    }
    return results;
  },
};

/** The same verdicts, with CNI and cluster-wide policies taken into account (_shared/network-policy/combine.ts). */
function evaluateWithCniPolicies(ctx: Parameters<Check['evaluate']>[0]): CheckResult[] {
  const k8s = ctx.snapshot.objects.networkPolicies;
  const cni = ctx.snapshot.objects.cniNetworkPolicies;
  const policies = policiesByNamespace(k8s);
  const results: CheckResult[] = [];
  for (const { ns, workloads, hostNetwork, labels: nsLabels } of networkNamespaces(ctx, results)) {
    const unselected: string[] = [];
    const allowAll: Array<{ workload: string; policy: string }> = [];
    const undetermined: Array<{ workload: string; policy: string }> = [];
    const coveredBy = new Set<string>();
    for (const w of workloads) {
      const v = ingressVerdict(podInfo(ns, w.podMetadata.labels, w.serviceAccountName, nsLabels), k8s, cni);
      if (v.state === 'unselected') unselected.push(workloadLabel(w));
      else if (v.state === 'open') allowAll.push({ workload: workloadLabel(w), policy: v.via });
      else if (v.state === 'unknown') undetermined.push({ workload: workloadLabel(w), policy: v.via });
      else coveredBy.add(v.via);
    }
    const evidence = {
      networkPolicies: (policies.get(ns) ?? []).map((p) => p.metadata?.name ?? ''),
      workloads: workloads.length,
      unselectedWorkloads: unselected,
      ...(allowAll.length > 0 ? { allowAllWorkloads: allowAll } : {}),
      ...(undetermined.length > 0 ? { undeterminedWorkloads: undetermined } : {}),
      ...(coveredBy.size > 0 ? { isolatingPolicies: [...coveredBy] } : {}),
      ...(hostNetwork.length > 0 ? { hostNetworkWorkloads: hostNetwork.map(workloadLabel) } : {}),
    };
    const list = (xs: string[]): string => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ', ...' : ''}`;
    if (unselected.length > 0) {
      results.push({
        status: 'fail',
        resource: namespaceRef(ns),
        message: `In namespace ${ns}, ${unselected.length} of ${workloads.length} workloads are isolated by no NetworkPolicy or CNI network policy and accept traffic from any pod (${list(unselected)}).`,
        evidence,
      });
    } else if (allowAll.length > 0) {
      results.push({
        status: 'fail',
        resource: namespaceRef(ns),
        message: `In namespace ${ns}, ${allowAll.length} of ${workloads.length} workloads are covered by a policy rule that admits every pod on every port (${list(allowAll.map((a) => `${a.workload} via ${a.policy}`))}).`,
        evidence,
      });
    } else if (undetermined.length > 0) {
      results.push({
        status: 'not-applicable',
        resource: namespaceRef(ns),
        message: `In namespace ${ns}, whether ${undetermined.length} of ${workloads.length} workloads are isolated depends on policies whose effect cannot be worked out from the snapshot (${list(undetermined.map((u) => `${u.workload}: ${u.policy}`))}); review them by hand.`,
        evidence,
      });
    } else {
      results.push({ status: 'pass', resource: namespaceRef(ns), message: `Every workload in namespace ${ns} is isolated for ingress by a NetworkPolicy or CNI network policy.`, evidence });
    }
  }
  return results;
}

