/**
 * What CNI and upstream cluster network policies (snapshot.objects.cniNetworkPolicies) mean for one
 * pod, next to Kubernetes NetworkPolicies (network-policy.ts):
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
import { isEmptySelector, labelLookup, selectorMatchesTri, type LabelLookup } from '../../../k8s/label-selector';
import { triAnd, triNot, triOf, triOr, type Tri } from '../../../k8s/tri';
import type { GenericObject } from '../../../k8s/snapshot';
import { cidrContains, egressRuleAllows, ingressRuleAllowsAll, selectingPolicies } from './network-policy';

/** The pod being judged. `namespaceLabels` is undefined when the Namespace object is not in the snapshot. */
export interface PodInfo {
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  namespaceLabels: Record<string, string> | undefined;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Namespace label lookup; `kubernetes.io/metadata.name` is always set by the API server. */
function namespaceLookup(pod: PodInfo): LabelLookup {
  const labels = pod.namespaceLabels ? labelLookup(pod.namespaceLabels) : undefined;
  return (key) => {
    if (key === 'kubernetes.io/metadata.name') return pod.namespace;
    return labels ? labels(key) : null;
  };
}

// ---------------------------------------------------------------- Calico selector expressions

type CalicoExpr = (lookup: LabelLookup) => Tri;

/** Parses a Calico selector expression; undefined when it is not understood. Empty means all(). */
export function parseCalicoSelector(text: string | undefined): CalicoExpr | undefined {
  const src = (text ?? '').trim();
  if (!src) return () => 'yes';
  const tokens: string[] = [];
  const re = /\s*(\|\||&&|==|!=|!|\(|\)|\{|\}|,|"[^"]*"|'[^']*'|[A-Za-z0-9_./-]+)/y;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) {
      if (/^\s+$/.test(src.slice(pos))) break;
      return undefined;
    }
    tokens.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (t?: string): string => {
    const tok = tokens[i];
    if (tok === undefined || (t !== undefined && tok !== t)) throw new Error('parse');
    i++;
    return tok;
  };
  const literal = (): string => {
    const tok = take();
    if (!/^["']/.test(tok)) throw new Error('parse');
    return tok.slice(1, -1);
  };
  const set = (): string[] => {
    take('{');
    const out: string[] = [];
    if (peek() !== '}') {
      out.push(literal());
      while (peek() === ',') {
        take(',');
        out.push(literal());
      }
    }
    take('}');
    return out;
  };
  const primary = (): CalicoExpr => {
    const tok = take();
    if (tok === '!') {
      const inner = primary();
      return (l) => triNot(inner(l));
    }
    if (tok === '(') {
      const inner = expr();
      take(')');
      return inner;
    }
    if ((tok === 'all' || tok === 'global') && peek() === '(') {
      take('(');
      take(')');
      // global() selects non-namespaced endpoints (network sets, host endpoints), never a pod.
      return tok === 'all' ? () => 'yes' : () => 'no';
    }
    if (tok === 'has' && peek() === '(') {
      take('(');
      const key = take();
      take(')');
      return (l) => {
        const v = l(key);
        return v === null ? 'unknown' : triOf(v !== undefined);
      };
    }
    if (!/^[A-Za-z0-9_./-]+$/.test(tok)) throw new Error('parse');
    const key = tok;
    const op = take();
    const withValue = (f: (v: string | undefined) => boolean): CalicoExpr => (l) => {
      const v = l(key);
      return v === null ? 'unknown' : triOf(f(v));
    };
    if (op === '==') {
      const lit = literal();
      return withValue((v) => v === lit);
    }
    if (op === '!=') {
      const lit = literal();
      return withValue((v) => v !== lit);
    }
    if (op === 'in') {
      const values = set();
      return withValue((v) => v !== undefined && values.includes(v));
    }
    if (op === 'not') {
      take('in');
      const values = set();
      return withValue((v) => v === undefined || !values.includes(v));
    }
    if (op === 'contains') {
      const lit = literal();
      return withValue((v) => v !== undefined && v.includes(lit));
    }
    if (op === 'starts' || op === 'ends') {
      take('with');
      const lit = literal();
      return withValue((v) => v !== undefined && (op === 'starts' ? v.startsWith(lit) : v.endsWith(lit)));
    }
    throw new Error('parse');
  };
  const conj = (): CalicoExpr => {
    let left = primary();
    while (peek() === '&&') {
      take('&&');
      const a = left;
      const b = primary();
      left = (l) => triAnd(a(l), b(l));
    }
    return left;
  };
  const expr = (): CalicoExpr => {
    let left = conj();
    while (peek() === '||') {
      take('||');
      const a = left;
      const b = conj();
      left = (l) => triOr(a(l), b(l));
    }
    return left;
  };
  try {
    const e = expr();
    if (i !== tokens.length) return undefined;
    return e;
  } catch {
    return undefined;
  }
}

function calicoTri(text: unknown, lookup: LabelLookup): Tri {
  if (text !== undefined && typeof text !== 'string') return 'unknown';
  const e = parseCalicoSelector(text);
  return e ? e(lookup) : 'unknown';
}

function calicoPodLookup(pod: PodInfo): LabelLookup {
  const ns = namespaceLookup(pod);
  const own = labelLookup(pod.labels);
  return (key) => {
    if (key === 'projectcalico.org/namespace') return pod.namespace;
    if (key === 'projectcalico.org/orchestrator') return 'k8s';
    if (key === 'projectcalico.org/serviceaccount') return pod.serviceAccount;
    if (key.startsWith('pcns.')) return ns(key.slice(5));
    if (key.startsWith('pcsa.') || key.startsWith('projectcalico.org/')) return null;
    return own(key);
  };
}

function calicoNamespaceLookup(pod: PodInfo): LabelLookup {
  const ns = namespaceLookup(pod);
  return (key) => (key === 'projectcalico.org/name' ? pod.namespace : ns(key));
}

// ---------------------------------------------------------------- policy model

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
const spec = (p: GenericObject): Rec => (isRec(p.spec) ? p.spec : {});

// ---- Cilium

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
function ciliumDefaultDeny(rule: Rec, dir: Direction): boolean {
  const key = dir === 'Ingress' ? 'ingress' : 'egress';
  const has = arr(rule[key]).length > 0 || arr(rule[`${key}Deny`]).length > 0;
  const explicit = isRec(rule.enableDefaultDeny) ? rule.enableDefaultDeny[key] : undefined;
  return typeof explicit === 'boolean' ? explicit : has;
}

const CILIUM_EGRESS_PEERS = ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toRequires', 'toGroups', 'toNodes', 'toFQDNs', 'toServices'];

/** Whether a Cilium ingress (allow or deny) rule matches traffic from every pod of the cluster on every port. */
function ciliumIngressFromAll(p: GenericObject, r: Rec): Tri {
  if (arr(r.toPorts).length > 0 || arr(r.icmps).length > 0) return 'no';
  const entities = arr(r.fromEntities).map(String);
  if (entities.includes('all') || entities.includes('cluster')) return 'yes';
  // An empty endpoint selector in a clusterwide policy selects every endpoint of the cluster.
  if (p.kind === 'CiliumClusterwideNetworkPolicy' && arr(r.fromEndpoints).some(isEmptySelector)) return 'yes';
  return 'no';
}

function portMatches80(ports: unknown[], port: number): Tri {
  if (ports.length === 0) return 'yes';
  let out: Tri = 'no';
  for (const p of ports) {
    if (!isRec(p)) return 'unknown';
    const proto = str(p.protocol)?.toUpperCase() ?? 'ANY';
    if (proto !== 'TCP' && proto !== 'ANY') continue;
    const value = p.port;
    if (value === undefined || value === null || value === 0 || value === '0') return 'yes';
    const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : undefined;
    if (n === undefined) {
      out = triOr(out, 'unknown');
      continue;
    }
    const end = typeof p.endPort === 'number' ? p.endPort : n;
    if (port >= n && port <= end) return 'yes';
  }
  return out;
}

/** Whether a Cilium egress rule (allow or deny) matches TCP traffic to ip:port outside the cluster. */
function ciliumEgressMatches(r: Rec, ip: string, port: number): Tri {
  let ports: Tri = 'yes';
  const toPorts = arr(r.toPorts);
  if (toPorts.length > 0) {
    ports = 'no';
    for (const tp of toPorts) {
      if (!isRec(tp)) return 'unknown';
      ports = triOr(ports, portMatches80(arr(tp.ports), port));
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

// ---- Calico

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

function calicoAction(r: Rec): Action | 'log' | undefined {
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
function calicoIngressFromAll(r: Rec): Tri {
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
function calicoEgressMatches(r: Rec, ip: string, port: number): Tri {
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
  if (ports.length > 0) out = triAnd(out, portMatchesCalico(ports, port));
  const notPorts = arr(d.notPorts);
  if (notPorts.length > 0 && portMatchesCalico(notPorts, port) !== 'no') out = triAnd(out, triNot(portMatchesCalico(notPorts, port)));
  // Source criteria: the traffic comes from the pod itself.
  if (!entityEmpty(r.source)) out = triAnd(out, 'unknown');
  return out;
}

function portMatchesCalico(ports: unknown[], port: number): Tri {
  let out: Tri = 'no';
  for (const p of ports) {
    if (typeof p === 'number') {
      if (p === port) return 'yes';
    } else if (typeof p === 'string') {
      const m = /^(\d+)(?::(\d+))?$/.exec(p.trim());
      if (!m) out = triOr(out, 'unknown');
      else if (port >= Number(m[1]) && port <= Number(m[2] ?? m[1])) return 'yes';
    } else out = triOr(out, 'unknown');
  }
  return out;
}

// ---- Antrea

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
function antreaIngressFromAll(p: GenericObject, r: Rec): Tri {
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
function antreaEgressMatches(r: Rec, ip: string, port: number): Tri {
  if (arr(r.l7Protocols).length > 0 || arr(r.toServices).length > 0) return 'unknown';
  if (arr(r.protocols).length > 0) return 'no';
  const ports = portMatches80(arr(r.ports), port);
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

// ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy

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

function anpIngressFromAll(r: Rec): Tri {
  if (arr(r.ports).length > 0) return 'no';
  let out: Tri = 'no';
  for (const peer of arr(r.from)) {
    if (!isRec(peer)) continue;
    if (peer.namespaces !== undefined && isEmptySelector(peer.namespaces)) out = 'yes';
    else if (isRec(peer.pods) && isEmptySelector(peer.pods.namespaceSelector) && isEmptySelector(peer.pods.podSelector)) out = 'yes';
  }
  return out;
}

function anpEgressMatches(r: Rec, ip: string, port: number): Tri {
  const ports = portMatchesAnp(arr(r.ports), port);
  if (ports === 'no') return 'no';
  let dest: Tri = 'no';
  for (const peer of arr(r.to)) {
    if (!isRec(peer)) continue;
    for (const n of arr(peer.networks)) if (typeof n === 'string' && cidrContains(n, ip)) dest = 'yes';
    if (peer.domainNames !== undefined) dest = triOr(dest, 'unknown');
  }
  return triAnd(ports, dest);
}

function portMatchesAnp(ports: unknown[], port: number): Tri {
  if (ports.length === 0) return 'yes';
  let out: Tri = 'no';
  for (const p of ports) {
    if (!isRec(p)) continue;
    if (isRec(p.portNumber)) {
      if ((p.portNumber.protocol ?? 'TCP') === 'TCP' && p.portNumber.port === port) return 'yes';
    } else if (isRec(p.portRange)) {
      const r = p.portRange;
      if ((r.protocol ?? 'TCP') === 'TCP' && typeof r.start === 'number' && typeof r.end === 'number' && port >= r.start && port <= r.end) return 'yes';
    } else if (p.namedPort !== undefined) out = triOr(out, 'no');
  }
  return out;
}

// ---------------------------------------------------------------- ordered evaluation

interface OrderedRule {
  action: Action;
  matches: Tri;
  /** Whether the policy holding the rule applies to the pod. */
  applies: Tri;
  via: string;
}

/** First matching rule decides. 'unknown' when a rule that may come first cannot be decided. */
function firstMatch(rules: OrderedRule[]): { action: Action; via: string } | 'none' | { unknown: string } {
  for (const r of rules) {
    const m = triAnd(r.applies, r.matches);
    if (m === 'no') continue;
    if (m === 'unknown') return { unknown: r.via };
    return { action: r.action, via: r.via };
  }
  return 'none';
}

function sortedAnps(policies: GenericObject[], kind: 'anp' | 'banp'): GenericObject[] {
  const list = policies.filter((p) => productOf(p) === kind);
  return list.sort((a, b) => Number(spec(a).priority ?? 0) - Number(spec(b).priority ?? 0));
}

/** Antrea policies in enforcement order, or an unknown marker when a custom tier makes the order unknowable. */
function sortedAntrea(policies: GenericObject[], baseline: boolean): { list: GenericObject[]; unknownTier?: string } {
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

function antreaRules(p: GenericObject, dir: Direction, pod: PodInfo, match: (r: Rec) => Tri): OrderedRule[] {
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

function anpRules(p: GenericObject, dir: Direction, pod: PodInfo, match: (r: Rec) => Tri): OrderedRule[] {
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

/** Rules enforced before Kubernetes NetworkPolicies (AdminNetworkPolicy, Antrea tiers but baseline). */
function precedingRules(policies: GenericObject[], dir: Direction, pod: PodInfo, anpMatch: (r: Rec) => Tri, antreaMatch: (p: GenericObject, r: Rec) => Tri): OrderedRule[] | { unknown: string } {
  const antrea = sortedAntrea(policies, false);
  if (antrea.unknownTier) return { unknown: `${antrea.unknownTier} (custom tier)` };
  return [
    ...sortedAnps(policies, 'anp').flatMap((p) => anpRules(p, dir, pod, anpMatch)),
    ...antrea.list.flatMap((p) => antreaRules(p, dir, pod, (r) => antreaMatch(p, r))),
  ];
}

/** Rules consulted only when no NetworkPolicy decided (BaselineAdminNetworkPolicy, Antrea baseline tier). */
function baselineRules(policies: GenericObject[], dir: Direction, pod: PodInfo, anpMatch: (r: Rec) => Tri, antreaMatch: (p: GenericObject, r: Rec) => Tri): OrderedRule[] {
  return [
    ...sortedAntrea(policies, true).list.flatMap((p) => antreaRules(p, dir, pod, (r) => antreaMatch(p, r))),
    ...sortedAnps(policies, 'banp').flatMap((p) => anpRules(p, dir, pod, anpMatch)),
  ];
}

/** Calico policies and Kubernetes NetworkPolicies (order 1000) in Calico's enforcement order for one direction. */
function calicoOrdered(policies: GenericObject[], k8s: V1NetworkPolicy[], dir: Direction, pod: PodInfo): { list: Array<{ calico?: GenericObject; k8s?: V1NetworkPolicy; applies: Tri; order: number; name: string }>; unknown?: string } {
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

/** The rules of the Cilium policies that select the pod ('yes') or may ('unknown'), each with its policy and label. */
function* ciliumRulesSelecting(cni: GenericObject[], pod: PodInfo): Generator<{ p: GenericObject; rule: Rec; sel: Tri; label: string }> {
  for (const p of cni) {
    if (productOf(p) !== 'cilium') continue;
    for (const rule of ciliumRules(p)) {
      const sel = ciliumSelects(p, rule, pod);
      if (sel !== 'no') yield { p, rule, sel, label: cniPolicyLabel(p) };
    }
  }
}

/** The Kubernetes NetworkPolicies of the pod's namespace that select it for this direction. */
function k8sPoliciesSelecting(k8s: V1NetworkPolicy[], pod: PodInfo, dir: 'Ingress' | 'Egress'): V1NetworkPolicy[] {
  return selectingPolicies(k8s.filter((np) => (np.metadata?.namespace ?? 'default') === pod.namespace), pod.labels, dir);
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
function decideCatchAll(rules: OrderedRule[]): IngressVerdict | undefined {
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

function k8sLabel(np: V1NetworkPolicy): string {
  return `NetworkPolicy ${np.metadata?.namespace ?? 'default'}/${np.metadata?.name ?? ''}`;
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
      const label = entry.k8s ? k8sLabel(entry.k8s) : cniPolicyLabel(entry.calico!);
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
    isolatedVia ??= k8sLabel(np);
    if ((np.spec?.ingress ?? []).some(ingressRuleAllowsAll)) openVia ??= k8sLabel(np);
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
      const label = entry.k8s ? k8sLabel(entry.k8s) : cniPolicyLabel(entry.calico!);
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
    isolated ??= k8sLabel(np);
    for (const rule of np.spec?.egress ?? []) {
      const v = egressRuleAllows(rule, ip, port);
      if (v.allowed) allowed ??= `${k8sLabel(np)} (${v.via})`;
    }
  }
  if (unknown) return { state: 'unknown', via: unknown };
  if (!isolated) return undefined;
  if (allowed) return { state: 'allowed', via: allowed };
  return { state: 'blocked', via: `${isolated} (default deny)` };
}

/** The pod as the policy evaluators see it. */
export function podInfo(namespace: string, labels: Record<string, string> | undefined, serviceAccount: string | undefined, namespaceLabels: Record<string, string> | undefined): PodInfo {
  return { namespace, labels: labels ?? {}, serviceAccount: serviceAccount || 'default', namespaceLabels };
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
