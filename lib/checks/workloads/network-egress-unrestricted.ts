import type { Check, CheckResult } from '../types';
import { namespaceRef } from './_shared/workload';
import { listGapResult, networkNamespaces, workloadLabel } from './_shared/namespaces';
import { egressVerdict, NETWORK_POLICY_GAP_ALIASES, podInfo, policiesByNamespace } from './_shared/network-policy';

/**
 * The destination egress is judged against: an address outside every private and cluster range
 * (TEST-NET-3, RFC 5737) on a port no application needs. Traffic there gets through only when the
 * pod is not isolated for egress or a rule allows every destination (no `to`, or an ipBlock such
 * as 0.0.0.0/0) on every port; a rule limited to some ports or to pods of the cluster does not.
 */
export const EGRESS_PROBE = { address: '203.0.113.10', port: 4444 } as const;

const DEFAULT_DENY_EGRESS =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n' +
  '---\n' +
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns-egress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n' +
  '    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: kube-system}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n' +
  '      ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n';

export const check: Check = {
  id: 'network-egress-unrestricted',
  title: 'Namespace lets its pods connect anywhere',
  section: 'workloads',
  severity: 'low',
  reads: ['workloads', 'cniNetworkPolicies', 'namespaces', 'networkPolicies'],
  guideRef: '5.6',
  description:
    'For every namespace with workloads, works out whether each workload\'s pods may open connections to any address outside the cluster on any port. ' +
    'A pod is restricted when a NetworkPolicy selecting it applies to egress and none of the egress rules of the policies selecting it allows every destination on every port. ' +
    'A policy applies to egress when policyTypes lists Egress, or, with policyTypes unset, when it has an egress section (a policy without one only isolates ingress). ' +
    'A rule without "to", or with an ipBlock covering every address (0.0.0.0/0, with or without "except"), and without a port list, allows everything; rules limited to ports or to pods and namespaces of the cluster restrict. ' +
    'Cilium, Calico, Antrea and (Baseline)AdminNetworkPolicy objects are evaluated with them in their enforcement order; a policy whose reach cannot be worked out from the snapshot (FQDN rules, network sets, custom tiers) makes the namespace not applicable. ' +
    'One result per namespace; the evidence lists each unrestricted workload and why. Workloads on the host network are left out (NetworkPolicy does not govern them), and, as for network-policy-missing, system namespaces are not assessed. ' +
    'When NetworkPolicies could not be listed (a coverage gap), the check is not applicable.',
  rationale:
    'By default a pod may connect to anything (guide 5.6). A compromised pod with open egress can download tooling, reach a command-and-control server, exfiltrate data and attack other networks. ' +
    'The guide asks to limit communication "to and from the outside world" to a defined and deterministic set of connections (5.1) and to start from a deny-all default policy that selects every pod (5.6): that covers egress as much as ingress.',
  remediation: {
    steps: [
      'Create a default-deny egress NetworkPolicy (empty podSelector, policyTypes: [Egress], no egress rules) in the namespace.',
      'Allow DNS to kube-dns (UDP and TCP 53), and then only the destinations each application needs: other pods by selector, external services by ipBlock and port.',
      'Where pods need the internet, allow only the ports they use (e.g. TCP 443) and leave the metadata address 169.254.169.254 out with "except".',
      'Confirm the cluster\'s CNI plugin enforces egress NetworkPolicies.',
    ],
    kubectl: 'kubectl -n <namespace> apply -f default-deny-egress.yaml',
    patch: DEFAULT_DENY_EGRESS,
  },
  evaluate(ctx) {
    const gap = listGapResult(ctx, 'networkpolicies.networking.k8s.io', 'egress isolation', NETWORK_POLICY_GAP_ALIASES);
    if (gap) return gap;
    const k8s = ctx.snapshot.objects.networkPolicies;
    const cni = ctx.snapshot.objects.cniNetworkPolicies;
    const policies = policiesByNamespace(k8s);
    const results: CheckResult[] = [];
    for (const { ns, workloads, hostNetwork, labels: nsLabels } of networkNamespaces(ctx, results)) {
      const unrestricted: Array<{ workload: string; reason: string }> = [];
      const undetermined: Array<{ workload: string; policy: string }> = [];
      const restrictedBy = new Set<string>();
      // Only the namespace's own NetworkPolicies can select its pods: hand the evaluator just those.
      const nsPolicies = policies.get(ns) ?? [];
      for (const w of workloads) {
        const v = egressVerdict(podInfo(ns, w.podMetadata.labels, w.serviceAccountName, nsLabels), nsPolicies, cni, EGRESS_PROBE.address, EGRESS_PROBE.port);
        if (v.state === 'allowed') {
          unrestricted.push({ workload: workloadLabel(w), reason: v.via === 'no egress policy selects it' ? 'no egress policy selects it' : `${v.via} allows every destination` });
        } else if (v.state === 'unknown') undetermined.push({ workload: workloadLabel(w), policy: v.via });
        else restrictedBy.add(v.via);
      }
      const evidence = {
        networkPolicies: nsPolicies.map((p) => p.metadata?.name ?? ''),
        workloads: workloads.length,
        unrestrictedWorkloads: unrestricted,
        ...(undetermined.length > 0 ? { undeterminedWorkloads: undetermined } : {}),
        ...(restrictedBy.size > 0 ? { restrictingPolicies: [...restrictedBy] } : {}),
        ...(hostNetwork.length > 0 ? { hostNetworkWorkloads: hostNetwork.map(workloadLabel) } : {}),
      };
      if (unrestricted.length > 0) {
        const noPolicy = unrestricted.every((u) => u.reason === 'no egress policy selects it');
        results.push({
          status: 'fail',
          resource: namespaceRef(ns),
          message:
            noPolicy && unrestricted.length === workloads.length
              ? `Namespace ${ns} has no egress NetworkPolicy: its ${workloads.length} workload${workloads.length > 1 ? 's' : ''} may connect to any address on any port.`
              : `In namespace ${ns}, ${unrestricted.length} of ${workloads.length} workloads may connect to any address on any port (${unrestricted
                  .slice(0, 3)
                  .map((u) => `${u.workload}: ${u.reason}`)
                  .join('; ')}${unrestricted.length > 3 ? '; ...' : ''}).`,
          evidence,
        });
      } else if (undetermined.length > 0) {
        results.push({
          status: 'not-applicable',
          resource: namespaceRef(ns),
          message: `In namespace ${ns}, whether ${undetermined.length} of ${workloads.length} workloads may connect anywhere depends on policies whose reach cannot be worked out from the snapshot (${undetermined
            .slice(0, 3)
            .map((u) => `${u.workload}: ${u.policy}`)
            .join('; ')}); review them by hand.`,
          evidence,
        });
      } else {
        results.push({ status: 'pass', resource: namespaceRef(ns), message: `Every workload in namespace ${ns} is limited by an egress policy to the destinations it allows.`, evidence });
      }
    }
    return results;
  },
};
