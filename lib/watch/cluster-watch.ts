/**
 * Keeps one cluster's snapshot current from the API server's watch streams.
 *
 * 1. A full collection (collectClusterSnapshot) is the base: every kind, kubelet configuration,
 *    coverage gaps.
 * 2. For each watched kind (the collector's core lists, Secrets excepted: their metadata-only
 *    lists carry a type the watch cannot), list with pagination and keep the list's
 *    resourceVersion, then watch from it with bookmarks. Events update that kind's objects
 *    (sanitized as the collector does); a BOOKMARK moves the resourceVersion on.
 * 3. 410 Gone (an HTTP 410, or an ERROR event with code 410: the history was compacted) → relist
 *    that kind. A dropped connection or a failed request → reconnect from the last
 *    resourceVersion after an exponential backoff with jitter (reset by the next event).
 *    A 403 on the watch (an identity granted `list` but not `watch`, like the default scanner
 *    ClusterRole) turns that kind into polling: it is relisted every `pollMs` and the differences
 *    are the changes. Grant `watch` on the same resources for push-based updates.
 * 4. Changes are debounced: `debounceMs` after the last change (at most `maxDelayMs` after the
 *    first), `onChanges` gets the current snapshot (the base with the watched kinds replaced) and
 *    the changes that led to it. Kinds that are not watched stay as the base collection saw them;
 *    scheduled full scans refresh them.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { CORE_LISTS, collectClusterSnapshot, listPath, METADATA_ONLY_ACCEPT, type CollectOptions, type ListSpec } from '../k8s/collect';
import { ApiStatusError, KubeHttp } from '../k8s/collect/http';
import { SnapshotBuilder } from '../k8s/load/builder';
import { objectsKeyFor, sanitizeObject } from '../k8s/load/classify';
import type { ClusterSnapshot, SnapshotObjects } from '../k8s/snapshot';
import { streamWatch, WatchHttpError, type WatchEvent } from './stream';

/** The object change that a re-evaluation follows (recorded on the findings it opens). */
export interface ObservedChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace?: string;
  name: string;
  resourceVersion: string;
  /** ISO time Rampart saw the change. */
  at: string;
}

export interface ClusterWatchOptions {
  onChanges: (snapshot: ClusterSnapshot, changes: ObservedChange[]) => Promise<void>;
  /** Problems worth a log line (reconnects, relists); never credentials. */
  log?: (message: string) => void;
  /** Quiet time after the last change before re-evaluating (default 3 s). */
  debounceMs?: number;
  /** Longest wait after the first change of a burst (default 15 s). */
  maxDelayMs?: number;
  /** First reconnect delay, doubled per failure up to backoffMaxMs (default 1 s / 30 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Kinds the identity may list but not watch are relisted this often (default 60 s). */
  pollMs?: number;
  /** Server-side end of each watch request (default 300 s); the watch then resumes from its resourceVersion. */
  watchTimeoutSeconds?: number;
  collect?: Pick<CollectOptions, 'timeoutMs' | 'retries' | 'backoffBaseMs' | 'pageSize'>;
  sourceName?: string;
}

/** What the watch has done, for status displays and tests. */
export interface ClusterWatchStats {
  lists: number;
  relistsAfterGone: number;
  reconnects: number;
  /** Kinds polled by relisting because their watch is forbidden. */
  polledKinds: number;
  events: number;
  evaluations: number;
}

interface KindState {
  spec: ListSpec;
  bucket: keyof SnapshotObjects;
  apiVersion: string;
  objects: Map<string, Record<string, unknown>>;
  resourceVersion: string;
  failures: number;
  /** The identity may not watch this kind: it is relisted every pollMs instead. */
  polled?: boolean;
}

const WATCHED: readonly ListSpec[] = CORE_LISTS.filter((l) => l.resource !== 'secrets');

const keyOf = (obj: Record<string, unknown>): string => {
  const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
};

export class ClusterWatch {
  readonly stats: ClusterWatchStats = { lists: 0, relistsAfterGone: 0, reconnects: 0, events: 0, evaluations: 0, polledKinds: 0 };
  private base: ClusterSnapshot | undefined;
  private readonly kinds: KindState[] = [];
  private readonly abort = new AbortController();
  private pending: ObservedChange[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  private evaluating: Promise<void> = Promise.resolve();
  private loops: Array<Promise<void>> = [];
  private readonly http: KubeHttp;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: ClusterWatchOptions,
  ) {
    this.http = new KubeHttp(kc, { timeoutMs: options.collect?.timeoutMs ?? 30_000, retries: options.collect?.retries ?? 4, backoffBaseMs: options.collect?.backoffBaseMs, signal: this.abort.signal });
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Collects the base snapshot and lists every watched kind; resolves once all watches are running. */
  async start(): Promise<void> {
    this.base = await collectClusterSnapshot(this.kc, { ...this.options.collect, signal: this.abort.signal, sourceName: this.options.sourceName });
    for (const spec of WATCHED) {
      const apiVersion = spec.group ? `${spec.group}/${spec.version}` : spec.version;
      const bucket = objectsKeyFor(apiVersion, spec.kind);
      if (!bucket) continue;
      const state: KindState = { spec, bucket, apiVersion, objects: new Map(), resourceVersion: '', failures: 0 };
      this.kinds.push(state);
    }
    await Promise.all(this.kinds.map((k) => this.list(k).catch(() => undefined))); // a failed first list is retried by its loop
    this.loops = this.kinds.map((k) => this.run(k));
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error('watch stopped'));
    clearTimeout(this.debounce);
    await Promise.allSettled(this.loops);
    await this.evaluating.catch(() => undefined);
    await this.http.close();
  }

  /** The snapshot as the watches see it now: the base with every watched kind replaced by its current objects. */
  currentSnapshot(): ClusterSnapshot {
    if (!this.base) throw new Error('watch not started');
    const builder = new SnapshotBuilder();
    const watched = new Set(this.kinds.filter((k) => k.resourceVersion).map((k) => k.bucket));
    for (const [bucket, list] of Object.entries(this.base.objects) as Array<[keyof SnapshotObjects, unknown[]]>) {
      if (!watched.has(bucket)) for (const obj of list) builder.add(structuredClone(obj));
    }
    for (const k of this.kinds) if (k.resourceVersion) for (const obj of k.objects.values()) builder.add(structuredClone(obj));
    for (const kubelet of this.base.kubelets) builder.addKubelet(structuredClone(kubelet));
    builder.gaps.push(...this.base.coverage.gaps);
    return builder.build(this.base.source, { serverVersion: this.base.serverVersion, collectedAt: new Date().toISOString() });
  }

  private sanitize(k: KindState, raw: Record<string, unknown>): Record<string, unknown> {
    raw.apiVersion = k.apiVersion;
    raw.kind = k.spec.kind;
    return sanitizeObject(k.bucket, raw) as unknown as Record<string, unknown>;
  }

  /** Lists one kind (all pages); a relist reports what changed since the objects it replaces. */
  private async list(k: KindState): Promise<void> {
    const pageSize = this.options.collect?.pageSize ?? 500;
    const next = new Map<string, Record<string, unknown>>();
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (token) query.set('continue', token);
      const body = (await this.http.getJson(`${listPath(k.spec)}?${query.toString()}`, k.spec.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json')) as {
        items?: Array<Record<string, unknown>>;
        metadata?: { continue?: string; resourceVersion?: string };
      };
      for (const raw of body.items ?? []) {
        const obj = this.sanitize(k, raw);
        next.set(keyOf(obj), obj);
      }
      token = body.metadata?.continue || undefined;
      resourceVersion = body.metadata?.resourceVersion ?? '';
    } while (token);
    const relist = k.resourceVersion !== '' || k.objects.size > 0;
    if (relist) {
      for (const [key, obj] of next) {
        const old = k.objects.get(key);
        if (!old || rvOf(old) !== rvOf(obj)) this.changed(k, old ? 'MODIFIED' : 'ADDED', obj);
      }
      for (const [key, old] of k.objects) if (!next.has(key)) this.changed(k, 'DELETED', old);
    }
    k.objects = next;
    k.resourceVersion = resourceVersion || '0';
    this.stats.lists++;
  }

  /** list (when needed) + watch, forever, until stopped. */
  private async run(k: KindState): Promise<void> {
    while (!this.stopped) {
      try {
        if (k.polled) {
          await sleep(this.options.pollMs ?? 60_000, this.abort.signal).catch(() => undefined);
          if (!this.stopped) await this.list(k);
          continue;
        }
        if (!k.resourceVersion) await this.list(k);
        const query = new URLSearchParams({
          watch: '1',
          resourceVersion: k.resourceVersion,
          allowWatchBookmarks: 'true',
          timeoutSeconds: String(this.options.watchTimeoutSeconds ?? 300),
        });
        let gone = false;
        await streamWatch(
          this.kc,
          `${this.http.server}${listPath(k.spec)}?${query.toString()}`,
          (event) => {
            if (this.onEvent(k, event) === 'gone') gone = true;
          },
          { accept: k.spec.metadataOnly ? 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json' : 'application/json', signal: this.abort.signal },
        );
        if (gone) this.gone(k);
        // A clean end (timeoutSeconds, server shutdown): resume from the resourceVersion reached.
      } catch (err) {
        if (this.stopped) return;
        if ((err instanceof WatchHttpError || err instanceof ApiStatusError) && err.status === 410) {
          this.gone(k);
          continue;
        }
        if (err instanceof WatchHttpError && err.status === 403 && !k.polled) {
          k.polled = true;
          this.stats.polledKinds++;
          this.options.log?.(`may not watch ${k.spec.resource} (403): relisting it every ${Math.round((this.options.pollMs ?? 60_000) / 1000)} s instead; grant "watch" for push-based updates`);
          continue;
        }
        k.failures++;
        this.stats.reconnects++;
        const delay = Math.min(this.options.backoffMaxMs ?? 30_000, (this.options.backoffBaseMs ?? 1000) * 2 ** Math.min(k.failures - 1, 10));
        this.options.log?.(`watch of ${k.spec.resource} failed (${err instanceof Error ? err.message : String(err)}); reconnecting in ${Math.round(delay)} ms`);
        await sleep(delay * (0.5 + Math.random() / 2), this.abort.signal).catch(() => undefined);
      }
    }
  }

  private gone(k: KindState): void {
    this.stats.relistsAfterGone++;
    this.options.log?.(`watch of ${k.spec.resource}: resourceVersion ${k.resourceVersion} is too old (410 Gone); relisting`);
    k.resourceVersion = '';
  }

  private onEvent(k: KindState, event: WatchEvent): 'gone' | undefined {
    if (event.type === 'ERROR') {
      if ((event.object as { code?: unknown }).code === 410) return 'gone';
      throw new Error(`watch error event: ${String((event.object as { message?: unknown }).message ?? 'unknown')}`);
    }
    k.failures = 0;
    const rv = rvOf(event.object);
    if (rv) k.resourceVersion = rv;
    if (event.type === 'BOOKMARK') return undefined;
    this.stats.events++;
    const obj = this.sanitize(k, event.object);
    if (event.type === 'DELETED') k.objects.delete(keyOf(obj));
    else k.objects.set(keyOf(obj), obj);
    this.changed(k, event.type, obj);
    return undefined;
  }

  private changed(k: KindState, type: ObservedChange['type'], obj: Record<string, unknown>): void {
    const meta = (obj.metadata ?? {}) as { namespace?: string; name?: string };
    this.pending.push({ type, kind: k.spec.kind, namespace: meta.namespace, name: meta.name ?? '', resourceVersion: rvOf(obj), at: new Date().toISOString() });
    const now = Date.now();
    if (this.pending.length === 1) this.firstPendingAt = now;
    const wait = Math.max(0, Math.min(this.options.debounceMs ?? 3000, this.firstPendingAt + (this.options.maxDelayMs ?? 15_000) - now));
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.flush(), wait);
  }

  /** Re-evaluates once for every change pending now (one evaluation at a time). */
  private flush(): void {
    this.evaluating = this.evaluating.then(async () => {
      if (this.stopped || this.pending.length === 0) return;
      const changes = this.pending;
      this.pending = [];
      try {
        this.stats.evaluations++;
        await this.options.onChanges(this.currentSnapshot(), changes);
      } catch (err) {
        // Kept for the next attempt (a scan of the cluster was running, the database was away …).
        this.pending = [...changes, ...this.pending];
        const retryMs = this.options.maxDelayMs ?? 15_000;
        this.options.log?.(`re-evaluation after ${changes.length} change(s) failed (${err instanceof Error ? err.message : String(err)}); retrying in ${Math.round(retryMs / 1000)} s`);
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.flush(), retryMs);
      }
    });
  }
}

function rvOf(obj: Record<string, unknown>): string {
  const meta = obj.metadata as { resourceVersion?: unknown } | undefined;
  return typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : '';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}
