/**
 * What the network-policy dialects share: the pod being judged, the policy products, ordered rules
 * and the coverage-gap names that make verdicts undecidable.
 */
import { labelLookup, type LabelLookup } from '../../../../k8s/label-selector';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, type Tri } from '../../../../k8s/tri';

/** The pod being judged. `namespaceLabels` is undefined when the Namespace object is not in the snapshot. */
export interface PodInfo {
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  namespaceLabels: Record<string, string> | undefined;
}

/** The pod as the policy evaluators see it. */
export function podInfo(namespace: string, labels: Record<string, string> | undefined, serviceAccount: string | undefined, namespaceLabels: Record<string, string> | undefined): PodInfo {
  return { namespace, labels: labels ?? {}, serviceAccount: serviceAccount || 'default', namespaceLabels };
}

export type Rec = Record<string, unknown>;
export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Namespace label lookup; `kubernetes.io/metadata.name` is always set by the API server. */
export function namespaceLookup(pod: PodInfo): LabelLookup {
  const labels = pod.namespaceLabels ? labelLookup(pod.namespaceLabels) : undefined;
  return (key) => {
    if (key === 'kubernetes.io/metadata.name') return pod.namespace;
    return labels ? labels(key) : null;
  };
}

export type Direction = 'Ingress' | 'Egress';
export type Action = 'allow' | 'deny' | 'pass';

export function cniPolicyLabel(p: GenericObject): string {
  const ns = p.metadata?.namespace;
  return `${p.kind} ${ns ? `${ns}/` : ''}${p.metadata?.name ?? ''}`;
}

const groupOf = (p: GenericObject): string => (p.apiVersion.includes('/') ? p.apiVersion.slice(0, p.apiVersion.indexOf('/')) : '');
export type Product = 'cilium' | 'calico' | 'antrea' | 'anp' | 'banp';
export function productOf(p: GenericObject): Product | undefined {
  const g = groupOf(p);
  if (g === 'cilium.io') return 'cilium';
  if (g === 'projectcalico.org' || g === 'crd.projectcalico.org') return 'calico';
  if (g === 'crd.antrea.io') return 'antrea';
  if (g === 'policy.networking.k8s.io') return p.kind === 'BaselineAdminNetworkPolicy' ? 'banp' : p.kind === 'AdminNetworkPolicy' ? 'anp' : undefined;
  return undefined;
}
export const spec = (p: GenericObject): Rec => (isRec(p.spec) ? p.spec : {});

export interface OrderedRule {
  action: Action;
  matches: Tri;
  /** Whether the policy holding the rule applies to the pod. */
  applies: Tri;
  via: string;
}

/** First matching rule decides. 'unknown' when a rule that may come first cannot be decided. */
export function firstMatch(rules: readonly OrderedRule[]): { action: Action; via: string } | 'none' | { unknown: string } {
  for (const r of rules) {
    const m = triAnd(r.applies, r.matches);
    if (m === 'no') continue;
    if (m === 'unknown') return { unknown: r.via };
    return { action: r.action, via: r.via };
  }
  return 'none';
}

/**
 * Coverage-gap names that leave network-policy verdicts undecidable: the live collector's name for
 * a forbidden core NetworkPolicy list, and `<resource>.<group>` of the CNI policy lists.
 */
export const NETWORK_POLICY_GAP_ALIASES: readonly string[] = [
  'networkpolicies',
  'ciliumnetworkpolicies.cilium.io',
  'ciliumclusterwidenetworkpolicies.cilium.io',
  'networkpolicies.projectcalico.org',
  'globalnetworkpolicies.projectcalico.org',
  'networkpolicies.crd.projectcalico.org',
  'globalnetworkpolicies.crd.projectcalico.org',
  'networkpolicies.crd.antrea.io',
  'clusternetworkpolicies.crd.antrea.io',
  'adminnetworkpolicies.policy.networking.k8s.io',
  'baselineadminnetworkpolicies.policy.networking.k8s.io',
];
