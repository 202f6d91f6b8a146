/**
 * Port matching for every policy dialect: one function decides whether a rule's port list admits
 * TCP traffic to one port number; each dialect only says how to read one entry of its list.
 *
 * Shared semantics:
 * - An empty list admits every port.
 * - An entry for another protocol (UDP, SCTP, ICMP) admits nothing; the reader skips it.
 * - An entry admits its port, or its inclusive range (`endPort`, Calico `a:b`, ANP `portRange`).
 * - One admitting entry is enough (entries are alternatives); an entry that cannot be read makes
 *   the answer 'unknown' unless another entry admits the port.
 *
 * Where the dialects differ (kept as they were; `portMatch.test.ts` pins each one):
 * - Protocol: Kubernetes NetworkPolicy and AdminNetworkPolicy default to TCP; Cilium and Antrea
 *   entries read here default to ANY (Cilium's default; Antrea's TCP default admits the same TCP
 *   traffic) and Cilium's protocol is case-insensitive; Calico sets the protocol on the rule, not
 *   on the port, so its caller tests it.
 * - Every port: Cilium and Antrea say it with an absent port or port 0, Kubernetes with an absent
 *   port; Calico and AdminNetworkPolicy entries always name ports.
 * - Named ports resolve against the destination pod's container ports. For traffic to an address
 *   outside the cluster (the only question asked here) no pod is there to resolve them.
 *   Kubernetes and AdminNetworkPolicy answer 'no' on that ground; the Cilium, Antrea and Calico
 *   readers answer 'unknown', the cautious answer they have always given.
 * - Unreadable entries (not an object, a port that is neither a number nor a string): 'unknown'
 *   for Cilium, Antrea and Calico; AdminNetworkPolicy skips them (its schema has no other shape);
 *   Kubernetes NetworkPolicy ports are typed by the client model.
 */
import { triOr, type Tri } from '../../../../k8s/tri';

/** One entry of a port list, read for TCP: a range (one port is from = to), every port, a port name, or unreadable. */
export type PortCriterion = { from: number; to: number } | 'every' | 'named' | 'unreadable';

/** Reads one entry of a dialect's port list; undefined when the entry is for another protocol. */
export type PortReader = (entry: unknown) => PortCriterion | undefined;

/**
 * Whether a rule's port list admits TCP traffic to `port`. `named` is the dialect's answer for a
 * named port (see the file comment).
 */
export function portListAdmits(entries: readonly unknown[], read: PortReader, port: number, named: Tri): Tri {
  if (entries.length === 0) return 'yes';
  let out: Tri = 'no';
  for (const entry of entries) {
    const c = read(entry);
    if (c === undefined) continue;
    if (c === 'every') return 'yes';
    if (c === 'named') out = triOr(out, named);
    else if (c === 'unreadable') out = triOr(out, 'unknown');
    else if (port >= c.from && port <= c.to) return 'yes';
  }
  return out;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kubernetes NetworkPolicyPort: `protocol` (default TCP), `port` (number or name; absent: every port), `endPort`. */
export const kubernetesPort: PortReader = (entry) => {
  if (!isRec(entry)) return 'unreadable';
  if ((entry.protocol ?? 'TCP') !== 'TCP') return undefined;
  if (entry.port === undefined || entry.port === null) return 'every';
  if (typeof entry.port !== 'number') return 'named';
  return { from: entry.port, to: typeof entry.endPort === 'number' ? entry.endPort : entry.port };
};

/** Cilium PortProtocol and Antrea NetworkPolicyPort: `protocol` (default ANY), `port` (number, digits or name; absent or 0: every port), `endPort`. */
export const ciliumPort: PortReader = (entry) => {
  if (!isRec(entry)) return 'unreadable';
  const proto = typeof entry.protocol === 'string' ? entry.protocol.toUpperCase() : 'ANY';
  if (proto !== 'TCP' && proto !== 'ANY') return undefined;
  const value = entry.port;
  if (value === undefined || value === null || value === 0 || value === '0') return 'every';
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : undefined;
  if (n === undefined) return typeof value === 'string' ? 'named' : 'unreadable';
  return { from: n, to: typeof entry.endPort === 'number' ? entry.endPort : n };
};

/** Calico ports: a number, `"a:b"` (a range) or a port name; the protocol is the rule's. */
export const calicoPort: PortReader = (entry) => {
  if (typeof entry === 'number') return { from: entry, to: entry };
  if (typeof entry !== 'string') return 'unreadable';
  const m = /^(\d+)(?::(\d+))?$/.exec(entry.trim());
  return m ? { from: Number(m[1]), to: Number(m[2] ?? m[1]) } : 'named';
};

/** AdminNetworkPolicy ports: `portNumber {protocol, port}`, `portRange {protocol, start, end}` (protocol default TCP) or `namedPort`. */
export const anpPort: PortReader = (entry) => {
  if (!isRec(entry)) return undefined;
  if (isRec(entry.portNumber)) {
    const p = entry.portNumber;
    return (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number' ? { from: p.port, to: p.port } : undefined;
  }
  if (isRec(entry.portRange)) {
    const r = entry.portRange;
    return (r.protocol ?? 'TCP') === 'TCP' && typeof r.start === 'number' && typeof r.end === 'number' ? { from: r.start, to: r.end } : undefined;
  }
  return entry.namedPort !== undefined ? 'named' : undefined;
};
