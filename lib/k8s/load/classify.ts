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
 * - ConfigMap `data` / `binaryData` values: each value is inspected for a credential as the object
 *   is read (lib/k8s/credential-values.ts); only metadata, the key names and the `{key, kind}` of
 *   keys holding a credential are kept;
 * - everything but apiVersion, kind and metadata of secret-store custom resources (SealedSecret
 *   ciphertext, ExternalSecret remote references, provider settings).
 */
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { configMapCredentials, CREDENTIAL_KINDS, type ConfigMapCredential } from '../credential-values';
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
  // Workloads defined by custom / extension APIs (lib/k8s/pod-spec.ts resolves them like a Deployment).
  'argoproj.io/Rollout': 'rollouts',
  'apps.openshift.io/DeploymentConfig': 'deploymentConfigs',
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
  // Kyverno 1.14+ CEL image verification (v1alpha1 → v1beta1 → v1; the namespaced variant since 1.15).
  'policies.kyverno.io/ImageValidatingPolicy': 'policies',
  'policies.kyverno.io/NamespacedImageValidatingPolicy': 'policies',
  'policy.sigstore.dev/ClusterImagePolicy': 'policies',
  // Portieris (IBM), and its predecessor's group (IBM Container Image Security Enforcement).
  'portieris.cloud.ibm.com/ImagePolicy': 'policies',
  'portieris.cloud.ibm.com/ClusterImagePolicy': 'policies',
  'securityenforcement.admission.cloud.ibm.com/ImagePolicy': 'policies',
  'securityenforcement.admission.cloud.ibm.com/ClusterImagePolicy': 'policies',
  'templates.gatekeeper.sh/ConstraintTemplate': 'policies',
  // CNI and upstream network policies (objects.cniNetworkPolicies); staged / tier objects are not enforced policies.
  'cilium.io/CiliumNetworkPolicy': 'cniNetworkPolicies',
  'cilium.io/CiliumClusterwideNetworkPolicy': 'cniNetworkPolicies',
  'projectcalico.org/NetworkPolicy': 'cniNetworkPolicies',
  'projectcalico.org/GlobalNetworkPolicy': 'cniNetworkPolicies',
  'crd.projectcalico.org/NetworkPolicy': 'cniNetworkPolicies',
  'crd.projectcalico.org/GlobalNetworkPolicy': 'cniNetworkPolicies',
  'crd.antrea.io/NetworkPolicy': 'cniNetworkPolicies',
  'crd.antrea.io/ClusterNetworkPolicy': 'cniNetworkPolicies',
  'policy.networking.k8s.io/AdminNetworkPolicy': 'cniNetworkPolicies',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy': 'cniNetworkPolicies',
  // Gateway API (objects.gatewayApi): gateways and the routes that publish Services through them.
  'gateway.networking.k8s.io/Gateway': 'gatewayApi',
  'gateway.networking.k8s.io/HTTPRoute': 'gatewayApi',
  'gateway.networking.k8s.io/GRPCRoute': 'gatewayApi',
};

/**
 * API groups of external secret-store integrations: every kind in them goes to `secretStores`,
 * reduced to metadata. Group-wide, so a kind added in a later release of the product still counts.
 */
export const SECRET_STORE_GROUPS: ReadonlySet<string> = new Set([
  'external-secrets.io', // External Secrets Operator: ExternalSecret, SecretStore, ClusterSecretStore, PushSecret, ...
  'kubernetes-client.io', // GoDaddy kubernetes-external-secrets (deprecated): ExternalSecret
  'bitnami.com', // Sealed Secrets: SealedSecret
  'secrets-store.csi.x-k8s.io', // Secrets Store CSI Driver: SecretProviderClass
  'secrets.hashicorp.com', // Vault Secrets Operator: VaultStaticSecret, VaultDynamicSecret, VaultAuth, ...
  'onepassword.com', // 1Password Connect operator: OnePasswordItem
  'secrets.doppler.com', // Doppler operator: DopplerSecret
  'secrets.infisical.com', // Infisical operator: InfisicalSecret, InfisicalPushSecret, InfisicalDynamicSecret
  'spv.no', // Azure Key Vault to Kubernetes (akv2k8s): AzureKeyVaultSecret
]);

/** "group/kind" of the kinds that live outside namespaces (everything else routed here is namespaced). */
const CLUSTER_SCOPED_KINDS = new Set([
  '/Namespace',
  '/Node',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'kyverno.io/ClusterPolicy',
  'policies.kyverno.io/ImageValidatingPolicy',
  'policy.sigstore.dev/ClusterImagePolicy',
  'portieris.cloud.ibm.com/ClusterImagePolicy',
  'securityenforcement.admission.cloud.ibm.com/ClusterImagePolicy',
  'templates.gatekeeper.sh/ConstraintTemplate',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'external-secrets.io/ClusterPushSecret',
  'cilium.io/CiliumClusterwideNetworkPolicy',
  'projectcalico.org/GlobalNetworkPolicy',
  'crd.projectcalico.org/GlobalNetworkPolicy',
  'crd.antrea.io/ClusterNetworkPolicy',
  'policy.networking.k8s.io/AdminNetworkPolicy',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
]);

/** Gatekeeper constraints: one cluster-scoped kind per ConstraintTemplate, all in this group. */
export const GATEKEEPER_CONSTRAINTS_GROUP = 'constraints.gatekeeper.sh';

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Where an object of this apiVersion/kind goes, or undefined when no check reads it. */
export function objectsKeyFor(apiVersion: string, kind: string): ObjectsKey | undefined {
  const group = groupOf(apiVersion);
  const hit = KIND_TABLE[`${group}/${kind}`];
  if (hit) return hit;
  if (group === GATEKEEPER_CONSTRAINTS_GROUP) return 'policies';
  if (SECRET_STORE_GROUPS.has(group)) return 'secretStores';
  return undefined;
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  const group = groupOf(apiVersion);
  if (group === GATEKEEPER_CONSTRAINTS_GROUP) return true;
  return CLUSTER_SCOPED_KINDS.has(`${group}/${kind}`);
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

/** Credential flags of an already reduced ConfigMap, kept only when well-formed. */
function keptCredentials(value: unknown): ConfigMapCredential[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (c): c is ConfigMapCredential => isRecord(c) && typeof c.key === 'string' && (CREDENTIAL_KINDS as readonly unknown[]).includes(c.kind),
  ).map((c) => ({ key: c.key, kind: c.kind, ...(c.binary === true ? { binary: true as const } : {}) }));
}

/**
 * A ConfigMap reduced to metadata + key names (from `data` and `binaryData`) + the keys whose value
 * is a credential (inspected here, then dropped with the values); `keys` and `credentials` stay
 * undefined when the source had no bodies.
 */
export function toConfigMapMetadata(raw: Record<string, unknown>, withKeys = true): ConfigMapMetadata {
  const metadata = cleanMetadata(isRecord(raw.metadata) ? (raw.metadata as V1ObjectMeta) : {});
  const out: ConfigMapMetadata = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
  if (withKeys && raw.data === undefined && raw.binaryData === undefined && Array.isArray(raw.keys)) {
    // Already reduced (sanitizing is idempotent).
    out.keys = raw.keys.filter((k): k is string => typeof k === 'string');
    const credentials = keptCredentials(raw.credentials);
    if (credentials) out.credentials = credentials;
  } else if (withKeys) {
    const keys: string[] = [];
    if (isRecord(raw.data)) keys.push(...Object.keys(raw.data));
    if (isRecord(raw.binaryData)) keys.push(...Object.keys(raw.binaryData));
    out.keys = keys;
    out.credentials = configMapCredentials(raw.data, raw.binaryData);
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
  if (key === 'secretStores') {
    // A new object: spec (sealed ciphertext, remote references) and status are unreachable afterwards.
    const metadata = cleanMetadata(isRecord(raw.metadata) ? (raw.metadata as V1ObjectMeta) : {});
    return { apiVersion: String(raw.apiVersion ?? ''), kind: String(raw.kind ?? ''), metadata };
  }
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

/** Where a node's KubeletConfiguration document was read from (kubelet findings name the Node). */
export function kubeletConfigLocationKey(nodeName: string): string {
  return `${objectLocationKey({ kind: 'Node', name: nodeName })}#kubelet`;
}
