/**
 * Cilium CiliumNetworkPolicy (namespaced) / CiliumClusterwideNetworkPolicy: `spec` and `specs[]`
 * rules; `endpointSelector` (label selector; a CNP only selects pods of its namespace; special keys
 * io.kubernetes.pod.namespace, io.cilium.k8s.namespace.labels.<k>, io.cilium.k8s.policy.serviceaccount;
 * `k8s:` / `any:` source prefixes). A rule selecting a pod with ingress / ingressDeny (egress /
 * egressDeny) rules puts it in default deny for that direction unless enableDefaultDeny says false.
 * Deny rules win over every allow.
 */
import { isEmptySelector, labelLookup, selectorMatchesTri, type LabelLookup } from '../../../../k8s/label-selector';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, triOr, type Tri } from '../../../../k8s/tri';
import { cidrContains } from './addresses';
import { arr, cniPolicyLabel, isRec, namespaceLookup, productOf, type Direction, type PodInfo, type Rec } from './model';
import { ciliumPort, portListAdmits } from './ports';


function ciliumLookup(pod: PodInfo): LabelLookup {
  const ns = namespaceLookup(pod);
  const own = labelLookup(pod.labels);
  return (raw) => {
    let key = raw;
    const colon = key.indexOf(':');
    if (colon > 0 && /^[a-z0-9-]+$/.test(key.slice(0, colon))) {
      const source = key.slice(0, colon);
      key = key.slice(colon + 1);
      if (source === 'reserved') return undefined; // reserved identities (host, world, ...) are not pods
      if (source !== 'k8s' && source !== 'any') return null;
    }
    if (key === 'io.kubernetes.pod.namespace') return pod.namespace;
    if (key.startsWith('io.cilium.k8s.namespace.labels.')) return ns(key.slice('io.cilium.k8s.namespace.labels.'.length));
    if (key === 'io.cilium.k8s.policy.serviceaccount') return pod.serviceAccount;
    if (key.startsWith('io.cilium.')) return null;
    return own(key);
  };
}

function ciliumRules(p: GenericObject): Rec[] {
  const out: Rec[] = [];
  if (isRec(p.spec)) out.push(p.spec);
  for (const r of arr(p.specs)) if (isRec(r)) out.push(r);
  return out;
}

function ciliumSelects(p: GenericObject, rule: Rec, pod: PodInfo): Tri {
  if (rule.nodeSelector !== undefined) return 'no'; // host policy: selects nodes, not pods
  if (p.kind === 'CiliumNetworkPolicy' && (p.metadata?.namespace ?? 'default') !== pod.namespace) return 'no';
  if (rule.endpointSelector === undefined) return 'no';
  return selectorMatchesTri(rule.endpointSelector, ciliumLookup(pod));
}

/** Whether a Cilium rule puts the endpoints it selects in default deny for a direction. */
export function ciliumDefaultDeny(rule: Rec, dir: Direction): boolean {
  const key = dir === 'Ingress' ? 'ingress' : 'egress';
  const has = arr(rule[key]).length > 0 || arr(rule[`${key}Deny`]).length > 0;
  const explicit = isRec(rule.enableDefaultDeny) ? rule.enableDefaultDeny[key] : undefined;
  return typeof explicit === 'boolean' ? explicit : has;
}

const CILIUM_EGRESS_PEERS = ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toRequires', 'toGroups', 'toNodes', 'toFQDNs', 'toServices'];

/** Whether a Cilium ingress (allow or deny) rule matches traffic from every pod of the cluster on every port. */
export function ciliumIngressFromAll(p: GenericObject, r: Rec): Tri {
  if (arr(r.toPorts).length > 0 || arr(r.icmps).length > 0) return 'no';
  const entities = arr(r.fromEntities).map(String);
  if (entities.includes('all') || entities.includes('cluster')) return 'yes';
  // An empty endpoint selector in a clusterwide policy selects every endpoint of the cluster.
  if (p.kind === 'CiliumClusterwideNetworkPolicy' && arr(r.fromEndpoints).some(isEmptySelector)) return 'yes';
  return 'no';
}

/** Whether a Cilium egress rule (allow or deny) matches TCP traffic to ip:port outside the cluster. */
export function ciliumEgressMatches(r: Rec, ip: string, port: number): Tri {
  let ports: Tri = 'yes';
  const toPorts = arr(r.toPorts);
  if (toPorts.length > 0) {
    ports = 'no';
    for (const tp of toPorts) {
      if (!isRec(tp)) return 'unknown';
      ports = triOr(ports, portListAdmits(arr(tp.ports), ciliumPort, port, 'unknown'));
    }
  }
  if (arr(r.icmps).length > 0 && toPorts.length === 0) return 'no';
  if (ports === 'no') return 'no';
  const present = CILIUM_EGRESS_PEERS.filter((k) => r[k] !== undefined && !(Array.isArray(r[k]) && (r[k] as unknown[]).length === 0));
  if (present.length === 0) return ports; // only ports: every destination
  let dest: Tri = 'no';
  const entities = arr(r.toEntities).map(String);
  if (entities.some((e) => e === 'all' || e === 'world' || e === 'world-ipv4')) dest = 'yes';
  for (const c of arr(r.toCIDR)) if (typeof c === 'string' && cidrContains(c, ip)) dest = 'yes';
  for (const c of arr(r.toCIDRSet)) {
    if (!isRec(c)) continue;
    if (typeof c.cidr === 'string') {
      if (cidrContains(c.cidr, ip) && !arr(c.except).some((e) => typeof e === 'string' && cidrContains(e, ip))) dest = 'yes';
    } else if (c.cidrGroupRef !== undefined || c.cidrGroupSelector !== undefined) dest = triOr(dest, 'unknown');
  }
  // FQDN rules (metadata.google.internal resolves to the metadata address), cloud groups and
  // services may cover the address: not decidable from the snapshot.
  if (present.some((k) => k === 'toFQDNs' || k === 'toGroups' || k === 'toServices')) dest = triOr(dest, 'unknown');
  return triAnd(ports, dest);
}

/** The rules of the Cilium policies that select the pod ('yes') or may ('unknown'), each with its policy and label. */
export function* ciliumRulesSelecting(cni: GenericObject[], pod: PodInfo): Generator<{ p: GenericObject; rule: Rec; sel: Tri; label: string }> {
  for (const p of cni) {
    if (productOf(p) !== 'cilium') continue;
    for (const rule of ciliumRules(p)) {
      const sel = ciliumSelects(p, rule, pod);
      if (sel !== 'no') yield { p, rule, sel, label: cniPolicyLabel(p) };
    }
  }
}
