import type { V1Ingress } from '@kubernetes/client-node';
import type { GenericObject } from '../../k8s/snapshot';
import type { Check, CheckContext, CheckResult, ResourceRef } from '../types';
import { namespaceObjects } from './_shared/namespaces';
import { toYaml } from './_shared/workload';
import { attachedListeners, gateways, hostCovers, listeners, nsOf, redirectsToHttpsOnly, routes, type Listener } from './_shared/gateway-api';

/**
 * Annotations saying that TLS for an Ingress is terminated by the load balancer in front of the
 * controller, or that the controller answers plain HTTP only with a redirect to HTTPS.
 * `nginx.ingress.kubernetes.io/ssl-redirect` is not among them: it only acts on hosts that have TLS.
 */
const TLS_ELSEWHERE: Array<{ key: string; applies: (v: string) => boolean; why: string }> = [
  { key: 'nginx.ingress.kubernetes.io/force-ssl-redirect', applies: (v) => v.trim().toLowerCase() === 'true', why: 'ingress-nginx redirects every HTTP request to HTTPS, terminated in front of the controller' },
  { key: 'alb.ingress.kubernetes.io/certificate-arn', applies: (v) => v.trim() !== '', why: 'the AWS load balancer terminates TLS with the ACM certificate' },
  { key: 'ingress.gcp.kubernetes.io/pre-shared-cert', applies: (v) => v.trim() !== '', why: 'the Google Cloud load balancer terminates TLS with a pre-shared certificate' },
  { key: 'networking.gke.io/managed-certificates', applies: (v) => v.trim() !== '', why: 'the Google Cloud load balancer terminates TLS with a managed certificate' },
  { key: 'appgw.ingress.kubernetes.io/appgw-ssl-certificate', applies: (v) => v.trim() !== '', why: 'Azure Application Gateway terminates TLS with its certificate' },
  { key: 'traefik.ingress.kubernetes.io/router.tls', applies: (v) => v.trim().toLowerCase() === 'true', why: 'the Traefik router serves it over TLS' },
  {
    key: 'konghq.com/protocols',
    applies: (v) => {
      const list = v.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
      return list.length > 0 && list.every((p) => p === 'https' || p === 'grpcs');
    },
    why: 'Kong accepts it over HTTPS only',
  },
];

/** cert-manager's temporary Ingress answering the ACME HTTP-01 challenge: plain HTTP by protocol. */
const ACME_SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';

const ANY_HOST = '(every host)';

function ingressRef(ing: V1Ingress): ResourceRef {
  return { apiVersion: ing.apiVersion || 'networking.k8s.io/v1', kind: 'Ingress', namespace: nsOf(ing), name: ing.metadata?.name ?? '' };
}

function evaluateIngress(ing: V1Ingress): CheckResult | undefined {
  const resource = ingressRef(ing);
  const label = `Ingress ${resource.namespace}/${resource.name}`;
  const spec = ing.spec as (V1Ingress['spec'] & { backend?: unknown }) | undefined;
  const rules = spec?.rules ?? [];
  const hasDefault = !!(spec?.defaultBackend ?? spec?.backend);
  if (rules.length === 0 && !hasDefault) return undefined;
  if (ing.metadata?.labels?.[ACME_SOLVER_LABEL] === 'true') {
    return { status: 'pass', resource, message: `${label} is cert-manager's temporary ACME HTTP-01 solver, which must answer over plain HTTP.` };
  }
  const annotations = ing.metadata?.annotations ?? {};
  const elsewhere = TLS_ELSEWHERE.find((t) => annotations[t.key] !== undefined && t.applies(annotations[t.key]!));
  const tls = spec?.tls ?? [];
  // Hosts the rules serve; a rule without host (and the default backend) serves every host.
  const hosts = [...new Set([...rules.map((r) => r.host || ANY_HOST), ...(hasDefault ? [ANY_HOST] : [])])];
  // A TLS entry without hosts covers what the controller's default certificate covers: every host.
  const covered = (host: string): boolean =>
    tls.some((t) => (t.hosts ?? []).length === 0 || (host !== ANY_HOST && (t.hosts ?? []).some((pattern) => hostCovers(pattern, host))));
  const uncovered = hosts.filter((h) => !covered(h));
  const evidence = { hosts, tlsHosts: tls.map((t) => t.hosts ?? []), uncoveredHosts: uncovered, ...(elsewhere ? { tlsAnnotation: elsewhere.key } : {}) };
  if (uncovered.length === 0) return { status: 'pass', resource, message: `${label} serves every host over TLS.`, path: 'spec.tls', evidence };
  if (elsewhere) return { status: 'pass', resource, message: `${label} has no spec.tls for ${uncovered.join(', ')}, but ${elsewhere.why}.`, path: `metadata.annotations['${elsewhere.key}']`, evidence };
  const named = uncovered.filter((h) => h !== ANY_HOST);
  const patch =
    named.length === uncovered.length
      ? {
          type: 'strategic-merge' as const,
          // IngressTLS has no merge key: a patch replaces the whole list, so the existing entries are kept in it.
          body: toYaml({ spec: { tls: [...tls.map((t) => ({ ...(t.hosts ? { hosts: t.hosts } : {}), ...(t.secretName ? { secretName: t.secretName } : {}) })), { hosts: named, secretName: `${resource.name}-tls` }] } }),
        }
      : undefined;
  return {
    status: 'fail',
    resource,
    message:
      tls.length === 0
        ? `${label} has no TLS: it serves ${uncovered.join(', ')} over plain HTTP.`
        : `${label} serves ${uncovered.join(', ')} over plain HTTP: no spec.tls entry covers ${uncovered.length > 1 ? 'them' : 'it'}.`,
    path: tls.length === 0 ? 'spec' : 'spec.tls',
    evidence,
    ...(patch ? { patch } : {}),
  };
}

function evaluateGateway(gw: GenericObject, allRoutes: GenericObject[], ctx: CheckContext): CheckResult {
  const resource: ResourceRef = { apiVersion: gw.apiVersion, kind: 'Gateway', namespace: nsOf(gw), name: gw.metadata?.name ?? '' };
  const label = `Gateway ${resource.namespace}/${resource.name}`;
  const all = listeners(gw);
  const secure = all.filter((l) => l.protocol === 'HTTPS' || l.protocol === 'TLS');
  const namespaces = namespaceObjects(ctx);
  const plain: Array<{ listener: Listener; hosts: string[]; routes: string[] }> = [];
  for (const l of all.filter((x) => x.protocol === 'HTTP')) {
    const serving = allRoutes.filter((r) => attachedListeners(r, gw, namespaces).some((a) => a.index === l.index) && !redirectsToHttpsOnly(r));
    if (serving.length === 0) continue;
    // The hosts served on this listener: the route's hostnames within the listener's, or the listener's own.
    const hosts = new Set<string | undefined>();
    for (const r of serving) {
      const names = ((r.spec as { hostnames?: unknown } | undefined)?.hostnames as unknown[] | undefined)?.map(String) ?? [];
      const within = names.filter((h) => hostCovers(l.hostname, h));
      if (within.length === 0) hosts.add(l.hostname);
      for (const h of within) hosts.add(h);
    }
    const uncovered = [...hosts].filter((h) => !secure.some((s) => hostCovers(s.hostname, h)));
    if (uncovered.length > 0) plain.push({ listener: l, hosts: uncovered.map((h) => h ?? ANY_HOST), routes: serving.map((r) => `${r.kind} ${nsOf(r)}/${r.metadata?.name ?? ''}`) });
  }
  const evidence = {
    listeners: all.map((l) => ({ name: l.name, protocol: l.protocol, port: l.port ?? null, hostname: l.hostname ?? null })),
    ...(plain.length > 0 ? { plainHttp: plain.map((p) => ({ listener: p.listener.name, hosts: p.hosts, routes: p.routes })) } : {}),
  };
  if (plain.length === 0) {
    return { status: 'pass', resource, message: `${label} serves no route over plain HTTP without an HTTPS listener for the same host.`, path: 'spec.listeners', evidence };
  }
  const first = plain[0]!;
  return {
    status: 'fail',
    resource,
    message: `${label} serves ${[...new Set(plain.flatMap((p) => p.hosts))].join(', ')} over plain HTTP (listener ${plain.map((p) => p.listener.name).join(', ')}) with no HTTPS listener for ${plain.flatMap((p) => p.hosts).length > 1 ? 'these hosts' : 'that host'}.`,
    path: `spec.listeners[${first.listener.index}]`,
    evidence,
  };
}

export const check: Check = {
  id: 'ingress-without-tls',
  title: 'Ingress or Gateway serves HTTP without TLS',
  section: 'workloads',
  severity: 'medium',
  reads: ['gatewayApi', 'ingresses', 'namespaces'],
  guideRef: '5.6',
  description:
    'Looks at every Ingress (networking.k8s.io/v1, and extensions/v1beta1 in dumps) and every Gateway (gateway.networking.k8s.io). ' +
    'An Ingress fails when a host its rules serve is covered by no spec.tls entry (exact host, or a *.domain wildcard covering one or more leading labels); a rule without host and the default backend serve every host and are covered only by a tls entry without hosts. ' +
    'It passes when an annotation says TLS is handled in front of the controller or plain HTTP is only redirected: nginx.ingress.kubernetes.io/force-ssl-redirect "true", alb.ingress.kubernetes.io/certificate-arn, ingress.gcp.kubernetes.io/pre-shared-cert, networking.gke.io/managed-certificates, appgw.ingress.kubernetes.io/appgw-ssl-certificate, traefik.ingress.kubernetes.io/router.tls "true", konghq.com/protocols https only. ' +
    'nginx.ingress.kubernetes.io/ssl-redirect does not count: it only redirects hosts that already have TLS. cert-manager\'s ACME HTTP-01 solver Ingresses pass. ' +
    'A Gateway fails when an HTTP listener has attached HTTPRoutes / GRPCRoutes (parentRef to the Gateway, sectionName / port, allowedRoutes namespaces, hostname intersection) that serve content rather than only redirect to https, for a host no HTTPS or TLS listener of the same Gateway covers. One result per Ingress and per Gateway.',
  rationale:
    'An Ingress or Gateway is north-south traffic from outside the cluster (guide 5.6). Served over plain HTTP, everything on the way — sessions, tokens, credentials typed into a login form, the data itself — can be read and changed by anyone on the network path.',
  remediation: {
    steps: [
      'Add a spec.tls entry listing every host of the Ingress with a Secret holding its certificate (cert-manager can issue and renew it).',
      'For a Gateway, add an HTTPS listener for the host with certificateRefs, attach the routes to it, and leave on the HTTP listener only a route that redirects to https.',
      'When TLS is terminated by a cloud load balancer in front of the controller, configure it there and make the controller redirect plain HTTP (e.g. force-ssl-redirect).',
    ],
    kubectl: 'kubectl -n <namespace> patch ingress <name> --type merge -p \'{"spec":{"tls":[{"hosts":["<host>"],"secretName":"<name>-tls"}]}}\'',
    patch: 'spec:\n  tls:\n    - hosts: [<host>]\n      secretName: <name>-tls\n',
  },
  *evaluate(ctx) {
    for (const ing of ctx.snapshot.objects.ingresses) {
      const r = evaluateIngress(ing);
      if (r) yield r;
    }
    const objects = ctx.snapshot.objects.gatewayApi;
    const allRoutes = routes(objects);
    for (const gw of gateways(objects)) yield evaluateGateway(gw, allRoutes, ctx);
  },
};
