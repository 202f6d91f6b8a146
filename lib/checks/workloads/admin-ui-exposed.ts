import type { V1Ingress, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { parseImageRef } from '../../k8s/image-ref';
import { serviceSelectorMatches } from '../../k8s/label-selector';
import type { Workload } from '../../k8s/pod-spec';
import { clusterResource, type Check, type CheckResult } from '../types';
import { consoleOf, type AdminConsole } from './_shared/admin-consoles';
import { internalLoadBalancer, sourceRangesOf } from './_shared/exposure';
import { gateways, nsOf, routes } from './_shared/gateway-api';

/** Ingress annotations that limit who reaches the backend: source allow-lists and the controller's own authentication. */
const INGRESS_GUARDS = [
  'nginx.ingress.kubernetes.io/whitelist-source-range',
  'nginx.ingress.kubernetes.io/allowlist-source-range',
  'nginx.ingress.kubernetes.io/auth-url',
  'nginx.ingress.kubernetes.io/auth-type',
  'alb.ingress.kubernetes.io/inbound-cidrs',
  'alb.ingress.kubernetes.io/auth-type',
  'traefik.ingress.kubernetes.io/router.middlewares',
];

/** The container port number a Service port sends traffic to on this workload (a named targetPort resolved against the containers). */
function targetPortOf(sp: V1ServicePort, w: Workload): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(String(t))) return Number(t);
  for (const c of w.containers) for (const p of c.spec.ports ?? []) if (p.name === t) return p.containerPort;
  return undefined;
}

/** The Service ports that reach the console (every port when the console has no fixed port list). */
function consolePorts(svc: V1Service, w: Workload, product: AdminConsole): V1ServicePort[] {
  const ports = svc.spec?.ports ?? [];
  if (!product.ports) return ports;
  return ports.filter((sp) => {
    const target = targetPortOf(sp, w);
    return target !== undefined && product.ports!.includes(target);
  });
}

/** How a Service publishes outside the cluster, or why it does not. */
function serviceExposure(svc: V1Service): { exposed: boolean; how: string } {
  const type = svc.spec?.type ?? 'ClusterIP';
  const name = `Service ${svc.metadata?.name ?? ''}`;
  if ((svc.spec?.externalIPs ?? []).length > 0) return { exposed: true, how: `${name} (external IPs ${svc.spec!.externalIPs!.join(', ')})` };
  if (type === 'NodePort') return { exposed: true, how: `${name} (NodePort)` };
  if (type !== 'LoadBalancer') return { exposed: false, how: `${name} (${type})` };
  const internal = internalLoadBalancer(svc);
  if (internal) return { exposed: false, how: `${name} (internal load balancer: ${internal.why})` };
  const { ranges } = sourceRangesOf(svc);
  if (ranges.length > 0 && !ranges.some((r) => r === '0.0.0.0/0' || r === '::/0')) return { exposed: false, how: `${name} (load balancer limited to ${ranges.join(', ')})` };
  return { exposed: true, how: `${name} (LoadBalancer open to any address)` };
}

/** Whether an Ingress backend names the Service on one of the given ports. */
function backendHits(backend: unknown, svc: V1Service, ports: V1ServicePort[]): boolean {
  if (!backend || typeof backend !== 'object') return false;
  const b = backend as { service?: { name?: string; port?: { number?: number; name?: string } }; serviceName?: string; servicePort?: number | string };
  const name = b.service?.name ?? b.serviceName;
  if (name !== svc.metadata?.name) return false;
  const port = b.service?.port?.number ?? b.service?.port?.name ?? b.servicePort;
  if (port === undefined) return true;
  return ports.some((p) => p.port === port || p.port === Number(port) || (p.name !== undefined && p.name === port));
}

function ingressesTo(ingresses: V1Ingress[], svc: V1Service, ports: V1ServicePort[]): V1Ingress[] {
  return ingresses.filter((ing) => {
    if (nsOf(ing) !== nsOf(svc)) return false;
    const spec = ing.spec as (V1Ingress['spec'] & { backend?: unknown }) | undefined;
    const backends: unknown[] = [spec?.defaultBackend, spec?.backend, ...(spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    return backends.some((b) => backendHits(b, svc, ports));
  });
}

export const check: Check = {
  id: 'admin-ui-exposed',
  title: 'Administration console reachable from outside the cluster',
  section: 'workloads',
  severity: 'high',
  reads: ['workloads', 'gatewayApi', 'ingresses', 'services'],
  guideRef: '1.4',
  description:
    'Finds web consoles that administer the cluster, its deployments or its data — Argo CD, Argo Workflows, Grafana, Kibana, OpenSearch Dashboards, Prometheus, Alertmanager, Jenkins, the Kubeflow dashboard, Rancher, Longhorn UI, Traefik\'s insecure API, Consul, Vault, Weave Scope, Kiali, Portainer, Headlamp, Jaeger and the Ray dashboard — by image repository or app.kubernetes.io/name / app / k8s-app label (the Kubernetes Dashboard has dashboard-exposed). ' +
    'For consoles sharing a pod with other listeners (Prometheus 9090, Alertmanager 9093, Jenkins 8080, Consul 8500/8501, Vault 8200, …) only Service ports whose target is the console\'s port count; named target ports are resolved against the containers. ' +
    'A console fails when a Service selecting it is NodePort, has externalIPs or is a LoadBalancer open to every address, when an Ingress routes to that Service and port, or when an HTTPRoute / GRPCRoute attached to a Gateway sends traffic to it. ' +
    'A LoadBalancer marked internal by its provider annotation or limited by loadBalancerSourceRanges does not count, nor does an Ingress that restricts sources or authenticates at the controller (nginx allow-list / auth-url / auth-type, ALB inbound-cidrs / auth-type, Traefik middlewares). ' +
    'One result per console workload; system namespaces are assessed too. A published console that lets anonymous visitors in (Grafana with GF_AUTH_ANONYMOUS_ENABLED) is critical, as is Weave Scope. A cluster without any of them passes.',
  rationale:
    'The guide warns that the Dashboard has been attackers\' way into clusters and asks not to expose it to the public internet (1.4); every other administration console is the same kind of door. ' +
    'Many answer without authentication by default (Prometheus, Alertmanager, Longhorn UI, Weave Scope, Traefik\'s insecure API), and the others make a password or a login bug all that stands between the internet and deployments, secrets or data. Admin consoles belong inside the network, reached through a VPN, kubectl port-forward or an authenticating proxy (guide 5.6, north-south traffic).',
  remediation: {
    steps: [
      'Make the console\'s Service type ClusterIP and remove its external IPs.',
      'Reach it with `kubectl port-forward`, over a VPN, or through an internal load balancer (provider annotation) or one limited by loadBalancerSourceRanges.',
      'If it must be published through an Ingress, restrict the sources (allow-list) and put authentication in front of it at the ingress controller (e.g. an OAuth2 proxy), in addition to the console\'s own login.',
    ],
    kubectl: 'kubectl -n <namespace> patch service <service> -p \'{"spec":{"type":"ClusterIP","externalIPs":null}}\'\nkubectl -n <namespace> port-forward service/<service> 8080:<port>',
    patch: 'spec:\n  type: ClusterIP\n',
  },
  evaluate(ctx): CheckResult[] {
    const { services, ingresses, gatewayApi } = ctx.snapshot.objects;
    const allRoutes = routes(gatewayApi);
    const gatewayNames = new Set(gateways(gatewayApi).map((g) => `${nsOf(g)}/${g.metadata?.name ?? ''}`));
    const results: CheckResult[] = [];
    for (const w of ctx.workloads) {
      const product = consoleOf(
        w.containers.map((c) => parseImageRef(c.image).repository),
        w.containers.map((c) => [...(c.spec.command ?? []), ...(c.spec.args ?? [])].join(' ')),
        [w.podMetadata.labels, w.metadata.labels],
      );
      if (!product) continue;
      const exposedBy: string[] = [];
      const guarded: string[] = [];
      for (const svc of services) {
        if (nsOf(svc) !== w.namespace || !serviceSelectorMatches(svc.spec?.selector, w.podMetadata.labels)) continue;
        const ports = consolePorts(svc, w, product);
        if (ports.length === 0) continue;
        const exposure = serviceExposure(svc);
        (exposure.exposed ? exposedBy : guarded).push(exposure.how);
        for (const ing of ingressesTo(ingresses, svc, ports)) {
          const guard = INGRESS_GUARDS.find((k) => (ing.metadata?.annotations?.[k] ?? '').trim() !== '');
          if (guard) guarded.push(`Ingress ${ing.metadata?.name ?? ''} (${guard})`);
          else exposedBy.push(`Ingress ${ing.metadata?.name ?? ''}`);
        }
        const svcKey = `${nsOf(svc)}/${svc.metadata?.name ?? ''}`;
        for (const r of allRoutes) {
          const spec = (r.spec ?? {}) as { rules?: Array<{ backendRefs?: Array<{ name?: string; namespace?: string; port?: number; kind?: string; group?: string }> }>; parentRefs?: Array<{ name?: string; namespace?: string }> };
          const hit = (spec.rules ?? []).some((rule) =>
            (rule.backendRefs ?? []).some(
              (b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && `${b.namespace ?? nsOf(r)}/${b.name}` === svcKey && (b.port === undefined || ports.some((p) => p.port === b.port)),
            ),
          );
          if (!hit || (spec.parentRefs ?? []).length === 0) continue;
          const parents = (spec.parentRefs ?? []).map((p) => `${p.namespace ?? nsOf(r)}/${p.name ?? ''}`);
          exposedBy.push(`${r.kind} ${r.metadata?.name ?? ''} (Gateway ${parents.map((p) => (gatewayNames.has(p) ? p : `${p}, not in the snapshot`)).join(', ')})`);
        }
      }
      const env: Record<string, string> = {};
      for (const c of w.containers) for (const e of c.spec.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
      const anonymous = product.anonymous?.(env);
      const evidence = { console: product.name, exposedBy, ...(guarded.length > 0 ? { notPublishedBy: guarded } : {}), ...(anonymous ? { anonymousAccess: anonymous } : {}) };
      const label = `${product.name} (${w.description})`;
      results.push(
        exposedBy.length > 0
          ? {
              status: 'fail',
              resource: w.ref,
              detail: product.id,
              message: `${label} is reachable from outside the cluster through ${exposedBy.join(', ')}; it ${product.power}${anonymous ? `, and ${anonymous}` : ''}.`,
              evidence,
              // Reachable and open to anonymous visitors: nothing at all stands in the way.
              ...(anonymous ? { severity: 'critical' as const } : product.severity ? { severity: product.severity } : {}),
            }
          : { status: 'pass', resource: w.ref, detail: product.id, message: `${label} is reachable only inside the cluster${guarded.length ? ` (${guarded.join(', ')})` : ''}.`, evidence },
      );
    }
    if (results.length === 0) return [{ status: 'pass', resource: clusterResource(ctx.snapshot), message: 'No administration console other than the Kubernetes Dashboard was found.', detail: 'none' }];
    return results;
  },
};
