/**
 * AdminNetworkPolicy (before NetworkPolicy) / BaselineAdminNetworkPolicy (after NetworkPolicy),
 * policy.networking.k8s.io/v1alpha1: `subject`, ordered rules with Allow / Deny / Pass; no
 * implicit isolation.
 */
import { isEmptySelector, labelLookup, selectorMatchesTri } from '../../../../k8s/label-selector';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, triOr, type Tri } from '../../../../k8s/tri';
import { cidrContains } from './addresses';
import { arr, cniPolicyLabel, isRec, namespaceLookup, productOf, spec, str, type Action, type Direction, type OrderedRule, type PodInfo, type Rec } from './model';
import { anpPort, portListAdmits } from './ports';


function anpSubjectSelects(p: GenericObject, pod: PodInfo): Tri {
  const subject = spec(p).subject;
  if (!isRec(subject)) return 'no';
  if (subject.namespaces !== undefined) return selectorMatchesTri(subject.namespaces, namespaceLookup(pod));
  if (isRec(subject.pods)) {
    return triAnd(selectorMatchesTri(subject.pods.namespaceSelector, namespaceLookup(pod)), selectorMatchesTri(subject.pods.podSelector, labelLookup(pod.labels)));
  }
  return 'unknown';
}

function anpRuleAction(r: Rec): Action | undefined {
  const a = str(r.action);
  return a === 'Allow' ? 'allow' : a === 'Deny' ? 'deny' : a === 'Pass' ? 'pass' : undefined;
}

export function anpIngressFromAll(r: Rec): Tri {
  if (arr(r.ports).length > 0) return 'no';
  let out: Tri = 'no';
  for (const peer of arr(r.from)) {
    if (!isRec(peer)) continue;
    if (peer.namespaces !== undefined && isEmptySelector(peer.namespaces)) out = 'yes';
    else if (isRec(peer.pods) && isEmptySelector(peer.pods.namespaceSelector) && isEmptySelector(peer.pods.podSelector)) out = 'yes';
  }
  return out;
}

export function anpEgressMatches(r: Rec, ip: string, port: number): Tri {
  const ports = portListAdmits(arr(r.ports), anpPort, port, 'no');
  if (ports === 'no') return 'no';
  let dest: Tri = 'no';
  for (const peer of arr(r.to)) {
    if (!isRec(peer)) continue;
    for (const n of arr(peer.networks)) if (typeof n === 'string' && cidrContains(n, ip)) dest = 'yes';
    if (peer.domainNames !== undefined) dest = triOr(dest, 'unknown');
  }
  return triAnd(ports, dest);
}

export function sortedAnps(policies: GenericObject[], kind: 'anp' | 'banp'): GenericObject[] {
  const list = policies.filter((p) => productOf(p) === kind);
  return list.sort((a, b) => Number(spec(a).priority ?? 0) - Number(spec(b).priority ?? 0));
}

export function anpRules(p: GenericObject, dir: Direction, pod: PodInfo, match: (r: Rec) => Tri): OrderedRule[] {
  const applies = anpSubjectSelects(p, pod);
  const out: OrderedRule[] = [];
  arr(dir === 'Ingress' ? spec(p).ingress : spec(p).egress).forEach((r, i) => {
    if (!isRec(r)) return;
    const action = anpRuleAction(r);
    if (!action) return;
    out.push({ action, applies, matches: match(r), via: `${cniPolicyLabel(p)} ${dir.toLowerCase()} rule ${str(r.name) ?? i + 1}` });
  });
  return out;
}
