/**
 * Antrea NetworkPolicy / ClusterNetworkPolicy (crd.antrea.io): `appliedTo`, ordered rules with
 * Allow / Drop / Reject / Pass; no implicit isolation. Tiers before Kubernetes NetworkPolicies,
 * except "baseline", which is consulted after them.
 */
import { isEmptySelector, labelLookup, selectorMatchesTri } from '../../../../k8s/label-selector';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, triOf, triOr, type Tri } from '../../../../k8s/tri';
import { cidrContains } from './addresses';
import { arr, cniPolicyLabel, isRec, namespaceLookup, productOf, spec, str, type Action, type Direction, type OrderedRule, type PodInfo, type Rec } from './model';
import { ciliumPort, portListAdmits } from './ports';


const ANTREA_STATIC_TIERS: Record<string, number> = { emergency: 50, securityops: 100, networkops: 150, platform: 200, application: 250, baseline: 253 };

function antreaTier(p: GenericObject): number | undefined {
  const t = (str(spec(p).tier) ?? 'application').toLowerCase();
  return ANTREA_STATIC_TIERS[t];
}

function antreaAppliedToSelects(p: GenericObject, entries: unknown[], pod: PodInfo): Tri {
  const cluster = p.kind === 'ClusterNetworkPolicy';
  if (!cluster && (p.metadata?.namespace ?? 'default') !== pod.namespace) return 'no';
  let out: Tri = 'no';
  for (const e of entries) {
    if (!isRec(e)) continue;
    if (e.group !== undefined || e.service !== undefined || e.externalEntitySelector !== undefined) {
      out = triOr(out, 'unknown');
      continue;
    }
    if (e.nodeSelector !== undefined) continue;
    if (isRec(e.serviceAccount)) {
      out = triOr(out, triOf(e.serviceAccount.name === pod.serviceAccount && (e.serviceAccount.namespace ?? p.metadata?.namespace) === pod.namespace));
      continue;
    }
    if (e.podSelector === undefined && e.namespaceSelector === undefined) continue;
    let m: Tri = selectorMatchesTri(e.podSelector, labelLookup(pod.labels));
    if (cluster && e.namespaceSelector !== undefined) m = triAnd(m, selectorMatchesTri(e.namespaceSelector, namespaceLookup(pod)));
    out = triOr(out, m);
  }
  return out;
}

function antreaRuleAction(r: Rec): Action | undefined {
  const a = str(r.action);
  return a === 'Allow' ? 'allow' : a === 'Drop' || a === 'Reject' ? 'deny' : a === 'Pass' ? 'pass' : undefined;
}

/** Whether an Antrea ingress rule matches traffic from every pod on every port. */
export function antreaIngressFromAll(p: GenericObject, r: Rec): Tri {
  if (arr(r.ports).length > 0 || arr(r.protocols).length > 0 || arr(r.l7Protocols).length > 0 || arr(r.toServices).length > 0) return 'no';
  const from = arr(r.from);
  if (from.length === 0) return 'yes';
  let out: Tri = 'no';
  for (const peer of from) {
    if (!isRec(peer)) continue;
    if (peer.group !== undefined) out = triOr(out, 'unknown');
    else if (isRec(peer.ipBlock) && /\/0$/.test(String(peer.ipBlock.cidr))) out = triOr(out, 'unknown'); // may or may not cover pod addresses
    else if (peer.namespaceSelector !== undefined && isEmptySelector(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector))) out = 'yes';
    else if (p.kind === 'ClusterNetworkPolicy' && peer.namespaceSelector === undefined && peer.namespaces === undefined && isEmptySelector(peer.podSelector)) out = 'yes';
  }
  return out;
}

/** Whether an Antrea egress rule matches TCP traffic to ip:port outside the cluster. */
export function antreaEgressMatches(r: Rec, ip: string, port: number): Tri {
  if (arr(r.l7Protocols).length > 0 || arr(r.toServices).length > 0) return 'unknown';
  if (arr(r.protocols).length > 0) return 'no';
  const ports = portListAdmits(arr(r.ports), ciliumPort, port, 'unknown');
  if (ports === 'no') return 'no';
  const to = arr(r.to);
  if (to.length === 0) return ports;
  let dest: Tri = 'no';
  for (const peer of to) {
    if (!isRec(peer)) continue;
    if (isRec(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' && cidrContains(peer.ipBlock.cidr, ip)) dest = 'yes';
    else if (peer.group !== undefined || peer.fqdn !== undefined) dest = triOr(dest, 'unknown');
  }
  return triAnd(ports, dest);
}

/** Antrea policies in enforcement order, or an unknown marker when a custom tier makes the order unknowable. */
export function sortedAntrea(policies: GenericObject[], baseline: boolean): { list: GenericObject[]; unknownTier?: string } {
  const list: Array<{ p: GenericObject; tier: number }> = [];
  let unknownTier: string | undefined;
  for (const p of policies) {
    if (productOf(p) !== 'antrea') continue;
    const tier = antreaTier(p);
    if (tier === undefined) {
      unknownTier = cniPolicyLabel(p);
      continue;
    }
    if ((tier === ANTREA_STATIC_TIERS.baseline) !== baseline) continue;
    list.push({ p, tier });
  }
  list.sort((a, b) => a.tier - b.tier || Number(spec(a.p).priority ?? 0) - Number(spec(b.p).priority ?? 0));
  return { list: list.map((x) => x.p), unknownTier };
}

export function antreaRules(p: GenericObject, dir: Direction, pod: PodInfo, match: (r: Rec) => Tri): OrderedRule[] {
  const s = spec(p);
  const policyApplies = Array.isArray(s.appliedTo) ? antreaAppliedToSelects(p, s.appliedTo, pod) : undefined;
  const out: OrderedRule[] = [];
  arr(dir === 'Ingress' ? s.ingress : s.egress).forEach((r, i) => {
    if (!isRec(r)) return;
    const action = antreaRuleAction(r);
    if (!action) return;
    const applies = policyApplies ?? (Array.isArray(r.appliedTo) ? antreaAppliedToSelects(p, r.appliedTo, pod) : 'no');
    out.push({ action, applies, matches: match(r), via: `${cniPolicyLabel(p)} ${dir.toLowerCase()} rule ${str(r.name) ?? i + 1}` });
  });
  return out;
}
