/**
 * Gateway API semantics (gateway.networking.k8s.io v1): listeners of a Gateway, which routes
 * attach to which listener, and which Services a route sends traffic to.
 *
 * - A route's parentRef names a Gateway (namespace defaults to the route's), optionally one
 *   listener (sectionName) and a port. Without sectionName it attaches to every listener that
 *   admits it.
 * - A listener admits routes from its own namespace unless allowedRoutes.namespaces.from says All
 *   or Selector (matched against the route namespace's labels).
 * - Hostnames: a listener without hostname matches every host; `*.example.com` matches one or more
 *   leading labels. A route's hostnames must intersect the listener's to attach.
 */
import type { V1Namespace } from '@kubernetes/client-node';
import type { GenericObject } from '../../../k8s/snapshot';
import { selectorMatches } from '../../../k8s/label-selector';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface Listener {
  name: string;
  protocol: string;
  port: number | undefined;
  /** undefined: every host. */
  hostname: string | undefined;
  index: number;
  allowedFrom: string;
  allowedSelector: unknown;
}

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const isGatewayApi = (o: GenericObject): boolean => groupOf(o.apiVersion) === GATEWAY_GROUP;

export function gateways(objects: GenericObject[]): GenericObject[] {
  return objects.filter((o) => isGatewayApi(o) && o.kind === 'Gateway');
}

export function routes(objects: GenericObject[]): GenericObject[] {
  return objects.filter((o) => isGatewayApi(o) && (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute'));
}

export const nsOf = (o: { metadata?: { namespace?: string } }): string => o.metadata?.namespace || 'default';
const specOf = (o: GenericObject): Rec => (isRec(o.spec) ? o.spec : {});

export function listeners(gateway: GenericObject): Listener[] {
  return arr(specOf(gateway).listeners).flatMap((raw, index) => {
    if (!isRec(raw)) return [];
    const ns = isRec(raw.allowedRoutes) && isRec(raw.allowedRoutes.namespaces) ? raw.allowedRoutes.namespaces : {};
    const hostname = str(raw.hostname);
    return [
      {
        name: str(raw.name) ?? `#${index}`,
        protocol: (str(raw.protocol) ?? '').toUpperCase(),
        port: typeof raw.port === 'number' ? raw.port : undefined,
        hostname: hostname ? hostname.toLowerCase() : undefined,
        index,
        allowedFrom: str(ns.from) ?? 'Same',
        allowedSelector: ns.selector,
      },
    ];
  });
}

/** Whether hostname pattern `pattern` (a listener's or a TLS entry's) covers host `host` (which may itself be a wildcard). */
export function hostCovers(pattern: string | undefined, host: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (host === undefined) return false;
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(1); // ".example.com"
  if (h.startsWith('*.')) return h.slice(1).endsWith(suffix);
  return h.endsWith(suffix) && h.length > suffix.length;
}

/** Whether two hostname patterns can match a common host (route hostnames against a listener's). */
function hostsIntersect(a: string | undefined, b: string | undefined): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/** The listeners of `gateway` that `route` attaches to. */
export function attachedListeners(route: GenericObject, gateway: GenericObject, namespaces: Map<string, V1Namespace>): Listener[] {
  const gwNs = nsOf(gateway);
  const routeNs = nsOf(route);
  const routeHosts = arr(specOf(route).hostnames).map(String);
  const out: Listener[] = [];
  for (const ref of arr(specOf(route).parentRefs)) {
    if (!isRec(ref)) continue;
    if (ref.kind !== undefined && ref.kind !== 'Gateway') continue;
    if (ref.group !== undefined && ref.group !== GATEWAY_GROUP) continue;
    if (ref.name !== gateway.metadata?.name || (str(ref.namespace) ?? routeNs) !== gwNs) continue;
    for (const l of listeners(gateway)) {
      if (ref.sectionName !== undefined && ref.sectionName !== l.name) continue;
      if (typeof ref.port === 'number' && ref.port !== l.port) continue;
      if (!admits(l, routeNs, gwNs, namespaces)) continue;
      if (routeHosts.length > 0 && !routeHosts.some((h) => hostsIntersect(l.hostname, h))) continue;
      if (!out.some((o) => o.index === l.index)) out.push(l);
    }
  }
  return out;
}

function admits(l: Listener, routeNs: string, gwNs: string, namespaces: Map<string, V1Namespace>): boolean {
  if (l.allowedFrom === 'All') return true;
  if (l.allowedFrom === 'Selector') {
    const ns = namespaces.get(routeNs);
    // The route's namespace is not in the snapshot: its labels are unknown, assume it may attach.
    if (!ns) return true;
    return selectorMatches(l.allowedSelector as Parameters<typeof selectorMatches>[0], { ...(ns.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': routeNs });
  }
  return routeNs === gwNs;
}

/** Services (namespace/name) a route's rules send traffic to. */
export function routeBackendServices(route: GenericObject): string[] {
  const out = new Set<string>();
  for (const rule of arr(specOf(route).rules)) {
    if (!isRec(rule)) continue;
    for (const b of arr(rule.backendRefs)) {
      if (!isRec(b) || typeof b.name !== 'string') continue;
      if ((b.kind ?? 'Service') !== 'Service' || (b.group ?? '') !== '') continue;
      out.add(`${str(b.namespace) ?? nsOf(route)}/${b.name}`);
    }
  }
  return [...out];
}

/** Whether every rule of the route only redirects to https (the usual HTTP → HTTPS listener). */
export function redirectsToHttpsOnly(route: GenericObject): boolean {
  const rules = arr(specOf(route).rules);
  if (rules.length === 0) return false;
  return rules.every((rule) => {
    if (!isRec(rule)) return false;
    return arr(rule.filters).some((f) => isRec(f) && f.type === 'RequestRedirect' && isRec(f.requestRedirect) && String(f.requestRedirect.scheme ?? '').toLowerCase() === 'https');
  });
}
