/**
 * The "rbac-snapshot" scan artifact: the RBAC-relevant part of a ClusterSnapshot, stored once per
 * scan so the RBAC explorer can rebuild the full analysis (who-can, risks, escalation paths,
 * the graph) of any past scan without keeping whole snapshots.
 *
 * It holds roles and bindings (rules, aggregation rules, role refs, subjects; labels for
 * aggregation), service accounts (name and token automount), every resolved workload reduced to
 * its service account and pod labels, and the Services / Ingresses that expose workloads.
 * No secret values, no container specs.
 */
import type { V1ClusterRole, V1ClusterRoleBinding, V1ObjectMeta, V1Role, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import type { ResourceRef } from '../../vocabulary';
import { serviceSelectorMatches } from '../../k8s/label-selector';
import { resolveWorkloads, workloadDescription } from '../../k8s/pod-spec';
import type { Workload } from '../../k8s/pod-spec.types';
import { emptySnapshotObjects, type ClusterSnapshot, type SnapshotSourceType } from '../../k8s/snapshot';

export const RBAC_ARTIFACT_KIND = 'rbac-snapshot';
export const RBAC_ARTIFACT_VERSION = 1;

export interface RbacArtifactWorkload {
  ref: ResourceRef;
  namespace: string;
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  isSystem: boolean;
  podLabels: Record<string, string>;
}

export interface RbacArtifactService {
  namespace: string;
  name: string;
  /** ClusterIP when unset. */
  type: string;
  selector: Record<string, string>;
  hasExternalIPs: boolean;
}

export interface RbacArtifactIngress {
  namespace: string;
  name: string;
  /** Names of the Services (same namespace) its rules and default backend route to. */
  services: string[];
}

export interface RbacArtifact {
  version: typeof RBAC_ARTIFACT_VERSION;
  source: { type: SnapshotSourceType; name: string };
  collectedAt: string;
  roles: V1Role[];
  clusterRoles: V1ClusterRole[];
  roleBindings: V1RoleBinding[];
  clusterRoleBindings: V1ClusterRoleBinding[];
  serviceAccounts: Array<{ namespace: string; name: string; automountServiceAccountToken?: boolean }>;
  workloads: RbacArtifactWorkload[];
  services: RbacArtifactService[];
  ingresses: RbacArtifactIngress[];
}

/** Only what RBAC reads of an object's metadata (labels drive ClusterRole aggregation). */
function meta(m: V1ObjectMeta | undefined): V1ObjectMeta {
  const out: V1ObjectMeta = { name: m?.name ?? '' };
  if (m?.namespace) out.namespace = m.namespace;
  if (m?.labels && Object.keys(m.labels).length > 0) out.labels = m.labels;
  return out;
}

const nsOf = (m: V1ObjectMeta | undefined): string => m?.namespace || 'default';

/** The artifact of one snapshot (store it as ScanArtifact kind RBAC_ARTIFACT_KIND). */
export function rbacArtifactFromSnapshot(snapshot: ClusterSnapshot, workloads: readonly Workload[] = resolveWorkloads(snapshot)): RbacArtifact {
  const o = snapshot.objects;
  return {
    version: RBAC_ARTIFACT_VERSION,
    source: snapshot.source,
    collectedAt: snapshot.collectedAt,
    roles: o.roles.map((r) => ({ metadata: { ...meta(r.metadata), namespace: nsOf(r.metadata) }, rules: r.rules ?? [] })),
    clusterRoles: o.clusterRoles.map((r) => ({ metadata: meta(r.metadata), rules: r.rules ?? [], ...(r.aggregationRule ? { aggregationRule: r.aggregationRule } : {}) })),
    roleBindings: o.roleBindings.map((b) => ({ metadata: { ...meta(b.metadata), namespace: nsOf(b.metadata) }, roleRef: b.roleRef, ...(b.subjects ? { subjects: b.subjects } : {}) })),
    clusterRoleBindings: o.clusterRoleBindings.map((b) => ({ metadata: meta(b.metadata), roleRef: b.roleRef, ...(b.subjects ? { subjects: b.subjects } : {}) })),
    serviceAccounts: o.serviceAccounts.map((sa) => ({
      namespace: nsOf(sa.metadata),
      name: sa.metadata?.name ?? '',
      ...(typeof sa.automountServiceAccountToken === 'boolean' ? { automountServiceAccountToken: sa.automountServiceAccountToken } : {}),
    })),
    workloads: workloads.map((w) => ({
      ref: w.ref,
      namespace: w.namespace,
      serviceAccountName: w.serviceAccountName,
      automountServiceAccountToken: w.automountServiceAccountToken,
      isSystem: w.isSystem,
      podLabels: w.podMetadata.labels ?? {},
    })),
    services: o.services.map((s) => ({
      namespace: nsOf(s.metadata),
      name: s.metadata?.name ?? '',
      type: s.spec?.type ?? 'ClusterIP',
      selector: s.spec?.selector ?? {},
      hasExternalIPs: (s.spec?.externalIPs?.length ?? 0) > 0,
    })),
    ingresses: o.ingresses.map((ing) => {
      const services = new Set<string>();
      const def = ing.spec?.defaultBackend?.service?.name;
      if (def) services.add(def);
      for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) if (p.backend?.service?.name) services.add(p.backend.service.name);
      return { namespace: nsOf(ing.metadata), name: ing.metadata?.name ?? '', services: [...services] };
    }),
  };
}

/** Type guard for data read back from the database. */
export function isRbacArtifact(data: unknown): data is RbacArtifact {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<RbacArtifact>;
  return d.version === RBAC_ARTIFACT_VERSION && Array.isArray(d.roles) && Array.isArray(d.clusterRoleBindings) && Array.isArray(d.workloads);
}

/** The snapshot analyzeRbac needs (RBAC objects and service accounts; other lists empty). */
export function snapshotFromRbacArtifact(artifact: RbacArtifact): ClusterSnapshot {
  const objects = emptySnapshotObjects();
  objects.roles = artifact.roles;
  objects.clusterRoles = artifact.clusterRoles;
  objects.roleBindings = artifact.roleBindings;
  objects.clusterRoleBindings = artifact.clusterRoleBindings;
  objects.serviceAccounts = artifact.serviceAccounts.map(
    (sa): V1ServiceAccount => ({
      metadata: { name: sa.name, namespace: sa.namespace },
      ...(sa.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: sa.automountServiceAccountToken } : {}),
    }),
  );
  return { source: artifact.source, collectedAt: artifact.collectedAt, objects, controlPlane: [], kubelets: [], coverage: { gaps: [] } };
}

/** The artifact's workloads as lib/rbac's functions take them (container details are not kept). */
export function workloadsFromRbacArtifact(artifact: RbacArtifact): Workload[] {
  return artifact.workloads.map((w) => ({
    ref: w.ref,
    namespace: w.namespace,
    metadata: { name: w.ref.name, namespace: w.namespace },
    podMetadata: { labels: w.podLabels },
    podSpecPath: '',
    podSpec: { containers: [], serviceAccountName: w.serviceAccountName },
    serviceAccountName: w.serviceAccountName,
    automountServiceAccountToken: w.automountServiceAccountToken,
    automountSource: 'default',
    containers: [],
    isSystem: w.isSystem,
    description: workloadDescription(w.ref.kind, w.namespace, w.ref.name),
    windows: false, // not kept in the artifact; RBAC reads no securityContext
  }));
}

export type ExposureKind = 'NodePort' | 'LoadBalancer' | 'ExternalIPs' | 'Ingress';

export interface WorkloadExposure {
  kind: ExposureKind;
  /** The Service (NodePort / LoadBalancer / externalIPs) or Ingress. */
  via: { kind: 'Service' | 'Ingress'; namespace: string; name: string };
  /** For an Ingress: the Service it routes to. */
  service?: string;
}

/** How each workload (key `workloadKey(ref)`) is reachable from outside the cluster. */
export function workloadExposure(artifact: RbacArtifact): Map<string, WorkloadExposure[]> {
  const servicesByNamespace = new Map<string, RbacArtifactService[]>();
  for (const s of artifact.services) servicesByNamespace.set(s.namespace, [...(servicesByNamespace.get(s.namespace) ?? []), s]);
  const ingressesByService = new Map<string, RbacArtifactIngress[]>();
  for (const ing of artifact.ingresses) {
    for (const svc of ing.services) ingressesByService.set(`${ing.namespace}/${svc}`, [...(ingressesByService.get(`${ing.namespace}/${svc}`) ?? []), ing]);
  }
  const out = new Map<string, WorkloadExposure[]>();
  for (const w of artifact.workloads) {
    const exposure: WorkloadExposure[] = [];
    for (const svc of servicesByNamespace.get(w.namespace) ?? []) {
      if (!serviceSelectorMatches(svc.selector, w.podLabels)) continue;
      const via = { kind: 'Service' as const, namespace: svc.namespace, name: svc.name };
      if (svc.type === 'NodePort' || svc.type === 'LoadBalancer') exposure.push({ kind: svc.type, via });
      if (svc.hasExternalIPs) exposure.push({ kind: 'ExternalIPs', via });
      for (const ing of ingressesByService.get(`${svc.namespace}/${svc.name}`) ?? []) {
        exposure.push({ kind: 'Ingress', via: { kind: 'Ingress', namespace: ing.namespace, name: ing.name }, service: svc.name });
      }
    }
    if (exposure.length > 0) out.set(workloadKey(w.ref), exposure);
  }
  return out;
}

export const workloadKey = (ref: ResourceRef): string => `${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;
