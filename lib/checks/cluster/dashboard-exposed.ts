import type { V1Ingress } from '@kubernetes/client-node';
import { parseFlags } from '../../k8s/control-plane';
import { serviceSelectorMatches } from '../../k8s/label-selector';
import type { Workload } from '../../k8s/pod-spec';
import { effectiveGrants, formatBinding, formatRole, type RbacAnalysis } from '../../rbac';
import { clusterResource, type Check, type CheckResult } from '../types';

const DASHBOARD_LABELS = ['k8s-app', 'app.kubernetes.io/name'];
/** Flags of the Dashboard that switch its own authentication or authorization off. */
const UNSAFE_FLAGS: Record<string, string> = {
  'enable-skip-login': 'lets visitors skip the login screen and act as the Dashboard\'s own ServiceAccount',
  'enable-insecure-login': 'allows logging in over plain HTTP',
  'disable-settings-authorizer': 'lets any visitor change the Dashboard settings',
};

function isMetricsScraper(value: string): boolean {
  return value.includes('metrics-scraper');
}

function imageLooksLikeDashboard(image: string): boolean {
  const repo = image.split('@')[0].replace(/:[^/:]+$/, '').toLowerCase();
  if (isMetricsScraper(repo)) return false;
  return repo.includes('kubernetesui/dashboard') || /(^|\/)kubernetes-dashboard(-[a-z0-9]+)?$/.test(repo);
}

function labelLooksLikeDashboard(labels: Record<string, string> | undefined): boolean {
  if (!labels) return false;
  if (labels['app.kubernetes.io/part-of'] === 'kubernetes-dashboard' && !isMetricsScraper(labels['app.kubernetes.io/name'] ?? '')) return true;
  return DASHBOARD_LABELS.some((key) => {
    const value = labels[key];
    return value !== undefined && value.startsWith('kubernetes-dashboard') && !isMetricsScraper(value);
  });
}

export function isDashboardWorkload(workload: Workload): boolean {
  return (
    workload.containers.some((c) => imageLooksLikeDashboard(c.image)) ||
    labelLooksLikeDashboard(workload.metadata.labels) ||
    labelLooksLikeDashboard(workload.podMetadata.labels)
  );
}

function ingressBackends(ingress: V1Ingress): string[] {
  const names: string[] = [];
  // Older extensions/v1beta1 objects in dumps use serviceName; read both shapes.
  const backendName = (backend: unknown): string | undefined => {
    if (!backend || typeof backend !== 'object') return undefined;
    const b = backend as { service?: { name?: string }; serviceName?: string };
    return b.service?.name ?? b.serviceName;
  };
  const spec = ingress.spec as (V1Ingress['spec'] & { backend?: unknown }) | undefined;
  for (const b of [spec?.defaultBackend, spec?.backend]) {
    const n = backendName(b);
    if (n) names.push(n);
  }
  for (const rule of spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const n = backendName(p.backend);
      if (n) names.push(n);
    }
  }
  return names;
}

/**
 * How a ServiceAccount holds full control of the cluster: grants (from the RBAC analysis, so
 * group bindings and cluster-admin look-alikes count too) of every verb on every resource
 * in every API group, cluster-wide. Returned as "binding → role" descriptions.
 */
function fullAdminGrants(rbac: RbacAnalysis, namespace: string, serviceAccount: string): string[] {
  const grants = effectiveGrants(rbac, { kind: 'ServiceAccount', name: serviceAccount, namespace });
  return grants
    .filter((g) => g.scope.kind === 'cluster' && g.verbs.includes('*') && g.resources.includes('*') && g.apiGroups.includes('*') && g.resourceNames.length === 0)
    .map((g) => `${formatBinding(g.via.binding)} → ${formatRole(g.via.role)}${g.via.group ? ` (via group ${g.via.group})` : ''}`);
}

export const check: Check = {
  id: 'dashboard-exposed',
  title: 'Kubernetes Dashboard is exposed or over-privileged',
  section: 'cluster',
  severity: 'high',
  reads: ['rbac', 'workloads', 'ingresses', 'services'],
  guideRef: '1.4',
  description:
    'Finds Kubernetes Dashboard installations (image kubernetesui/dashboard*, or labels k8s-app / app.kubernetes.io/name kubernetes-dashboard*, or app.kubernetes.io/part-of: kubernetes-dashboard; the metrics scraper is ignored) ' +
    'and fails one per namespace when a Dashboard Service is reachable from outside the cluster (type NodePort or LoadBalancer, or externalIPs), an Ingress routes to it, ' +
    'the Dashboard runs with --enable-skip-login, --enable-insecure-login or --disable-settings-authorizer, or its ServiceAccount holds cluster-admin-equivalent access (every verb on every resource, cluster-wide, from the RBAC analysis). ' +
    'A cluster without the Dashboard passes.',
  rationale:
    'The Dashboard has repeatedly been the entry point for attackers: reachable from the network and with login skipping or a cluster-admin ServiceAccount, it hands anyone who finds it full control of the cluster.',
  remediation: {
    steps: [
      'Keep the Dashboard Service as ClusterIP and remove Ingresses that route to it; reach it with `kubectl proxy` or `kubectl port-forward`.',
      'Remove --enable-skip-login, --enable-insecure-login and --disable-settings-authorizer from its container arguments so every user logs in with their own token.',
      'Delete ClusterRoleBindings that give the Dashboard ServiceAccount cluster-admin; it needs only the minimal permissions of the official manifests, since users act with their own RBAC.',
    ],
    kubectl: 'kubectl -n kubernetes-dashboard patch service <dashboard-service> -p \'{"spec":{"type":"ClusterIP"}}\'\nkubectl delete clusterrolebinding <binding>',
  },
  evaluate(ctx): CheckResult[] {
    const { snapshot } = ctx;
    const dashboards = ctx.workloads.filter(isDashboardWorkload);
    if (dashboards.length === 0) {
      return [{ status: 'pass', resource: clusterResource(snapshot), message: 'No Kubernetes Dashboard is installed.', detail: 'dashboard' }];
    }
    const byNamespace = new Map<string, Workload[]>();
    for (const w of dashboards) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);

    const results: CheckResult[] = [];
    for (const [namespace, workloads] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      workloads.sort((a, b) => a.ref.name.localeCompare(b.ref.name));
      // Report on the UI workload when there are several (Dashboard 7 splits web, api, auth).
      const primary =
        workloads.find((w) => w.containers.some((c) => /kubernetesui\/dashboard(-web)?(:|@|$)/.test(c.image))) ?? workloads[0];

      const services = snapshot.objects.services.filter(
        (s) =>
          (s.metadata?.namespace ?? 'default') === namespace &&
          !isMetricsScraper(s.metadata?.name ?? '') &&
          (workloads.some((w) => serviceSelectorMatches(s.spec?.selector, w.podMetadata.labels)) || (s.metadata?.name ?? '').includes('kubernetes-dashboard')),
      );
      const serviceNames = new Set(services.map((s) => s.metadata?.name ?? ''));
      const problems: string[] = [];
      const evidence: Record<string, unknown> = { workloads: workloads.map((w) => `${w.ref.kind}/${w.ref.name}`) };
      let path: string | undefined;

      const exposed = services.filter((s) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer' || (s.spec?.externalIPs ?? []).length > 0);
      if (exposed.length > 0) {
        problems.push(`Service ${exposed.map((s) => `${s.metadata?.name} (${s.spec?.type ?? 'ClusterIP'}${(s.spec?.externalIPs ?? []).length ? ' with externalIPs' : ''})`).join(', ')} exposes it outside the cluster`);
        evidence.exposedServices = exposed.map((s) => ({ name: s.metadata?.name, type: s.spec?.type ?? 'ClusterIP', externalIPs: s.spec?.externalIPs ?? [] }));
      }
      const ingresses = snapshot.objects.ingresses.filter(
        (i) => (i.metadata?.namespace ?? 'default') === namespace && ingressBackends(i).some((n) => serviceNames.has(n)),
      );
      if (ingresses.length > 0) {
        problems.push(`Ingress ${ingresses.map((i) => i.metadata?.name).join(', ')} routes to it`);
        evidence.ingresses = ingresses.map((i) => i.metadata?.name);
      }
      const unsafeFlags: { workload: string; container: string; flag: string }[] = [];
      for (const w of workloads) {
        for (const c of w.containers) {
          const flags = parseFlags([...(c.spec.command ?? []), ...(c.spec.args ?? [])]);
          for (const flag of Object.keys(UNSAFE_FLAGS)) {
            const value = flags[flag];
            if (value !== undefined && value.toLowerCase() !== 'false') {
              unsafeFlags.push({ workload: w.ref.name, container: c.name, flag });
              const inArgs = (c.spec.args ?? []).some((a) => a.replace(/^--?/, '').split('=')[0] === flag);
              if (w === primary || path === undefined) path = `${c.path}.${inArgs ? 'args' : 'command'}`;
            }
          }
        }
      }
      if (unsafeFlags.length > 0) {
        problems.push([...new Set(unsafeFlags.map((u) => `--${u.flag} ${UNSAFE_FLAGS[u.flag]}`))].join('; '));
        evidence.unsafeFlags = unsafeFlags;
      }
      const adminGrants = [
        ...new Set(workloads.flatMap((w) => fullAdminGrants(ctx.rbac, namespace, w.serviceAccountName).map((g) => `ServiceAccount ${w.serviceAccountName}: ${g}`))),
      ];
      if (adminGrants.length > 0) {
        problems.push(`its ServiceAccount has full control of the cluster (${adminGrants.join('; ')})`);
        evidence.clusterAdminGrants = adminGrants;
        path ??= `${primary.podSpecPath}.serviceAccountName`;
      }
      results.push({
        status: problems.length > 0 ? 'fail' : 'pass',
        resource: primary.ref,
        message:
          problems.length > 0
            ? `The Kubernetes Dashboard in ${namespace} is an easy entry point: ${problems.join('; ')}.`
            : `The Kubernetes Dashboard in ${namespace} is only reachable inside the cluster, requires login and has no cluster-admin access.`,
        path,
        detail: 'dashboard',
        evidence,
      });
    }
    return results;
  },
};
