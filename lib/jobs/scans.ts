/**
 * Scan jobs: enqueueing (one scan per cluster at a time), the worker that runs them, the
 * schedule tick, and the recovery sweep that keeps Scan rows consistent with job states.
 *
 * One scan per cluster: enqueueScan takes a transaction-scoped advisory lock on the cluster id,
 * returns the cluster's queued/running scan when there is one, and only otherwise creates the
 * Scan row (with the job id chosen up front) — so any number of processes and users racing on one
 * cluster create exactly one scan. The job is sent after the commit; the `scan` queue's singleton
 * policy (singletonKey = cluster id) additionally keeps two jobs of one cluster from running at once.
 *
 * Schedules: one `scan-tick` job per minute (pg-boss cron, sent once per minute across every
 * process) reads the clusters table, so adding / editing / disabling / deleting a cluster needs
 * no schedule bookkeeping. A cluster is due when its cron has a run after the latest of its
 * creation, its last edit, its last scheduled scan and the end of its last scan (any trigger),
 * and that run is not in the future: a run missed while no process was up is caught up once,
 * editing a schedule never fires a surprise scan for a time already past, and a run that finds
 * a scan in progress (say a manual one) counts that scan rather than queueing another after it.
 */
import { randomUUID } from 'node:crypto';
import type { PgBoss, Job } from 'pg-boss';
import { recordAudit } from '../auth/audit';
import type { SessionUser } from '../auth/types';
import type { Db, Scan } from '../db';
import { notifyScanFinished } from '../notifications/scan-events';
import { runScan, type RunScanOptions } from '../scans/run';
import { ScanNotRunnableError, ScanRunError } from '../scans/errors';
import { DEFAULT_SCAN_QUEUE_SETTINGS, ensureQueues, SCAN_QUEUE, SCAN_TICK_CRON, SCAN_TICK_QUEUE, type ScanJobData, type ScanQueueSettings } from './boss';
import { nextRunAfter, ScheduleError } from './schedule';
import { AppError } from '../api/errors';
import { clusterNotFound, isClusterNotFound } from '../clusters/errors';

export type ScanTriggerInput = 'manual' | 'schedule' | 'api' | 'agent';

export class ScanEnqueueError extends AppError {
  constructor(
    status: 409 | 503,
    readonly code: 'cluster-disabled' | 'queue-unavailable',
    message: string,
  ) {
    super(status, message, code);
  }
}

export interface EnqueueScanInput {
  clusterId: string;
  trigger: ScanTriggerInput;
  userId?: string | null;
  /** Audit the trigger ("scan.triggered") in the same transaction, when a scan is created. */
  audit?: { actor: SessionUser | null; ip?: string | null };
  /** trigger "schedule": the run this scan is for; a scheduled scan queued at/after it already covers it. */
  scheduledFor?: Date;
}

export interface EnqueueScanResult {
  scan: Scan;
  /** false: the cluster already had a queued or running scan (returned instead). */
  created: boolean;
}

function lockKey(clusterId: string): string {
  return `rampart:scan:${clusterId}`;
}

/** Creates a queued scan and its job, or returns the cluster's scan that is already queued/running. */
export async function enqueueScan(db: Db, input: EnqueueScanInput, boss: PgBoss): Promise<EnqueueScanResult> {
  const outcome = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(input.clusterId)}))`;
    const cluster = await tx.cluster.findUnique({ where: { id: input.clusterId }, select: { id: true, name: true, enabled: true } });
    if (!cluster) throw clusterNotFound(input.clusterId);
    const active = await tx.scan.findFirst({ where: { clusterId: cluster.id, status: { in: ['queued', 'running'] } }, orderBy: { queuedAt: 'asc' } });
    if (active) return { scan: active, created: false };
    if (input.trigger === 'schedule') {
      if (!cluster.enabled) throw new ScanEnqueueError(409, 'cluster-disabled', `Cluster "${cluster.name}" is disabled.`);
      if (input.scheduledFor) {
        // Covered already: a scan (any trigger) queued at/after the run time, or one that was running at it.
        const at = input.scheduledFor;
        const covering = await tx.scan.findFirst({
          where: { clusterId: cluster.id, OR: [{ queuedAt: { gte: at } }, { queuedAt: { lte: at }, finishedAt: { gte: at } }] },
          orderBy: { queuedAt: 'desc' },
        });
        if (covering) return { scan: covering, created: false };
      }
    } else if (!cluster.enabled) {
      throw new ScanEnqueueError(409, 'cluster-disabled', `Cluster "${cluster.name}" is disabled: enable it to scan.`);
    }
    const scan = await tx.scan.create({
      data: {
        clusterId: cluster.id,
        trigger: input.trigger,
        triggeredById: input.userId ?? null,
        status: 'queued',
        jobId: randomUUID(),
        phase: 'queued',
        progress: { message: 'Waiting for a worker', done: 0, total: 0 },
      },
    });
    if (input.audit) {
      await recordAudit(tx, {
        actor: input.audit.actor,
        ip: input.audit.ip,
        action: 'scan.triggered',
        targetType: 'scan',
        targetId: scan.id,
        details: { clusterId: cluster.id, clusterName: cluster.name, trigger: input.trigger },
      });
    }
    return { scan, created: true };
  });
  if (outcome.created) {
    try {
      await sendScanJob(boss, outcome.scan);
    } catch (err) {
      await db.scan.updateMany({
        where: { id: outcome.scan.id, status: 'queued' },
        data: { status: 'failed', finishedAt: new Date(), errorCode: 'internal', error: 'The scan could not be queued (the job queue is unavailable). Try again in a moment.' },
      });
      throw new ScanEnqueueError(503, 'queue-unavailable', `The scan could not be queued: ${(err as Error).message}`);
    }
  }
  return outcome;
}

async function sendScanJob(boss: PgBoss, scan: Pick<Scan, 'id' | 'clusterId' | 'jobId'>): Promise<void> {
  const data: ScanJobData = { scanId: scan.id, clusterId: scan.clusterId };
  await boss.send(SCAN_QUEUE, data, { id: scan.jobId ?? undefined, singletonKey: scan.clusterId });
}

// ───────────────────────────── the worker ─────────────────────────────

export interface ScanJobOutcome {
  scanId: string;
  status: 'succeeded' | 'failed' | 'skipped';
  errorCode?: string;
}

/** Runs one scan job. Throws (so pg-boss retries) only when the scan went back to "queued". */
export async function handleScanJob(db: Db, job: Pick<Job<ScanJobData>, 'data' | 'retryCount' | 'signal'>, retryLimit: number, run: Omit<RunScanOptions, 'signal' | 'retryTransient' | 'attempt'> = {}): Promise<ScanJobOutcome> {
  const { scanId } = job.data;
  try {
    await runScan(db, scanId, { ...run, signal: job.signal, attempt: job.retryCount + 1, retryTransient: job.retryCount < retryLimit });
    return { scanId, status: 'succeeded' };
  } catch (err) {
    if (err instanceof ScanNotRunnableError) return { scanId, status: 'skipped' };
    if (err instanceof ScanRunError && !err.retrying) return { scanId, status: 'failed', errorCode: err.code };
    throw err;
  }
}

/**
 * How often an idle scan slot looks for the next job. pg-boss waits this long after every job too,
 * so it caps a slot at one scan per interval: at 2 s one worker re-scanned a 50-cluster fleet at
 * 3,463 scans per hour, at 0.5 s (pg-boss's minimum) at 7,911 (docs/BENCHMARKS.md, fleet).
 */
export const SCAN_POLL_SECONDS = 0.5;

export interface ScanWorkerOptions {
  db: Db;
  boss: PgBoss;
  /** Scans this process runs at once (default RAMPART_WORKER_CONCURRENCY). */
  concurrency: number;
  queue?: Partial<ScanQueueSettings>;
  /** Seconds between polls for new jobs: scan jobs (default SCAN_POLL_SECONDS) and the schedule tick (default 2). */
  pollingIntervalSeconds?: number;
  /** Run the per-minute schedule tick (default true). */
  schedules?: boolean;
  run?: Omit<RunScanOptions, 'signal' | 'retryTransient' | 'attempt'>;
  log?: (message: string) => void;
}

export interface ScanWorker {
  /** Stops taking new jobs; waits for running ones when `wait` (default true). */
  stop(options?: { wait?: boolean }): Promise<void>;
}

/** Registers this process as a scan worker (and schedule ticker). Recovers interrupted scans first. */
export async function startScanWorker(options: ScanWorkerOptions): Promise<ScanWorker> {
  const { db, boss } = options;
  const log = options.log ?? (() => undefined);
  const settings = await ensureQueues(boss, options.queue);
  const recovered = await recoverScans(db, boss);
  if (recovered.requeued + recovered.failed + recovered.resent > 0) {
    log(`recovered interrupted scans: ${recovered.requeued} waiting for retry, ${recovered.resent} re-sent, ${recovered.failed} marked failed`);
  }
  await boss.work<ScanJobData>(
    SCAN_QUEUE,
    { localConcurrency: options.concurrency, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? SCAN_POLL_SECONDS },
    async ([job]) => {
      if (!job) return null;
      const outcome = await handleScanJob(db, job, settings.retryLimit, options.run);
      log(`scan ${outcome.scanId}: ${outcome.status}${outcome.errorCode ? ` (${outcome.errorCode})` : ''}`);
      // Webhooks for the finished scan (new critical/high findings, grade drop, failure streak); never throws.
      if (outcome.status !== 'skipped') await notifyScanFinished(db, outcome.scanId);
      return outcome;
    },
  );
  const schedules = options.schedules ?? true;
  if (schedules) {
    await boss.work(SCAN_TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
      const tick = await runScheduleTick(db, boss);
      await recoverScans(db, boss);
      return tick;
    });
    await boss.schedule(SCAN_TICK_QUEUE, SCAN_TICK_CRON, {}, { tz: 'UTC' });
  }
  return {
    async stop({ wait = true } = {}) {
      await boss.offWork(SCAN_QUEUE, { wait });
      if (schedules) await boss.offWork(SCAN_TICK_QUEUE, { wait });
    },
  };
}

// ───────────────────────────── schedules ─────────────────────────────

export interface ScheduleTickResult {
  enqueued: string[];
  /** Clusters whose schedule is invalid: { clusterId, message }. */
  invalid: Array<{ clusterId: string; message: string }>;
}

/** Enqueues a scheduled scan for every enabled cluster whose schedule came due by `now`. */
export async function runScheduleTick(db: Db, boss: PgBoss, now: Date = new Date()): Promise<ScheduleTickResult> {
  const clusters = await db.cluster.findMany({
    where: { enabled: true },
    select: { id: true, scanSchedule: true, scheduleTimezone: true, createdAt: true, updatedAt: true },
  });
  const [lastScheduledRows, lastFinishedRows] = await Promise.all([
    db.scan.groupBy({ by: ['clusterId'], where: { trigger: 'schedule' }, _max: { queuedAt: true } }),
    db.scan.groupBy({ by: ['clusterId'], _max: { finishedAt: true } }),
  ]);
  const lastScheduled = new Map(lastScheduledRows.map((r) => [r.clusterId, r._max.queuedAt]));
  const lastFinished = new Map(lastFinishedRows.map((r) => [r.clusterId, r._max.finishedAt]));
  const result: ScheduleTickResult = { enqueued: [], invalid: [] };
  for (const c of clusters) {
    const refs = [c.createdAt, c.updatedAt, lastScheduled.get(c.id) ?? null, lastFinished.get(c.id) ?? null].filter((d): d is Date => d instanceof Date);
    const since = new Date(Math.max(...refs.map((d) => d.getTime())));
    let due: Date | null;
    try {
      due = nextRunAfter(c.scanSchedule, c.scheduleTimezone, since);
    } catch (err) {
      if (err instanceof ScheduleError) {
        result.invalid.push({ clusterId: c.id, message: err.message });
        continue;
      }
      throw err;
    }
    if (!due || due.getTime() > now.getTime()) continue;
    try {
      const { created } = await enqueueScan(db, { clusterId: c.id, trigger: 'schedule', scheduledFor: due }, boss);
      if (created) result.enqueued.push(c.id);
    } catch (err) {
      if ((err instanceof ScanEnqueueError && err.code !== 'queue-unavailable') || isClusterNotFound(err)) continue; // deleted / disabled meanwhile
      throw err;
    }
  }
  return result;
}

// ───────────────────────────── recovery ─────────────────────────────

export interface RecoveryResult {
  /** Running scans whose worker died; pg-boss retries the job, the row says so. */
  requeued: number;
  /** Queued scans whose job was missing; the job was sent again. */
  resent: number;
  /** Scans whose job ended without finishing them (retries exhausted, expired, cancelled). */
  failed: number;
}

const INTERRUPTED_MESSAGE =
  'The scan was interrupted (the worker running it stopped or timed out) and could not be completed after retries. No partial results were saved; start a new scan.';

/**
 * Makes Scan rows agree with their jobs: a "running" scan whose job is waiting for a retry goes
 * back to "queued"; a queued/running scan whose job ended (failed, cancelled, completed) or
 * vanished is failed with a clear message; a queued scan whose job was never sent is sent.
 * Nothing is half-written either way: results are saved in one transaction.
 */
export async function recoverScans(db: Db, boss: PgBoss, options: { graceMs?: number; now?: Date } = {}): Promise<RecoveryResult> {
  const now = options.now ?? new Date();
  const graceMs = options.graceMs ?? 60_000;
  const result: RecoveryResult = { requeued: 0, resent: 0, failed: 0 };
  const scans = await db.scan.findMany({
    where: { status: { in: ['queued', 'running'] } },
    select: { id: true, clusterId: true, jobId: true, status: true, queuedAt: true, startedAt: true },
  });
  for (const scan of scans) {
    const old = now.getTime() - scan.queuedAt.getTime() > graceMs;
    if (!scan.jobId && scan.status === 'running') continue; // not run through the queue (e.g. written by a CLI): not ours to judge
    const jobs = scan.jobId ? await boss.findJobs<ScanJobData>(SCAN_QUEUE, { id: scan.jobId }) : [];
    const job = jobs[0];
    if (!job) {
      if (!old) continue; // enqueueScan sends the job right after its commit
      if (scan.status === 'queued') {
        const jobId = scan.jobId ?? randomUUID();
        if (!scan.jobId) await db.scan.updateMany({ where: { id: scan.id, status: 'queued' }, data: { jobId } });
        await sendScanJob(boss, { id: scan.id, clusterId: scan.clusterId, jobId });
        result.resent++;
      } else {
        result.failed += await failScan(db, scan.id, 'running', scan.startedAt, now);
      }
      continue;
    }
    if (job.state === 'created' || job.state === 'retry') {
      if (scan.status === 'running') {
        const n = await db.scan.updateMany({
          where: { id: scan.id, status: 'running' },
          data: { status: 'queued', phase: 'retrying', errorCode: 'interrupted', error: 'The worker running this scan stopped before it finished; the scan will be retried.' },
        });
        result.requeued += n.count;
      }
    } else if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'completed') {
      result.failed += await failScan(db, scan.id, scan.status as 'queued' | 'running', scan.startedAt, now);
    }
  }
  return result;
}

async function failScan(db: Db, scanId: string, status: 'queued' | 'running', startedAt: Date | null, now: Date): Promise<number> {
  const n = await db.scan.updateMany({
    where: { id: scanId, status },
    data: { status: 'failed', finishedAt: now, durationMs: startedAt ? now.getTime() - startedAt.getTime() : null, errorCode: 'interrupted', error: INTERRUPTED_MESSAGE },
  });
  return n.count;
}

export { DEFAULT_SCAN_QUEUE_SETTINGS };
