/**
 * The metadata Rampart never keeps: `managedFields` (server bookkeeping, often half of an object's
 * size) and the `kubectl.kubernetes.io/last-applied-configuration` annotation (a second copy of the
 * whole object, with a Secret's or ConfigMap's values in it). The loaders, the stored finding
 * manifests and masking all drop them through this file.
 */

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const MANAGED_FIELDS = 'managedFields';

interface MetadataLike {
  managedFields?: unknown;
  annotations?: Record<string, string>;
}

/** A shallow copy of `meta` without managedFields and the last-applied annotation (the input is not changed). */
export function withoutBookkeeping<M extends MetadataLike>(meta: M): Omit<M, 'managedFields'> {
  const { managedFields: _managedFields, ...kept } = meta;
  if (kept.annotations && LAST_APPLIED_ANNOTATION in kept.annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...annotations } = kept.annotations;
    kept.annotations = annotations;
  }
  return kept;
}
