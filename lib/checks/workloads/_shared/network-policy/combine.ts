/**
 * The combiner: what Kubernetes NetworkPolicies and CNI / upstream cluster network policies
 * (snapshot.objects.cniNetworkPolicies) mean together for one pod, in enforcement order:
 *
 * - Cilium CiliumNetworkPolicy (namespaced) / CiliumClusterwideNetworkPolicy: `spec` and `specs[]`
 *   rules; `endpointSelector` (label selector; a CNP only selects pods of its namespace; special keys
 *   io.kubernetes.pod.namespace, io.cilium.k8s.namespace.labels.<k>, io.cilium.k8s.policy.serviceaccount;
 *   `k8s:` / `any:` source prefixes). A rule selecting a pod with ingress / ingressDeny (egress /
 *   egressDeny) rules puts it in default deny for that direction unless enableDefaultDeny says false.
 *   Deny rules win over every allow.
 * - Calico NetworkPolicy / GlobalNetworkPolicy (projectcalico.org/v3, crd.projectcalico.org/v1):
 *   selector expressions, `types` (default Ingress; Egress when there are egress rules), ordered
 *   rules with Allow / Deny / Pass / Log, first match wins; a selected endpoint without a matching
 *   rule is denied at the end of the tier. Kubernetes NetworkPolicies are ordered at 1000 among them.
 * - Antrea NetworkPolicy / ClusterNetworkPolicy (crd.antrea.io): `appliedTo`, ordered rules with
 *   Allow / Drop / Reject / Pass; no implicit isolation. Tiers before Kubernetes NetworkPolicies,
 *   except "baseline", which is consulted after them.
 * - AdminNetworkPolicy (before NetworkPolicy) / BaselineAdminNetworkPolicy (after NetworkPolicy),
 *   policy.networking.k8s.io/v1alpha1: `subject`, ordered rules with Allow / Deny / Pass; no
 *   implicit isolation.
 *
 * Everything here is three-valued: when a policy's meaning cannot be worked out from the snapshot
 * (ClusterGroup references, custom tiers, FQDN rules, network sets, selectors on unknown labels)
 * the answer is "unknown", and the checks say so instead of guessing either way.
 */
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, type Tri } from '../../../../k8s/tri';
import { anpEgressMatches, anpIngressFromAll, anpRules, sortedAnps } from './admin-network-policy';
import { antreaEgressMatches, antreaIngressFromAll, antreaRules, sortedAntrea } from './antrea';
import { calicoAction, calicoEgressMatches, calicoIngressFromAll, calicoOrdered } from './calico';
import { ciliumDefaultDeny, ciliumEgressMatches, ciliumIngressFromAll, ciliumRulesSelecting } from './cilium';
import { egressRuleAllows, ingressRuleAllowsAll, k8sPoliciesSelecting, networkPolicyLabel } from './kubernetes';
import { arr, cniPolicyLabel, firstMatch, isRec, productOf, spec, type Direction, type OrderedRule, type PodInfo, type Rec } from './model';

/** No rules: a cluster without CNI or admin policies (shared, never changed). */
const NO_RULES: readonly OrderedRule[] = [];

/** Rules enforced before Kubernetes NetworkPolicies (AdminNetworkPolicy, Antrea tiers but baseline). */
function precedingRules(policies: GenericObject[], dir: Direction, pod: PodInfo, anpMatch: (r: Rec) => Tri, antreaMatch: (p: GenericObject, r: Rec) => Tri): readonly OrderedRule[] | { unknown: string } {
  if (policies.length === 0) return NO_RULES; // no CNI or admin policies: asked for every pod, answered without sorting
  const antrea = sortedAntrea(policies, false);
  if (antrea.unknownTier) return { unknown: `${antrea.unknownTier} (custom tier)` };
  return [
    ...sortedAnps(policies, 'anp').flatMap((p) => anpRules(p, dir, pod, anpMatch)),
    ...antrea.list.flatMap((p) => antreaRules(p, dir, pod, (r) => antreaMatch(p, r))),
  ];
}

/** Rules consulted only when no NetworkPolicy decided (BaselineAdminNetworkPolicy, Antrea baseline tier). */
function baselineRules(policies: GenericObject[], dir: Direction, pod: PodInfo, anpMatch: (r: Rec) => Tri, antreaMatch: (p: GenericObject, r: Rec) => Tri): readonly OrderedRule[] {
  if (policies.length === 0) return NO_RULES;
  return [
    ...sortedAntrea(policies, true).list.flatMap((p) => antreaRules(p, dir, pod, (r) => antreaMatch(p, r))),
    ...sortedAnps(policies, 'banp').flatMap((p) => anpRules(p, dir, pod, anpMatch)),
  ];
}

// ---------------------------------------------------------------- ingress

export type IngressVerdict =
  | { state: 'isolated'; via: string }
  | { state: 'open'; via: string }
  | { state: 'unselected' }
  | { state: 'unknown'; via: string };

/**
 * Whether a pod accepts traffic from any pod of the cluster, considering Kubernetes NetworkPolicies
 * (`k8s`, all namespaces) and CNI policies together:
 * - isolated: a default-deny or a deny-everything rule applies before anything allows everything;
 * - open: a rule admitting every pod on every port decides first (`via` names it);
 * - unselected: nothing isolates the pod;
 * - unknown: a policy that may decide could not be interpreted.
 */
export function ingressVerdict(pod: PodInfo, k8s: V1NetworkPolicy[], cni: GenericObject[]): IngressVerdict {
  // 1. AdminNetworkPolicy and Antrea tiers before NetworkPolicy: the first rule matching every pod decides.
  const pre = precedingRules(cni, 'Ingress', pod, anpIngressFromAll, antreaIngressFromAll);
  if ('unknown' in pre) return { state: 'unknown', via: pre.unknown };
  const decided = decideCatchAll(pre);
  if (decided) return decided;

  // 2. The NetworkPolicy layer: Kubernetes NetworkPolicies with Cilium or Calico policies.
  const np = networkPolicyLayerIngress(pod, k8s, cni);
  if (np.state !== 'unselected') return np;

  // 3. BaselineAdminNetworkPolicy and Antrea's baseline tier, for pods no NetworkPolicy isolates.
  const base = decideCatchAll(baselineRules(cni, 'Ingress', pod, anpIngressFromAll, antreaIngressFromAll));
  if (base) return base.state === 'open' ? { state: 'unselected' } : base;
  return { state: 'unselected' };
}

/** Walks ordered rules: a partial rule (applying to some traffic) before the deciding one leaves the outcome mixed → unknown. */
function decideCatchAll(rules: readonly OrderedRule[]): IngressVerdict | undefined {
  let partialBefore: string | undefined;
  for (const r of rules) {
    if (r.applies === 'no' || r.matches === 'no') {
      // A deny / pass for part of the traffic before an allow-everything rule makes the outcome mixed.
      if (r.applies !== 'no' && r.action !== 'allow') partialBefore ??= r.via;
      continue;
    }
    if (r.applies === 'unknown' || r.matches === 'unknown') return { state: 'unknown', via: r.via };
    if (r.action === 'pass') return undefined;
    if (r.action === 'deny') return { state: 'isolated', via: r.via };
    return partialBefore ? { state: 'unknown', via: `${r.via} (after ${partialBefore})` } : { state: 'open', via: r.via };
  }
  return undefined;
}

function networkPolicyLayerIngress(pod: PodInfo, k8s: V1NetworkPolicy[], cni: GenericObject[]): IngressVerdict {
  // A Cilium deny rule matching every pod wins over every allow.
  for (const { p, rule, sel, label } of ciliumRulesSelecting(cni, pod)) {
    if (sel === 'yes' && arr(rule.ingressDeny).some((r) => isRec(r) && ciliumIngressFromAll(p, r) === 'yes')) return { state: 'isolated', via: `${label} (ingressDeny)` };
  }
  if (cni.some((p) => productOf(p) === 'calico')) {
    const ordered = calicoOrdered(cni, k8s, 'Ingress', pod);
    if (ordered.unknown) return { state: 'unknown', via: ordered.unknown };
    if (ordered.list.length === 0) return { state: 'unselected' };
    let partialBefore: string | undefined;
    let selected: string | undefined;
    for (const entry of ordered.list) {
      if (entry.applies === 'unknown') return { state: 'unknown', via: cniPolicyLabel(entry.calico!) };
      const label = entry.k8s ? networkPolicyLabel(entry.k8s) : cniPolicyLabel(entry.calico!);
      selected ??= label;
      if (entry.k8s) {
        const rules = entry.k8s.spec?.ingress ?? [];
        if (rules.some(ingressRuleAllowsAll)) return partialBefore ? { state: 'unknown', via: `${label} (after ${partialBefore})` } : { state: 'open', via: label };
        continue; // allow rules only: what they do not allow falls through to later policies
      }
      for (const [i, raw] of arr(spec(entry.calico!).ingress).entries()) {
        if (!isRec(raw)) continue;
        const action = calicoAction(raw);
        if (action === 'log' || action === undefined) continue;
        const all = calicoIngressFromAll(raw);
        const via = `${label} ingress rule ${i + 1}`;
        if (all === 'unknown') return { state: 'unknown', via };
        if (all === 'no') {
          if (action === 'deny' || action === 'pass') partialBefore ??= via;
          continue;
        }
        if (action === 'deny') return { state: 'isolated', via };
        // Allow, or Pass out of the last tier to the profiles (which allow): every pod gets in.
        return partialBefore ? { state: 'unknown', via: `${via} (after ${partialBefore})` } : { state: 'open', via };
      }
    }
    // Nothing matched everything: traffic no rule allows is denied at the end of the tier.
    return { state: 'isolated', via: selected! };
  }

  // Kubernetes NetworkPolicy and Cilium: allow rules add up, deny rules win, one default-deny isolates.
  let isolatedVia: string | undefined;
  let openVia: string | undefined;
  let unknownVia: string | undefined;
  for (const np of k8sPoliciesSelecting(k8s, pod, 'Ingress')) {
    isolatedVia ??= networkPolicyLabel(np);
    if ((np.spec?.ingress ?? []).some(ingressRuleAllowsAll)) openVia ??= networkPolicyLabel(np);
  }
  for (const { p, rule, sel, label } of ciliumRulesSelecting(cni, pod)) {
    if (sel === 'unknown') {
      if (ciliumDefaultDeny(rule, 'Ingress') || arr(rule.ingress).length > 0) unknownVia ??= label;
      continue;
    }
    if (ciliumDefaultDeny(rule, 'Ingress')) isolatedVia ??= label;
    if (arr(rule.ingress).some((r) => isRec(r) && ciliumIngressFromAll(p, r) === 'yes')) openVia ??= label;
  }
  if (unknownVia) return { state: 'unknown', via: unknownVia };
  if (openVia) return { state: 'open', via: openVia };
  if (isolatedVia) return { state: 'isolated', via: isolatedVia };
  return { state: 'unselected' };
}

// ---------------------------------------------------------------- egress to one address

export type EgressVerdict = { state: 'blocked'; via: string } | { state: 'allowed'; via: string } | { state: 'unknown'; via: string };

/**
 * Whether TCP traffic from the pod to ip:port (an address outside the cluster, such as the cloud
 * metadata API) gets through Kubernetes NetworkPolicies and CNI policies together.
 */
export function egressVerdict(pod: PodInfo, k8s: V1NetworkPolicy[], cni: GenericObject[], ip: string, port: number): EgressVerdict {
  const anpMatch = (r: Rec): Tri => anpEgressMatches(r, ip, port);
  const antreaMatch = (_p: GenericObject, r: Rec): Tri => antreaEgressMatches(r, ip, port);
  const pre = precedingRules(cni, 'Egress', pod, anpMatch, antreaMatch);
  if ('unknown' in pre) return { state: 'unknown', via: pre.unknown };
  const first = firstMatch(pre);
  if (first !== 'none') {
    if ('unknown' in first) return { state: 'unknown', via: first.unknown };
    if (first.action === 'allow') return { state: 'allowed', via: first.via };
    if (first.action === 'deny') return { state: 'blocked', via: first.via };
  }
  const np = networkPolicyLayerEgress(pod, k8s, cni, ip, port);
  if (np) return np;
  const base = firstMatch(baselineRules(cni, 'Egress', pod, anpMatch, antreaMatch));
  if (base !== 'none') {
    if ('unknown' in base) return { state: 'unknown', via: base.unknown };
    if (base.action === 'deny') return { state: 'blocked', via: base.via };
    if (base.action === 'allow') return { state: 'allowed', via: base.via };
  }
  return { state: 'allowed', via: 'no egress policy selects it' };
}

/** The NetworkPolicy layer's egress decision, or undefined when no policy there isolates the pod for egress. */
function networkPolicyLayerEgress(pod: PodInfo, k8s: V1NetworkPolicy[], cni: GenericObject[], ip: string, port: number): EgressVerdict | undefined {
  // Cilium deny rules win over every allow (Cilium's and Kubernetes NetworkPolicies').
  let denyUnknown: string | undefined;
  for (const { rule, sel, label } of ciliumRulesSelecting(cni, pod)) {
    for (const r of arr(rule.egressDeny)) {
      if (!isRec(r)) continue;
      const m = triAnd(sel, ciliumEgressMatches(r, ip, port));
      if (m === 'yes') return { state: 'blocked', via: `${label} (egressDeny)` };
      if (m === 'unknown') denyUnknown ??= label;
    }
  }
  if (denyUnknown) return { state: 'unknown', via: denyUnknown };
  if (cni.some((p) => productOf(p) === 'calico')) {
    const ordered = calicoOrdered(cni, k8s, 'Egress', pod);
    if (ordered.unknown) return { state: 'unknown', via: ordered.unknown };
    if (ordered.list.length === 0) return undefined;
    let selected: string | undefined;
    for (const entry of ordered.list) {
      if (entry.applies === 'unknown') return { state: 'unknown', via: cniPolicyLabel(entry.calico!) };
      const label = entry.k8s ? networkPolicyLabel(entry.k8s) : cniPolicyLabel(entry.calico!);
      selected ??= label;
      if (entry.k8s) {
        for (const rule of entry.k8s.spec?.egress ?? []) {
          const v = egressRuleAllows(rule, ip, port);
          if (v.allowed) return { state: 'allowed', via: `${label} (${v.via})` };
        }
        continue;
      }
      for (const [i, raw] of arr(spec(entry.calico!).egress).entries()) {
        if (!isRec(raw)) continue;
        const action = calicoAction(raw);
        if (action === 'log' || action === undefined) continue;
        const m = calicoEgressMatches(raw, ip, port);
        const via = `${label} egress rule ${i + 1}`;
        if (m === 'no') continue;
        if (m === 'unknown') return { state: 'unknown', via };
        if (action === 'deny') return { state: 'blocked', via };
        return { state: 'allowed', via }; // Allow, or Pass to the profiles (which allow)
      }
    }
    return { state: 'blocked', via: `${selected!} (default deny)` };
  }

  let isolated: string | undefined;
  let unknown: string | undefined;
  let allowed: string | undefined;
  for (const { rule, sel, label } of ciliumRulesSelecting(cni, pod)) {
    if (sel === 'unknown') {
      if (ciliumDefaultDeny(rule, 'Egress') || arr(rule.egress).length > 0) unknown ??= label;
      continue;
    }
    if (ciliumDefaultDeny(rule, 'Egress')) isolated ??= label;
    for (const r of arr(rule.egress)) {
      if (!isRec(r)) continue;
      const m = ciliumEgressMatches(r, ip, port);
      if (m === 'yes') allowed ??= label;
      else if (m === 'unknown') unknown ??= label;
    }
  }
  for (const np of k8sPoliciesSelecting(k8s, pod, 'Egress')) {
    isolated ??= networkPolicyLabel(np);
    for (const rule of np.spec?.egress ?? []) {
      const v = egressRuleAllows(rule, ip, port);
      if (v.allowed) allowed ??= `${networkPolicyLabel(np)} (${v.via})`;
    }
  }
  if (unknown) return { state: 'unknown', via: unknown };
  if (!isolated) return undefined;
  if (allowed) return { state: 'allowed', via: allowed };
  return { state: 'blocked', via: `${isolated} (default deny)` };
}
