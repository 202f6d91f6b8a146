/**
 * Sorting raw Kubernetes objects into SnapshotObjects, shared by the manifest / dump loaders and
 * the live collector so all three produce the same snapshot for the same objects.
 *
 * What is dropped on the way in (for every source alike):
 * - `metadata.managedFields` (server bookkeeping, often half of an object's size);
 * - the `kubectl.kubernetes.io/last-applied-configuration` annotation (a second copy of the
 *   object; for Secrets and ConfigMaps it would contain the values);
 * - `status.images` of Nodes (image lists, large, read by no check);
 * - Secret `data` / `stringData` (only metadata and `type` are kept);
 * - ConfigMap `data` / `binaryData` values (only metadata and the key names are kept).
 */
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { ConfigMapMetadata, GenericObject, SecretMetadata, SnapshotObjects } from '../snapshot';

export type ObjectsKey = keyof SnapshotObjects;

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** group/kind → where the object goes. Group '' is the core group. */
const KIND_TABLE: Record<string, ObjectsKey> = {
  '/Namespace': 'namespaces',
  '/Pod': 'pods',
  '/Service': 'services',
  '/ServiceAccount': 'serviceAccounts',
  '/Node': 'nodes',
  '/ResourceQuota': 'resourceQuotas',
  '/LimitRange': 'limitRanges',
  '/ReplicationController': 'replicationControllers',
  '/Secret': 'secrets',
  '/ConfigMap': 'configMaps',
  'apps/Deployment': 'deployments',
  'apps/StatefulSet': 'statefulSets',
  'apps/DaemonSet': 'daemonSets',
  'apps/ReplicaSet': 'replicaSets',
  'extensions/Deployment': 'deployments',
  'extensions/DaemonSet': 'daemonSets',
  'extensions/ReplicaSet': 'replicaSets',
  'batch/Job': 'jobs',
  'batch/CronJob': 'cronJobs',
  'networking.k8s.io/Ingress': 'ingresses',
  'extensions/Ingress': 'ingresses',
  'networking.k8s.io/NetworkPolicy': 'networkPolicies',
  'extensions/NetworkPolicy': 'networkPolicies',
  'rbac.authorization.k8s.io/Role': 'roles',
  'rbac.authorization.k8s.io/ClusterRole': 'clusterRoles',
  'rbac.authorization.k8s.io/RoleBinding': 'roleBindings',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'clusterRoleBindings',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 'validatingWebhookConfigurations',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 'mutatingWebhookConfigurations',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': 'policies',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': 'policies',
  'apiextensions.k8s.io/CustomResourceDefinition': 'customResourceDefinitions',
  'aquasecurity.github.io/VulnerabilityReport': 'vulnerabilityReports',
  'kyverno.io/ClusterPolicy': 'policies',
  'kyverno.io/Policy': 'policies',
  'policy.sigstore.dev/ClusterImagePolicy': 'policies',
  'templates.gatekeeper.sh/ConstraintTemplate': 'policies',
};

/** Kinds that live outside namespaces (everything else in KIND_TABLE is namespaced). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CustomResourceDefinition',
  'ClusterPolicy',
  'ClusterImagePolicy',
  'ConstraintTemplate',
]);

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Where an object of this apiVersion/kind goes, or undefined when no check reads it. */
export function objectsKeyFor(apiVersion: string, kind: string): ObjectsKey | undefined {
  const group = groupOf(apiVersion);
  const hit = KIND_TABLE[`${group}/${kind}`];
  if (hit) return hit;
  // Gatekeeper constraints: one kind per ConstraintTemplate, all in this group.
  if (group === 'constraints.gatekeeper.sh') return 'policies';
  return undefined;
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  if (groupOf(apiVersion) === 'constraints.gatekeeper.sh') return true;
  return CLUSTER_SCOPED_KINDS.has(kind);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Drops managedFields and the last-applied annotation in place; returns the same metadata. */
export function cleanMetadata(meta: V1ObjectMeta): V1ObjectMeta {
  delete meta.managedFields;
  if (meta.annotations && LAST_APPLIED_ANNOTATION in meta.annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = meta.annotations;
    meta.annotations = rest;
  }
  return meta;
}

/** A Secret reduced to metadata + type. Values are never copied. */
export function toSecretMetadata(raw: Record<string, unknown>): SecretMetadata {
  const metadata = cleanMetadata(isRecord(raw.metadata) ? (raw.metadata as V1ObjectMeta) : {});
  const out: SecretMetadata = { apiVersion: 'v1', kind: 'Secret', metadata };
  if (typeof raw.type === 'string') out.type = raw.type;
  return out;
}

/** A ConfigMap reduced to metadata + key names (from `data` and `binaryData`); `keys` stays undefined when the source had no bodies. */
export function toConfigMapMetadata(raw: Record<string, unknown>, withKeys = true): ConfigMapMetadata {
  const metadata = cleanMetadata(isRecord(raw.metadata) ? (raw.metadata as V1ObjectMeta) : {});
  const out: ConfigMapMetadata = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
  if (withKeys && raw.data === undefined && raw.binaryData === undefined && Array.isArray(raw.keys)) {
    // Already reduced (sanitizing is idempotent).
    out.keys = raw.keys.filter((k): k is string => typeof k === 'string');
  } else if (withKeys) {
    const keys: string[] = [];
    if (isRecord(raw.data)) keys.push(...Object.keys(raw.data));
    if (isRecord(raw.binaryData)) keys.push(...Object.keys(raw.binaryData));
    out.keys = keys;
  }
  return out;
}

/**
 * Reduces an object to what Rampart keeps (see the module comment), in place for ordinary kinds.
 * Secrets and ConfigMaps get new objects so their values are unreachable afterwards.
 */
export function sanitizeObject(key: ObjectsKey, raw: Record<string, unknown>): GenericObject | SecretMetadata | ConfigMapMetadata {
  if (key === 'secrets') return toSecretMetadata(raw);
  if (key === 'configMaps') return toConfigMapMetadata(raw);
  if (isRecord(raw.metadata)) cleanMetadata(raw.metadata as V1ObjectMeta);
  else raw.metadata = {};
  if (key === 'nodes' && isRecord(raw.status)) delete raw.status.images;
  return raw as GenericObject;
}

/** Adds a sanitized object to its bucket (the buckets' element types are shapes only). */
export function pushObject(objects: SnapshotObjects, key: ObjectsKey, obj: GenericObject | SecretMetadata | ConfigMapMetadata): void {
  (objects[key] as unknown[]).push(obj);
}

/** "Kind/namespace/name" (namespace empty for cluster-scoped): the key of source locations. */
export function objectLocationKey(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
