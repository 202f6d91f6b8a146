/**
 * Network policies: what Kubernetes NetworkPolicies and the CNI / upstream dialects (Cilium,
 * Calico, Antrea, AdminNetworkPolicy and BaselineAdminNetworkPolicy) mean for a pod.
 *
 * - kubernetes.ts: NetworkPolicy (networking.k8s.io/v1) on its own, as the NetworkPolicy checks read it.
 * - cilium.ts, calico.ts (+ calico-selector.ts), antrea.ts, admin-network-policy.ts: one dialect each.
 * - combine.ts: all of them together in enforcement order (ingressVerdict, egressVerdict).
 * - ports.ts: the one port matcher, with the differences between dialects written down.
 * - model.ts, addresses.ts: the pod being judged, ordered rules, CIDRs.
 * Label selectors are lib/k8s/label-selector.ts.
 */
export { selectorMatches } from '../../../../k8s/label-selector';
export { cidrContains } from './addresses';
export { parseCalicoSelector } from './calico-selector';
export { egressVerdict, ingressVerdict, type EgressVerdict, type IngressVerdict } from './combine';
export { egressRuleAllows, ingressRuleAllowsAll, policiesByNamespace, policyTypes, selectingPolicies } from './kubernetes';
export { NETWORK_POLICY_GAP_ALIASES, podInfo, type PodInfo } from './model';
