/**
 * What a scan stores beside each failing result: the labels of its resource (exception selectors)
 * and the manifest the finding page shows and diffs the fix against. A kubelet finding (its check's
 * fix goes into the kubelet configuration file) gets the node's kubelet configuration as Rampart
 * read it, not the Node object.
 */
import { kubeletConfigDocument } from '../checks/kubelet-config';
import type { Remediation, ResourceRef } from '../checks/types';
import { withoutBookkeeping } from '../k8s/metadata';
import type { ClusterSnapshot, SnapshotObjects } from '../k8s/snapshot';

interface IndexedObject {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; managedFields?: unknown } & Record<string, unknown>;
  [field: string]: unknown;
}

/** The part of a result these lookups need. */
export interface ResultTarget {
  resource: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>;
  remediation?: Pick<Remediation, 'appliesTo'>;
}

function resourceKey(r: { kind: string; namespace?: string; name: string }): string {
  return `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}`;
}

function indexObjects(objects: SnapshotObjects): Map<string, IndexedObject> {
  const index = new Map<string, IndexedObject>();
  for (const list of Object.values(objects) as unknown[][]) {
    for (const raw of list) {
      const o = raw as IndexedObject;
      const name = o.metadata?.name;
      if (!o.kind || !name) continue;
      index.set(resourceKey({ kind: o.kind, namespace: o.metadata?.namespace, name }), o);
    }
  }
  return index;
}

/** The manifest stored with a failing finding: never anything of a Secret beyond its metadata, no managedFields nor last-applied copy. */
function manifestOf(o: IndexedObject | null): object | undefined {
  if (!o) return undefined;
  const { metadata, ...rest } = o;
  const meta = withoutBookkeeping((metadata ?? {}) as { annotations?: Record<string, string> });
  if (o.kind === 'Secret') return { apiVersion: o.apiVersion, kind: o.kind, metadata: meta, ...(typeof o.type === 'string' ? { type: o.type } : {}) };
  return { ...rest, metadata: meta };
}

/** Labels and manifests of a snapshot's resources, looked up per result (one index per snapshot). */
export function resultObjects(snapshot: ClusterSnapshot): {
  labelsOf: (r: ResultTarget) => Record<string, string> | undefined;
  manifestOf: (r: ResultTarget) => object | undefined;
} {
  const index = indexObjects(snapshot.objects);
  const kubelets = new Map(snapshot.kubelets.map((k) => [k.nodeName, k.config]));
  const objectOf = (r: ResultTarget): IndexedObject | null => index.get(resourceKey(r.resource)) ?? null;
  return {
    labelsOf: (r) => objectOf(r)?.metadata?.labels,
    manifestOf: (r) => {
      if (r.remediation?.appliesTo === 'kubelet-config') {
        const config = r.resource.kind === 'Node' ? kubelets.get(r.resource.name) : undefined;
        return config ? kubeletConfigDocument(config) : undefined;
      }
      return manifestOf(objectOf(r));
    },
  };
}
