/**
 * SnapshotBuilder: accumulates raw objects from any source (manifest files, dumps, API lists),
 * sorts them into SnapshotObjects, applies the same defaults and reductions everywhere
 * (classify.ts), and finishes into an immutable ClusterSnapshot.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { extractControlPlane } from '../control-plane';
import {
  emptySnapshotObjects,
  type ClusterSnapshot,
  type CoverageGap,
  type KubeletInfo,
  type SnapshotObjects,
  type SnapshotSourceType,
} from '../snapshot';
import { makeStorable } from '../storable-text';
import { isClusterScoped, kubeletConfigLocationKey, objectLocationKey, objectsKeyFor, pushObject, sanitizeObject } from './classify';
import { MAX_DEPTH, nestedDeeperThan, shapeProblem } from './shape';

/** Where an object came from: file relative to the scan root, 1-based line of the document (or list item). */
export interface SourceLocation {
  file: string;
  line: number;
}

/** A document that could not be loaded; it was skipped and everything else was loaded. */
export interface LoadError {
  file: string;
  /** 1-based line of the document or of the syntax error. */
  line: number;
  message: string;
}

export const KUBELET_CONFIG_GROUP = 'kubelet.config.k8s.io';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type AddOutcome = { ok: true } | { ok: false; message: string };

/** "Kind namespace/name" of a raw object, for messages (cut short: the fields are untrusted). */
export function describeObject(raw: Record<string, unknown>): string {
  const meta = isRecord(raw.metadata) ? raw.metadata : {};
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 253) : '');
  const namespace = text(meta.namespace);
  return `${text(raw.kind) || 'object'} ${namespace ? `${namespace}/` : ''}${text(meta.name) || '(no name)'}`;
}

export class SnapshotBuilder {
  readonly objects: SnapshotObjects = emptySnapshotObjects();
  readonly kubelets: KubeletInfo[] = [];
  readonly gaps: CoverageGap[] = [];
  readonly locations = new Map<string, SourceLocation>();
  /** Objects of kinds no check reads, by "apiVersion/kind". */
  readonly ignoredKinds = new Map<string, number>();
  /** Same kind/namespace/name seen twice: the later one replaced the earlier (as `kubectl apply` would). */
  readonly duplicates: string[] = [];
  private readonly indexByKey = new Map<string, { bucket: keyof SnapshotObjects; index: number }>();

  /**
   * Adds one raw object. Returns why it was rejected when it is not a Kubernetes object, or not one
   * Rampart can read (lib/k8s/load/shape.ts); the rest of the source is still added.
   * Text PostgreSQL cannot store (NUL, lone surrogates) is normalised first (lib/k8s/storable-text.ts).
   * `fallbackNodeName` names the node of a KubeletConfiguration without metadata.name.
   */
  add(raw: unknown, where?: SourceLocation, fallbackNodeName?: string): AddOutcome {
    if (!isRecord(raw)) return { ok: false, message: 'document is not a mapping (expected a Kubernetes object)' };
    // Checked first: normalising, checks and masking all recurse into the object.
    if (nestedDeeperThan(raw, MAX_DEPTH)) return { ok: false, message: `${describeObject(raw)}: nests maps and lists more than ${MAX_DEPTH} levels deep` };
    makeStorable(raw);
    const { apiVersion, kind } = raw;
    if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind) {
      return { ok: false, message: 'document lacks apiVersion or kind' };
    }
    const meta = isRecord(raw.metadata) ? raw.metadata : undefined;
    if (kind === 'KubeletConfiguration' && apiVersion.startsWith(`${KUBELET_CONFIG_GROUP}/`)) {
      const nodeName = typeof meta?.name === 'string' && meta.name ? meta.name : fallbackNodeName;
      if (!nodeName) return { ok: false, message: 'KubeletConfiguration needs metadata.name (the node it belongs to)' };
      // Settings only, as configz serves them (no apiVersion/kind/metadata).
      const { metadata: _metadata, apiVersion: _apiVersion, kind: _kind, ...config } = raw;
      const existing = this.kubelets.findIndex((k) => k.nodeName === nodeName);
      if (existing >= 0) this.kubelets.splice(existing, 1);
      this.kubelets.push({ nodeName, config });
      if (where) this.locations.set(kubeletConfigLocationKey(nodeName), where);
      return { ok: true };
    }
    const key = objectsKeyFor(apiVersion, kind);
    if (!key) {
      const k = `${apiVersion}/${kind}`;
      this.ignoredKinds.set(k, (this.ignoredKinds.get(k) ?? 0) + 1);
      return { ok: true };
    }
    if (!meta || typeof meta.name !== 'string' || !meta.name) return { ok: false, message: `${kind} without metadata.name` };
    const problem = shapeProblem(key, raw);
    if (problem) return { ok: false, message: `${describeObject(raw)}: ${problem}` };
    if (isClusterScoped(apiVersion, kind)) delete meta.namespace;
    else if (typeof meta.namespace !== 'string' || !meta.namespace) meta.namespace = 'default';
    const obj = sanitizeObject(key, raw);
    const locKey = objectLocationKey({ kind, namespace: meta.namespace as string | undefined, name: meta.name });
    const prior = this.indexByKey.get(locKey);
    if (prior && prior.bucket === key) {
      (this.objects[key] as unknown[])[prior.index] = obj;
      this.duplicates.push(locKey);
    } else {
      this.indexByKey.set(locKey, { bucket: key, index: this.objects[key].length });
      pushObject(this.objects, key, obj);
    }
    if (where) this.locations.set(locKey, where);
    return { ok: true };
  }

  /** Adds a typed list's items; items of typed lists may lack apiVersion/kind. */
  addListItems(items: unknown[], apiVersion: string, kind: string): void {
    for (const item of items) {
      if (isRecord(item)) {
        item.apiVersion = apiVersion;
        item.kind = kind;
        this.add(item);
      }
    }
  }

  addKubelet(info: KubeletInfo): void {
    this.kubelets.push(makeStorable(info));
  }

  build(source: { type: SnapshotSourceType; name: string }, extra: { serverVersion?: string; collectedAt?: string } = {}): ClusterSnapshot {
    const systemPods = this.objects.pods.filter((p: V1Pod) => p.metadata?.namespace === 'kube-system');
    const snapshot: ClusterSnapshot = {
      source,
      collectedAt: extra.collectedAt ?? new Date().toISOString(),
      serverVersion: extra.serverVersion,
      objects: this.objects,
      controlPlane: extractControlPlane(systemPods),
      kubelets: [...this.kubelets].sort((a, b) => a.nodeName.localeCompare(b.nodeName)),
      coverage: { gaps: this.gaps },
    };
    return snapshot;
  }
}
