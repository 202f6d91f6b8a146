/**
 * Calico NetworkPolicy / GlobalNetworkPolicy (projectcalico.org/v3, crd.projectcalico.org/v1):
 * selector expressions (calico-selector.ts), `types` (default Ingress; Egress when there are egress
 * rules), ordered rules with Allow / Deny / Pass / Log, first match wins; a selected endpoint
 * without a matching rule is denied at the end of the tier. Kubernetes NetworkPolicies are ordered
 * at 1000 among them.
 */
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { GenericObject } from '../../../../k8s/snapshot';
import { triAnd, triNot, triOf, type Tri } from '../../../../k8s/tri';
import { cidrContains } from './addresses';
import { calicoNamespaceLookup, calicoPodLookup, calicoTri } from './calico-selector';
import { k8sPoliciesSelecting } from './kubernetes';
import { arr, cniPolicyLabel, isRec, productOf, spec, str, type Action, type Direction, type PodInfo, type Rec } from './model';
import { calicoPort, portListAdmits } from './ports';


function calicoSelects(p: GenericObject, pod: PodInfo): Tri {
  const s = spec(p);
  const global = p.kind === 'GlobalNetworkPolicy';
  if (!global && (p.metadata?.namespace ?? 'default') !== pod.namespace) return 'no';
  // Pre-DNAT and untracked policies apply to host endpoints only.
  if (global && (s.preDNAT === true || s.doNotTrack === true)) return 'no';
  let out = calicoTri(s.selector, calicoPodLookup(pod));
  if (global && s.namespaceSelector !== undefined && s.namespaceSelector !== '') out = triAnd(out, calicoTri(s.namespaceSelector, calicoNamespaceLookup(pod)));
  const sa = str(s.serviceAccountSelector)?.trim();
  if (sa && sa !== 'all()') out = triAnd(out, 'unknown');
  return out;
}

function calicoTypes(p: GenericObject): Set<Direction> {
  const s = spec(p);
  const explicit = arr(s.types).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (explicit.length > 0) return new Set(explicit);
  const ing = arr(s.ingress).length > 0;
  const eg = arr(s.egress).length > 0;
  if (eg && !ing) return new Set(['Egress']);
  if (eg && ing) return new Set(['Ingress', 'Egress']);
  return new Set(['Ingress']);
}

export function calicoAction(r: Rec): Action | 'log' | undefined {
  const a = str(r.action);
  return a === 'Allow' ? 'allow' : a === 'Deny' ? 'deny' : a === 'Pass' ? 'pass' : a === 'Log' ? 'log' : undefined;
}

const CALICO_ENTITY_FIELDS = ['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'ports', 'notPorts', 'serviceAccounts', 'services', 'domains'];
function entityEmpty(e: unknown): boolean {
  if (e === undefined || e === null) return true;
  if (!isRec(e)) return false;
  return Object.entries(e).every(([, v]) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isRec(v) && Object.keys(v).length === 0));
}

/** Whether a Calico ingress rule matches traffic from every pod on every port. */
export function calicoIngressFromAll(r: Rec): Tri {
  for (const k of ['protocol', 'notProtocol', 'icmp', 'notICMP', 'http', 'ipVersion']) if (r[k] !== undefined && r[k] !== null) return 'no';
  if (!entityEmpty(r.destination)) return 'no';
  if (entityEmpty(r.source)) return 'yes';
  const src = isRec(r.source) ? r.source : {};
  const keys = Object.keys(src).filter((k) => !entityEmpty({ [k]: src[k] }));
  // `selector: all()` (with an empty or all() namespaceSelector in a global policy) is every endpoint too.
  // Every address: pods included (Calico matches the source address).
  if (keys.length === 1 && keys[0] === 'nets' && arr(src.nets).some((n) => n === '0.0.0.0/0' || n === '::/0')) return 'yes';
  if (keys.every((k) => k === 'selector' || k === 'namespaceSelector') && String(src.selector ?? 'all()').trim() === 'all()' && String(src.namespaceSelector ?? 'all()').trim() === 'all()') {
    return 'yes';
  }
  return CALICO_ENTITY_FIELDS.some((k) => keys.includes(k)) ? 'no' : 'unknown';
}

/** Whether a Calico egress rule matches TCP traffic from the pod to ip:port (an address outside the cluster). */
export function calicoEgressMatches(r: Rec, ip: string, port: number): Tri {
  if (r.ipVersion === 6) return 'no';
  const proto = r.protocol;
  if (proto !== undefined && proto !== null && proto !== 'TCP' && proto !== 6) return 'no';
  if (r.notProtocol === 'TCP' || r.notProtocol === 6) return 'no';
  if (r.icmp !== undefined || r.http !== undefined) return r.http !== undefined ? 'unknown' : 'no';
  const d = isRec(r.destination) ? r.destination : {};
  let out: Tri = 'yes';
  const nets = arr(d.nets).map(String);
  if (nets.length > 0) out = triAnd(out, triOf(nets.some((n) => cidrContains(n, ip))));
  const notNets = arr(d.notNets).map(String);
  if (notNets.some((n) => cidrContains(n, ip))) out = 'no';
  // A destination selector matches endpoints and network sets; the address can be in a GlobalNetworkSet.
  if (str(d.selector)?.trim()) out = triAnd(out, 'unknown');
  if (str(d.notSelector)?.trim()) out = triAnd(out, 'unknown');
  if (str(d.namespaceSelector)?.trim()) out = triAnd(out, 'unknown');
  if (d.services !== undefined || d.serviceAccounts !== undefined) out = triAnd(out, 'no');
  if (arr(d.domains).length > 0) out = triAnd(out, 'unknown');
  const ports = arr(d.ports);
  if (ports.length > 0) out = triAnd(out, portListAdmits(ports, calicoPort, port, 'unknown'));
  const notPorts = arr(d.notPorts);
  if (notPorts.length > 0 && portListAdmits(notPorts, calicoPort, port, 'unknown') !== 'no') out = triAnd(out, triNot(portListAdmits(notPorts, calicoPort, port, 'unknown')));
  // Source criteria: the traffic comes from the pod itself.
  if (!entityEmpty(r.source)) out = triAnd(out, 'unknown');
  return out;
}

/** Calico policies and Kubernetes NetworkPolicies (order 1000) in Calico's enforcement order for one direction. */
export function calicoOrdered(policies: GenericObject[], k8s: V1NetworkPolicy[], dir: Direction, pod: PodInfo): { list: Array<{ calico?: GenericObject; k8s?: V1NetworkPolicy; applies: Tri; order: number; name: string }>; unknown?: string } {
  const list: Array<{ calico?: GenericObject; k8s?: V1NetworkPolicy; applies: Tri; order: number; name: string }> = [];
  for (const p of policies) {
    if (productOf(p) !== 'calico' || !calicoTypes(p).has(dir)) continue;
    const applies = calicoSelects(p, pod);
    if (applies === 'no') continue;
    const tier = str(spec(p).tier);
    if (tier && tier !== 'default') return { list, unknown: `${cniPolicyLabel(p)} (tier ${tier})` };
    const order = typeof spec(p).order === 'number' ? (spec(p).order as number) : Number.POSITIVE_INFINITY;
    list.push({ calico: p, applies, order, name: p.metadata?.name ?? '' });
  }
  for (const np of k8sPoliciesSelecting(k8s, pod, dir)) {
    list.push({ k8s: np, applies: 'yes', order: 1000, name: `knp.default.${np.metadata?.name ?? ''}` });
  }
  list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { list };
}
