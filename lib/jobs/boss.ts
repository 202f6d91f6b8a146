/**
 * pg-boss on Rampart's own database: jobs and schedules live in lib/jobs/ (docs/ARCHITECTURE.md,
 * "The pipeline", persist). With DATABASE_URL: its own small node-postgres pool; embedded: the
 * process's PGlite instance through `fromPglite` (STACK.md).
 *
 * Queues
 * - `scan`      policy singleton, singletonKey = cluster id: at most one scan job per cluster is
 *               active at a time, in every process. Retries with exponential backoff; a heartbeat
 *               lets a crashed worker's job be retried within about a minute.
 * - `scan-tick` a cron job every minute (pg-boss sends it once per minute across all processes):
 *               enqueues clusters whose schedule came due and reconciles interrupted scans.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PgBoss, fromPglite, type ConstructorOptions } from 'pg-boss';
import { getConfig } from '../config';
import { getEmbeddedPglite } from '../db/client';
import { log } from '../log';
import { ensureQueue } from './queue';

export const SCAN_QUEUE = 'scan';
export const SCAN_TICK_QUEUE = 'scan-tick';
export const SCAN_TICK_CRON = '* * * * *';

export interface ScanQueueSettings {
  /** Retries after the first attempt (default 3). */
  retryLimit: number;
  /** First retry delay in seconds, doubled each time (default 15). */
  retryDelay: number;
  retryDelayMax: number;
  /** One attempt may run this long (default 1 h). */
  expireInSeconds: number;
  /** A worker that stops heart-beating this long loses the job (default 30 s, min 10). */
  heartbeatSeconds: number;
}

export const DEFAULT_SCAN_QUEUE_SETTINGS: ScanQueueSettings = {
  retryLimit: 3,
  retryDelay: 15,
  retryDelayMax: 300,
  expireInSeconds: 3600,
  heartbeatSeconds: 30,
};

export interface ScanJobData {
  scanId: string;
  clusterId: string;
}

/** Creates (if missing) and configures the queues. Safe to run from many processes at once. */
export async function ensureQueues(boss: PgBoss, settings: Partial<ScanQueueSettings> = {}): Promise<ScanQueueSettings> {
  const s = { ...DEFAULT_SCAN_QUEUE_SETTINGS, ...settings };
  const scanOptions = {
    retryLimit: s.retryLimit,
    retryDelay: s.retryDelay,
    retryBackoff: true,
    retryDelayMax: s.retryDelayMax,
    expireInSeconds: s.expireInSeconds,
    heartbeatSeconds: s.heartbeatSeconds,
    deleteAfterSeconds: 7 * 24 * 3600,
  };
  await ensureQueue(boss, SCAN_QUEUE, { policy: 'singleton', ...scanOptions });
  await ensureQueue(boss, SCAN_TICK_QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 300, deleteAfterSeconds: 24 * 3600 });
  return s;
}

export interface CreateBossOptions {
  /** PostgreSQL URL; default: DATABASE_URL, or the embedded database when unset. */
  connectionString?: string;
  /** An embedded database to use instead of the process's own (tests). */
  pglite?: PGlite;
  /** Extra pg-boss options (tests shorten supervise / cron intervals). */
  boss?: Partial<ConstructorOptions>;
}

/** A started pg-boss instance. Attach your own 'error' listener to log; one that only counts is attached. */
export async function createBoss(options: CreateBossOptions = {}): Promise<PgBoss> {
  const url = options.pglite ? undefined : (options.connectionString ?? getConfig().DATABASE_URL);
  const base: ConstructorOptions = url
    ? { connectionString: url, max: 4, application_name: 'rampart-jobs' }
    : { db: fromPglite(options.pglite ?? (await getEmbeddedPglite())), backend: 'pglite' };
  const boss = new PgBoss({ ...base, ...options.boss });
  // pg-boss emits 'error' for background failures (a dropped connection …); without a listener
  // an EventEmitter 'error' would crash the process.
  boss.on('error', (err: Error) => {
    log('jobs').error({ err: err.message }, 'pg-boss background error');
  });
  await boss.start();
  return boss;
}

interface BossState {
  boss?: Promise<PgBoss>;
}
const holder = globalThis as typeof globalThis & { __rampartBoss?: BossState };
const state: BossState = (holder.__rampartBoss ??= {});

/** The process-wide pg-boss (queues ensured), for route handlers and `rampart serve` / `worker`. */
export function getBoss(): Promise<PgBoss> {
  state.boss ??= (async () => {
    const boss = await createBoss();
    await ensureQueues(boss);
    return boss;
  })();
  state.boss.catch(() => {
    state.boss = undefined;
  });
  return state.boss;
}

/** Stops the process-wide pg-boss, letting running jobs finish for up to `timeoutMs`. */
export async function stopBoss(timeoutMs = 30_000): Promise<void> {
  const pending = state.boss;
  state.boss = undefined;
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
}
