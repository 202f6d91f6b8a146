/**
 * Watch mode in a worker process (`rampart worker`; never in the web process): every `pollMs` the
 * manager reads which clusters have watch mode on, holds a lease on each one it watches (columns
 * watch_lease_holder / watch_lease_until on the cluster, renewed every poll) so that among any
 * number of workers exactly one watches a cluster, and starts or stops ClusterWatches to match.
 * A worker that dies stops renewing; another takes the cluster over when the lease expires.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { clusterKubeConfig } from '../clusters/service';
import type { Db } from '../db';
import { ClusterWatch, type ClusterWatchOptions } from './cluster-watch';
import { recordWatchScan } from './record';

export interface WatchManagerOptions {
  db: Db;
  /** How often to look for watch-mode clusters and renew leases (default 15 s). */
  pollMs?: number;
  /** Lease length (default 3 × pollMs). */
  leaseMs?: number;
  /** Tuning of each cluster's watch (tests shorten debounce and backoff). */
  watch?: Omit<ClusterWatchOptions, 'onChanges' | 'sourceName'>;
  log?: (message: string) => void;
}

export class WatchManager {
  readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly watches = new Map<string, ClusterWatch>();
  private readonly starting = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: WatchManagerOptions) {}

  private get pollMs(): number {
    return this.options.pollMs ?? 15_000;
  }

  /** The running watch of a cluster, if this manager holds it. */
  watchOf(clusterId: string): ClusterWatch | undefined {
    return this.watches.get(clusterId);
  }

  start(): void {
    const loop = () => {
      this.ticking = this.ticking.then(() => this.tick()).catch((err: unknown) => this.options.log?.(`watch manager: ${err instanceof Error ? err.message : String(err)}`));
      void this.ticking.then(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking.catch(() => undefined);
    const ids = [...this.watches.keys()];
    await Promise.all(ids.map((id) => this.stopWatch(id)));
  }

  /** One pass: claim or renew leases of watch-mode clusters, start what is new, stop what is gone. */
  async tick(now: Date = new Date()): Promise<void> {
    const { db } = this.options;
    const wanted = await db.cluster.findMany({ where: { watchMode: true, enabled: true }, select: { id: true } });
    const wantedIds = new Set(wanted.map((c) => c.id));
    for (const id of [...this.watches.keys()]) if (!wantedIds.has(id)) await this.stopWatch(id);
    const until = new Date(now.getTime() + (this.options.leaseMs ?? this.pollMs * 3));
    for (const { id } of wanted) {
      const claimed = await db.cluster.updateMany({
        where: { id, watchMode: true, OR: [{ watchLeaseHolder: null }, { watchLeaseHolder: this.holder }, { watchLeaseUntil: { lt: now } }] },
        data: { watchLeaseHolder: this.holder, watchLeaseUntil: until },
      });
      if (claimed.count === 0) {
        if (this.watches.has(id)) await this.stopWatch(id, false); // another worker holds it now
        continue;
      }
      if (!this.watches.has(id) && !this.starting.has(id) && !this.stopped) this.startWatch(id);
    }
  }

  private startWatch(clusterId: string): void {
    const { db, log } = this.options;
    this.starting.add(clusterId);
    void (async () => {
      let w: ClusterWatch | undefined;
      try {
        const kc = await clusterKubeConfig(db, clusterId);
        w = new ClusterWatch(kc, {
          ...this.options.watch,
          log: (m) => log?.(`cluster ${clusterId}: ${m}`),
          sourceName: clusterId,
          onChanges: (snapshot, changes) => recordWatchScan(db, clusterId, snapshot, changes).then(() => undefined),
        });
        this.watches.set(clusterId, w);
        this.starting.delete(clusterId);
        await w.start();
        log?.(`cluster ${clusterId}: watching`);
      } catch (err) {
        log?.(`cluster ${clusterId}: watch could not start (${err instanceof Error ? err.message : String(err)}); retrying at the next poll`);
        if (w && this.watches.get(clusterId) === w) await this.stopWatch(clusterId);
      } finally {
        this.starting.delete(clusterId);
      }
    })();
  }

  private async stopWatch(clusterId: string, release = true): Promise<void> {
    const w = this.watches.get(clusterId);
    this.watches.delete(clusterId);
    await w?.stop().catch(() => undefined);
    if (release) {
      await this.options.db.cluster
        .updateMany({ where: { id: clusterId, watchLeaseHolder: this.holder }, data: { watchLeaseHolder: null, watchLeaseUntil: null } })
        .catch(() => undefined);
    }
  }
}
