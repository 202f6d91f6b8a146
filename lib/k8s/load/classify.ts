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
import { withoutBookkeeping } from '../metadata';
import { bucketOf, GATEKEEPER_CONSTRAINTS, isClusterScopedKind, SECRET_STORE_GROUPS, type Bucket } from '../kinds';
import type { ConfigMapMetadata, GenericObject, SecretMetadata, SnapshotObjects } from '../snapshot';
import { toConfigAuditReport, toExposedSecretReport } from './trivy-reports';

/** A snapshot bucket (lib/k8s/kinds.ts). */
export type ObjectsKey = Bucket;

/** Gatekeeper constraints: one cluster-scoped kind per ConstraintTemplate, all in this group. */
export const GATEKEEPER_CONSTRAINTS_GROUP = GATEKEEPER_CONSTRAINTS.group;

export { SECRET_STORE_GROUPS };

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Where an object of this apiVersion/kind goes (lib/k8s/kinds.ts), or undefined when no check reads it. */
export function objectsKeyFor(apiVersion: string, kind: string): ObjectsKey | undefined {
  return bucketOf(groupOf(apiVersion), kind);
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return isClusterScopedKind(groupOf(apiVersion), kind);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object's metadata without managedFields and the last-applied annotation (lib/k8s/metadata.ts). */
function cleanMetadata(raw: Record<string, unknown>): V1ObjectMeta {
  return isRecord(raw.metadata) ? withoutBookkeeping(raw.metadata as V1ObjectMeta) : {};
}

/** A Secret reduced to metadata + type. Values are never copied. */
export function toSecretMetadata(raw: Record<string, unknown>): SecretMetadata {
  const metadata = cleanMetadata(raw);
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
  const metadata = cleanMetadata(raw);
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
  if (key === 'exposedSecretReports') return toExposedSecretReport(raw, cleanMetadata(raw));
  if (key === 'configAuditReports') return toConfigAuditReport(raw, cleanMetadata(raw));
  if (key === 'secretStores') {
    // A new object: spec (sealed ciphertext, remote references) and status are unreachable afterwards.
    const metadata = cleanMetadata(raw);
    return { apiVersion: String(raw.apiVersion ?? ''), kind: String(raw.kind ?? ''), metadata };
  }
  raw.metadata = cleanMetadata(raw);
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
