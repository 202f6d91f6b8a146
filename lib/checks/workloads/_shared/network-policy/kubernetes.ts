/**
 * NetworkPolicy semantics (networking.k8s.io/v1): which policies select a pod, for which
 * direction, and whether an egress rule lets traffic reach a given IPv4 address and port.
 */
import type { V1NetworkPolicy, V1NetworkPolicyEgressRule, V1NetworkPolicyIngressRule, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { isEmptySelector, selectorMatches } from '../../../../k8s/label-selector';
import { cidrContains } from './addresses';
import type { PodInfo } from './model';
import { kubernetesPort, portListAdmits } from './ports';

/** The directions a policy applies to: policyTypes, or Ingress plus Egress when it has egress rules. */
export function policyTypes(policy: V1NetworkPolicy): Set<'Ingress' | 'Egress'> {
  const explicit = policy.spec?.policyTypes;
  if (explicit && explicit.length > 0) return new Set(explicit.filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress'));
  const types = new Set<'Ingress' | 'Egress'>(['Ingress']);
  if (policy.spec?.egress && policy.spec.egress.length > 0) types.add('Egress');
  return types;
}

/** NetworkPolicies of a namespace, indexed once. */
export function policiesByNamespace(policies: V1NetworkPolicy[]): Map<string, V1NetworkPolicy[]> {
  const map = new Map<string, V1NetworkPolicy[]>();
  for (const p of policies) {
    const ns = p.metadata?.namespace || 'default';
    const list = map.get(ns);
    if (list) list.push(p);
    else map.set(ns, [p]);
  }
  return map;
}

/** Policies of the namespace that select pods with these labels for a direction. */
export function selectingPolicies(policies: V1NetworkPolicy[] | undefined, labels: Record<string, string> | undefined, direction: 'Ingress' | 'Egress'): V1NetworkPolicy[] {
  return (policies ?? []).filter((p) => policyTypes(p).has(direction) && selectorMatches(p.spec?.podSelector, labels));
}

/** Whether one egress rule allows TCP traffic to ip:port. */
export function egressRuleAllows(rule: V1NetworkPolicyEgressRule, ip: string, port: number): { allowed: boolean; via?: string } {
  // A named port resolves against the destination pod's ports; an address outside the cluster has none.
  if (portListAdmits(rule.ports ?? [], kubernetesPort, port, 'no') !== 'yes') return { allowed: false };
  const to = rule.to ?? [];
  if (to.length === 0) return { allowed: true, via: 'a rule with no destination restriction' };
  for (const peer of to) {
    // podSelector / namespaceSelector peers select pods, never the node-local metadata address.
    if (!peer.ipBlock) continue;
    if (cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((ex) => cidrContains(ex, ip))) {
      return { allowed: true, via: `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` (except ${peer.ipBlock.except.join(', ')})` : ''}` };
    }
  }
  return { allowed: false };
}

/**
 * Whether an ingress rule admits every pod of the cluster on every port: no port list, and no
 * "from" list or a peer whose namespaceSelector is empty (all namespaces) with an empty or absent
 * podSelector. ipBlock peers are left out: whether they match pod addresses depends on the CNI.
 */
export function ingressRuleAllowsAll(rule: V1NetworkPolicyIngressRule): boolean {
  if ((rule.ports ?? []).length > 0) return false;
  // The API's JSON field is `from` (the client model names it `_from`).
  const from = (rule as { from?: V1NetworkPolicyPeer[] | null }).from ?? rule._from ?? [];
  if (from.length === 0) return true;
  return from.some((peer) => !peer.ipBlock && peer.namespaceSelector !== undefined && peer.namespaceSelector !== null && isEmptySelector(peer.namespaceSelector) && (peer.podSelector == null || isEmptySelector(peer.podSelector)));
}

/** The Kubernetes NetworkPolicies of the pod's namespace that select it for this direction. */
export function k8sPoliciesSelecting(k8s: V1NetworkPolicy[], pod: PodInfo, dir: 'Ingress' | 'Egress'): V1NetworkPolicy[] {
  return selectingPolicies(k8s.filter((np) => (np.metadata?.namespace ?? 'default') === pod.namespace), pod.labels, dir);
}

/** How verdicts name a NetworkPolicy. */
export function networkPolicyLabel(np: V1NetworkPolicy): string {
  return `NetworkPolicy ${np.metadata?.namespace ?? 'default'}/${np.metadata?.name ?? ''}`;
}
