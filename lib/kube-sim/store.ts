/**
 * The object store behind kube-sim: objects grouped by resource type, server-filled metadata
 * (uid, resourceVersion, creationTimestamp, default namespace), label/field selectors and
 * limit/continue pagination with opaque continue tokens.
 */
import { createHash } from 'node:crypto';
import type { V1LabelSelector } from '@kubernetes/client-node';
import { LabelSelectorSyntaxError, parseLabelSelector as parseSelectorText, selectorMatches } from '../k8s/label-selector';
import {
  BUILTIN_RESOURCES,
  ResourceRegistry,
  resourceTypesFromCrd,
  type CrdLike,
  type ResourceType,
} from './resources';

export interface KubeObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** A Kubernetes object as JSON (apiVersion + kind + metadata + anything else). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [field: string]: unknown;
}

export const KUBELET_CONFIG_API_VERSION = 'kubelet.config.k8s.io/v1beta1';
/** Creation time given to objects whose manifests do not set one (a fixed instant keeps output stable). */
export const DEFAULT_CREATION_TIMESTAMP = '2026-01-12T09:30:00Z';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Thrown for a continue token that is malformed or from an older generation (served as 410 Expired). */
export class ExpiredContinueError extends StoreError {}

export interface ListQuery {
  namespace?: string;
  limit?: number;
  continueToken?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinuePayload {
  v: string;
  rv: string;
  start: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deterministicUid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function storageKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export class ObjectStore {
  readonly registry: ResourceRegistry;
  /** KubeletConfiguration documents by node name (served through nodes/{name}/proxy/configz). */
  readonly kubeletConfigs: ReadonlyMap<string, Record<string, unknown>>;
  /** resourceVersion of the newest write; list metadata.resourceVersion. Grows with every applyObject / removeObject. */
  get resourceVersion(): string {
    return String(this.rv);
  }
  private rv: number;
  /** Changes on every load; continue tokens from another generation are expired. */
  readonly generation: string;
  private readonly byType = new Map<ResourceType, KubeObject[]>();

  /** `firstResourceVersion`: resource versions continue from there (default 1000 × generationSeed). */
  constructor(input: readonly KubeObject[], generationSeed = 1, firstResourceVersion?: number) {
    const crds = input.filter((o) => o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/'));
    const types: ResourceType[] = [...BUILTIN_RESOURCES];
    for (const crd of crds) {
      for (const t of resourceTypesFromCrd(crd as CrdLike)) {
        if (!types.some((x) => x.group === t.group && x.version === t.version && x.plural === t.plural)) types.push(t);
      }
    }
    this.registry = new ResourceRegistry(types);

    const kubelet = new Map<string, Record<string, unknown>>();
    let rv = firstResourceVersion ?? 1000 * generationSeed;
    const seen = new Set<string>();
    for (const raw of input) {
      if (!isObject(raw) || typeof raw.apiVersion !== 'string' || typeof raw.kind !== 'string') {
        throw new StoreError('every object needs string apiVersion and kind');
      }
      if (raw.kind === 'KubeletConfiguration' && raw.apiVersion === KUBELET_CONFIG_API_VERSION) {
        const node = isObject(raw.metadata) ? raw.metadata.name : undefined;
        if (typeof node !== 'string' || !node) throw new StoreError('KubeletConfiguration needs metadata.name = the node name');
        const { metadata: _ignored, ...config } = raw;
        kubelet.set(node, config);
        continue;
      }
      const type = this.registry.forObject(raw.apiVersion, raw.kind);
      if (!type) {
        throw new StoreError(`unknown kind ${raw.kind} (apiVersion ${raw.apiVersion}): add its CustomResourceDefinition to the objects`);
      }
      const obj = structuredClone(raw) as KubeObject;
      obj.metadata = isObject(obj.metadata) ? obj.metadata : {};
      if (!obj.metadata.name) throw new StoreError(`${obj.kind} without metadata.name`);
      if (type.namespaced) obj.metadata.namespace = obj.metadata.namespace || 'default';
      else delete obj.metadata.namespace;
      const key = `${type.group}/${type.plural}/${storageKey(obj)}`;
      if (seen.has(key)) throw new StoreError(`duplicate ${obj.kind} ${storageKey(obj)}`);
      seen.add(key);
      rv += 1;
      if (type.group === '' && type.plural === 'secrets') normaliseSecret(obj);
      obj.metadata.uid ??= deterministicUid(key);
      obj.metadata.resourceVersion ??= String(rv);
      obj.metadata.creationTimestamp ??= DEFAULT_CREATION_TIMESTAMP;
      const bucket = this.byType.get(type) ?? [];
      bucket.push(obj);
      this.byType.set(type, bucket);
    }
    for (const [type, bucket] of this.byType) {
      bucket.sort((a, b) => (storageKey(a) < storageKey(b) ? -1 : storageKey(a) > storageKey(b) ? 1 : 0));
      // Custom resources are stored under one version; make sure lists of every served version see them.
      if (type.custom) {
        for (const other of this.registry.types) {
          if (other !== type && other.custom && other.group === type.group && other.plural === type.plural) this.byType.set(other, bucket);
        }
      }
    }
    this.kubeletConfigs = kubelet;
    this.rv = rv;
    this.generation = `g${generationSeed}`;
  }

  /** All stored objects of a type (every namespace), sorted by namespace then name. */
  all(type: ResourceType): readonly KubeObject[] {
    return this.byType.get(type) ?? [];
  }

  count(type: ResourceType): number {
    return this.all(type).length;
  }

  get(type: ResourceType, name: string, namespace?: string): KubeObject | undefined {
    return this.all(type).find((o) => o.metadata.name === name && (!type.namespaced || o.metadata.namespace === namespace));
  }

  list(type: ResourceType, query: ListQuery = {}): ListPage {
    const labelMatch = query.labelSelector ? parseLabelSelector(query.labelSelector) : undefined;
    const fieldMatch = query.fieldSelector ? parseFieldSelector(query.fieldSelector) : undefined;
    let items = this.all(type).filter(
      (o) =>
        (!query.namespace || o.metadata.namespace === query.namespace) &&
        (!labelMatch || labelMatch(o.metadata.labels ?? {})) &&
        (!fieldMatch || fieldMatch(o)),
    );
    if (query.continueToken) {
      const payload = this.decodeContinue(query.continueToken);
      items = items.filter((o) => storageKey(o) > payload.start);
    }
    const limit = query.limit && query.limit > 0 ? query.limit : undefined;
    if (!limit || items.length <= limit) return { items, resourceVersion: this.resourceVersion };
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const token = Buffer.from(
      JSON.stringify({ v: 'meta.k8s.io/v1', rv: `${this.generation}.${this.resourceVersion}`, start: storageKey(last) } satisfies ContinuePayload),
    ).toString('base64url');
    return {
      items: page,
      resourceVersion: this.resourceVersion,
      continueToken: token,
      // Like the API server, no remaining count when a selector filters the list.
      remainingItemCount: labelMatch || fieldMatch ? undefined : items.length - limit,
    };
  }

  /**
   * Creates or replaces one object as an API write would: a new resourceVersion (the store's next),
   * server-filled uid / creationTimestamp kept from the stored object when it exists.
   */
  applyObject(raw: KubeObject): { type: ResourceType; event: 'ADDED' | 'MODIFIED'; object: KubeObject } {
    const type = this.registry.forObject(raw.apiVersion, raw.kind);
    if (!type) throw new StoreError(`unknown kind ${raw.kind} (apiVersion ${raw.apiVersion})`);
    const obj = structuredClone(raw);
    obj.metadata = isObject(obj.metadata) ? obj.metadata : {};
    if (!obj.metadata.name) throw new StoreError(`${obj.kind} without metadata.name`);
    if (type.namespaced) obj.metadata.namespace = obj.metadata.namespace || 'default';
    else delete obj.metadata.namespace;
    if (type.group === '' && type.plural === 'secrets') normaliseSecret(obj);
    const bucket = this.byType.get(type) ?? [];
    const index = bucket.findIndex((o) => storageKey(o) === storageKey(obj));
    const prior = index >= 0 ? bucket[index] : undefined;
    this.rv += 1;
    obj.metadata.uid = prior?.metadata.uid ?? obj.metadata.uid ?? deterministicUid(`${type.group}/${type.plural}/${storageKey(obj)}/${this.rv}`);
    obj.metadata.creationTimestamp = prior?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    obj.metadata.resourceVersion = String(this.rv);
    if (index >= 0) bucket[index] = obj;
    else {
      bucket.push(obj);
      bucket.sort((a, b) => (storageKey(a) < storageKey(b) ? -1 : storageKey(a) > storageKey(b) ? 1 : 0));
    }
    this.byType.set(type, bucket);
    return { type, event: prior ? 'MODIFIED' : 'ADDED', object: obj };
  }

  /** Deletes one object; resolves to its last state stamped with the deletion's resourceVersion (as a DELETED watch event carries it). */
  removeObject(apiVersion: string, kind: string, name: string, namespace?: string): { type: ResourceType; object: KubeObject } | undefined {
    const type = this.registry.forObject(apiVersion, kind);
    if (!type) throw new StoreError(`unknown kind ${kind} (apiVersion ${apiVersion})`);
    const bucket = this.byType.get(type) ?? [];
    const ns = type.namespaced ? namespace || 'default' : undefined;
    const index = bucket.findIndex((o) => o.metadata.name === name && (!type.namespaced || o.metadata.namespace === ns));
    if (index < 0) return undefined;
    const [removed] = bucket.splice(index, 1);
    this.rv += 1;
    const object = structuredClone(removed);
    object.metadata.resourceVersion = String(this.rv);
    return { type, object };
  }

  private decodeContinue(token: string): ContinuePayload {
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw new ExpiredContinueError('continue token is not valid');
    }
    if (!isObject(payload) || payload.v !== 'meta.k8s.io/v1' || typeof payload.start !== 'string' || typeof payload.rv !== 'string') {
      throw new ExpiredContinueError('continue token is not valid');
    }
    // Writes since the first page do not expire the token (pages continue over the live objects); a reload does.
    if (!payload.rv.startsWith(`${this.generation}.`)) {
      throw new ExpiredContinueError('continue token refers to a compacted resource version');
    }
    return { v: payload.v, rv: payload.rv, start: payload.start };
  }
}

/** As the API server does on write: stringData is merged into data (base64) and never served. */
function normaliseSecret(secret: KubeObject): void {
  const stringData = secret.stringData;
  if (!isObject(stringData)) return;
  const data: Record<string, unknown> = isObject(secret.data) ? { ...secret.data } : {};
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

type LabelPredicate = (labels: Record<string, string>) => boolean;

/** Kubernetes label selector syntax (lib/k8s/label-selector.ts). Throws StoreError on bad syntax. */
export function parseLabelSelector(selector: string): LabelPredicate {
  let parsed: V1LabelSelector;
  try {
    parsed = parseSelectorText(selector);
  } catch (err) {
    if (err instanceof LabelSelectorSyntaxError) throw new StoreError(`unable to parse requirement: ${err.message}`);
    throw err;
  }
  return (labels) => selectorMatches(parsed, labels);
}

function valueAtPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Field selectors: comma-separated `path=value`, `path==value`, `path!=value` on dotted paths. */
export function parseFieldSelector(selector: string): (obj: KubeObject) => boolean {
  const terms = selector.split(',').map((t) => t.trim()).filter(Boolean);
  const preds = terms.map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new StoreError(`invalid field selector: ${term}`);
    const [, path, op, value] = m;
    return (o: KubeObject) => {
      const v = valueAtPath(o, path);
      const s = v === undefined || v === null ? '' : String(v);
      return op === '!=' ? s !== value : s === value;
    };
  });
  return (o) => preds.every((p) => p(o));
}
