/**
 * Running one queued scan end to end (docs/ARCHITECTURE.md pipeline):
 *
 *   connect  decrypt the cluster's stored credentials → KubeConfig
 *   collect  list every kind the checks read (progress: kinds N of M, objects so far)
 *   evaluate run the check catalog (progress: checks N of M)
 *   persist  persistEvaluation → persistScan: findings lifecycle, aggregates, RBAC-graph artifact, workload ranking, scan → succeeded,
 *            all in ONE transaction
 *
 * Progress is written to Scan.phase / Scan.progress at most every `progressIntervalMs` (500 ms)
 * and at every phase change, so a UI polling the scan sees it move.
 *
 * Failures: the scan row gets a user-facing `error` and an `errorCode` (lib/scans/errors.ts).
 * Because persist is one transaction, a failure anywhere leaves every earlier scan's data and the
 * findings exactly as they were. A transient failure (API server timeout / 5xx / 429 after the
 * collector's own retries, truncated bodies, lost database connection) with
 * `retryTransient: true` puts the scan back to "queued" and throws a ScanRunError with
 * `retrying: true` so the job queue tries again; anything else marks the scan "failed".
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { clusterKubeConfig } from '../clusters/service';
import { ClusterError, isClusterNotFound } from '../clusters/errors';
import { getConfig } from '../config';
import type { Db, DbTransaction, Prisma } from '../db';
import { storableText } from '../k8s/storable-text';
import { DEFAULT_SCAN_SETTINGS, type ScanSettings } from '../checks/types';
import { collectClusterSnapshot, CollectError, type CollectOptions } from '../k8s/collect';
import { KubeconfigError, type KubeConfigBuildOptions } from '../k8s/connection';
import { mask } from '../k8s/mask';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { RBAC_ARTIFACT_KIND, rbacArtifactFromSnapshot } from '../rbac/explorer';
import { evaluateSnapshotAsync, type EvaluatedResult } from '../evaluation/evaluate';
import { ScanNotRunnableError, ScanRunError, type ScanErrorCode } from './errors';
import type { PersistScanSummary } from './persist';
import { countObjects, persistEvaluation } from './persist-evaluation';
import { latestAgentSnapshot } from '../agent/ingest';
import type { ScanProgress } from './progress';
import { getTrustedRegistries } from './trusted-registries';

export type { ScanProgress } from './progress';

export { ScanRunError, ScanNotRunnableError } from './errors';

export type ScanPhase = 'connect' | 'collect' | 'evaluate' | 'persist' | 'done';

export interface RunScanOptions {
  signal?: AbortSignal;
  /** On a transient failure: true → back to "queued" and throw (the queue retries); false → failed. */
  retryTransient?: boolean;
  /** 1-based attempt number, shown in progress. */
  attempt?: number;
  /** Collector tuning (tests lower timeouts and backoff). */
  collect?: Pick<CollectOptions, 'timeoutMs' | 'stallBudgetMs' | 'retries' | 'backoffBaseMs' | 'pageSize' | 'concurrency'>;
  kubeConfig?: KubeConfigBuildOptions;
  /** Minimum time between progress writes (default 500 ms). */
  progressIntervalMs?: number;
  /**
   * Record the scan as if it started at this instant (its finish is this plus the real duration):
   * for seeding a demo's history with real scans of earlier states. Default now.
   */
  startAt?: Date;
  /** Evaluate this snapshot instead of connecting and collecting (watch mode: the watches keep it current). */
  snapshot?: ClusterSnapshot;
  /** Runs inside the persist transaction after the findings are written. */
  afterFindings?: (tx: DbTransaction) => Promise<void>;
}

export interface RunScanResult {
  scanId: string;
  summary: PersistScanSummary;
}


/** Runs the scan `scanId` (status queued or running). Throws ScanRunError / ScanNotRunnableError. */
export async function runScan(db: Db, scanId: string, options: RunScanOptions = {}): Promise<RunScanResult> {
  const realStart = Date.now();
  const startedAt = options.startAt ?? new Date(realStart);
  const clock = () => new Date(startedAt.getTime() + (Date.now() - realStart));
  const claimed = await db.scan.updateMany({
    where: { id: scanId, status: { in: ['queued', 'running'] } },
    data: {
      status: 'running',
      startedAt,
      finishedAt: null,
      phase: 'connect',
      progress: progressJson({ message: 'Connecting to the cluster', done: 0, total: 1, attempt: options.attempt }),
      error: null,
      errorCode: null,
    },
  });
  if (claimed.count === 0) throw new ScanNotRunnableError(`Scan ${scanId} does not exist or has already finished.`);
  const scan = await db.scan.findUniqueOrThrow({ where: { id: scanId }, select: { id: true, clusterId: true } });
  const progress = new ProgressWriter(db, scanId, options.progressIntervalMs ?? 500, options.attempt);

  try {
    // How long each phase took, for the scan's detail page.
    const phaseDurations: Record<string, number> = {};
    let phaseStarted = Date.now();
    const endPhase = (name: 'connect' | 'collect' | 'evaluate' | 'persist') => {
      const now = Date.now();
      phaseDurations[name] = now - phaseStarted;
      phaseStarted = now;
    };

    // connect + collect (or the snapshot given)
    const connectAndCollect = async (): Promise<ClusterSnapshot> => {
      // Agent clusters: the newest snapshot their agent uploaded; Rampart never connects to them.
      const uploaded = await latestAgentSnapshot(db, scan.clusterId);
      if (uploaded === 'none') throw new ScanRunError('credentials', 'No snapshot has been uploaded by this cluster\'s agent yet: deploy rampart agent (deploy/agent) with its enrolment token.');
      if (uploaded) {
        endPhase('connect');
        return uploaded;
      }
      const kc = await connect(db, scan.clusterId, options.kubeConfig);
      options.signal?.throwIfAborted();
      endPhase('connect');

      progress.set('collect', { message: 'Listing resources', done: 0, total: 0 }, true);
      try {
        const config = getConfig();
        return await collectClusterSnapshot(kc, {
          timeoutMs: config.RAMPART_KUBE_REQUEST_TIMEOUT_SECONDS * 1000,
          stallBudgetMs: config.RAMPART_SCAN_STALL_SECONDS * 1000,
          ...options.collect,
          signal: options.signal,
          sourceName: scan.clusterId,
          onProgress: (e) =>
            progress.set('collect', {
              message: `Listed ${e.kind} (${e.index} of ${e.total})`,
              done: e.index,
              total: e.total,
              kindsDone: e.index,
              kindsTotal: e.total,
              objects: e.objects,
            }),
        });
      } catch (err) {
        throw classifyCollectError(err, options.signal);
      }
    };
    const snapshot = options.snapshot ?? (await connectAndCollect());
    const objectCounts = countObjects(snapshot.objects);
    const objects = Object.values(objectCounts).reduce((a, b) => a + b, 0);
    const collected = progress.current;
    endPhase('collect');

    // evaluate
    const settings = await scanSettings(db);
    progress.set('evaluate', { ...collected, message: 'Evaluating checks', done: 0, total: 0, objects }, true);
    await progress.flush();
    const evaluation = await evaluateSnapshotAsync(snapshot, settings, {
      clusterKey: scan.clusterId,
      signal: options.signal,
      onProgress: (e) =>
        progress.set('evaluate', { ...collected, objects, message: `Evaluated ${e.checkId} (${e.index} of ${e.total})`, done: e.index, total: e.total, checksDone: e.index, checksTotal: e.total }),
    });
    // The RBAC-relevant objects (no Secret data, no container specs) for the RBAC explorer. Like a
    // check, it cannot stop the scan: without it the explorer has no graph for this scan.
    let rbacArtifact: ReturnType<typeof rbacArtifactFromSnapshot> | undefined;
    try {
      rbacArtifact = rbacArtifactFromSnapshot(snapshot);
    } catch (e) {
      evaluation.errors.push({ checkId: RBAC_ARTIFACT_KIND, message: e instanceof Error ? e.message : String(e) });
    }
    options.signal?.throwIfAborted();
    endPhase('evaluate');

    // persist
    progress.set('persist', { ...progress.current, message: 'Saving findings', done: 0, total: 1 }, true);
    await progress.flush();
    progress.close();
    const finishedAt = clock();
    const summary = await persistEvaluation(db, {
      clusterId: scan.clusterId,
      scanId,
      startedAt,
      finishedAt,
      snapshot,
      evaluation,
      afterFindings: options.afterFindings,
      inTransaction: async (tx) => {
        await assertStillRunning(tx, scanId);
        endPhase('persist');
        await tx.scan.update({ where: { id: scanId }, data: { phaseDurations, progress: progressJson({ ...progress.current, message: 'Scan complete', done: 1, total: 1 }) } });
        await tx.scanArtifact.deleteMany({ where: { scanId, kind: RBAC_ARTIFACT_KIND } });
        if (rbacArtifact) await tx.scanArtifact.create({ data: { scanId, kind: RBAC_ARTIFACT_KIND, data: rbacArtifact as unknown as Prisma.InputJsonValue } });
        await recordScanConnection(tx, scan.clusterId, finishedAt, snapshot.serverVersion);
      },
    });
    return { scanId, summary };
  } catch (err) {
    progress.close();
    if (err instanceof ScanNotRunnableError) throw err;
    // The reason may quote the cluster or an error's input: storable text, credentials masked, for the
    // scan row and for whoever logs the thrown error alike.
    const raw = toScanRunError(err, options.signal);
    const failure = new ScanRunError(raw.code, mask(storableText(raw.message)), { cause: err, final: raw.final });
    const retrying = Boolean(options.retryTransient) && failure.transient;
    await recordFailure(db, scanId, failure, retrying, options.attempt);
    throw new ScanRunError(failure.code, failure.message, { retrying, cause: err });
  }
}

/**
 * A successful scan is a successful connection: the cluster's connection status and Kubernetes
 * version come from the last successful scan or connection test, whichever is newer.
 */
async function recordScanConnection(tx: DbTransaction, clusterId: string, at: Date, version: string | undefined): Promise<void> {
  await tx.cluster.updateMany({
    where: { id: clusterId, OR: [{ lastConnectionAt: null }, { lastConnectionAt: { lt: at } }] },
    data: {
      lastConnectionAt: at,
      lastConnectionOk: true,
      lastConnectionMessage: storableText(`Connected: the scan succeeded${version ? ` (Kubernetes ${version})` : ''}.`),
      ...(version ? { serverVersion: storableText(version) } : {}),
    },
  });
}

// ───────────────────────────── connect ─────────────────────────────

async function connect(db: Db, clusterId: string, opts: KubeConfigBuildOptions | undefined): Promise<KubeConfig> {
  try {
    return await clusterKubeConfig(db, clusterId, opts);
  } catch (err) {
    if (isClusterNotFound(err)) throw new ScanNotRunnableError('The cluster of this scan was deleted.');
    if (err instanceof ClusterError) {
      throw new ScanRunError('credentials', `The stored credentials of this cluster cannot be used: ${err.message}`, { cause: err });
    }
    if (err instanceof KubeconfigError) {
      throw new ScanRunError('credentials', `The stored credentials of this cluster cannot be used: ${err.message} Edit the cluster and provide working credentials.`, { cause: err });
    }
    throw err;
  }
}

// ───────────────────────────── errors ─────────────────────────────

function classifyCollectError(err: unknown, signal: AbortSignal | undefined): unknown {
  if (err instanceof CollectError) {
    const code: ScanErrorCode = err.code === 'invalid-config' ? 'credentials' : err.code;
    return new ScanRunError(code, err.message, { cause: err, final: err.final });
  }
  if (signal?.aborted) return abortError(signal);
  return err;
}

function abortError(signal: AbortSignal): ScanRunError {
  const reason: unknown = signal.reason;
  const name = reason instanceof Error ? reason.name : '';
  if (name === 'TimeoutError') return new ScanRunError('timeout', 'The scan took longer than its time limit and was stopped; it will be retried.');
  return new ScanRunError('interrupted', 'The scan was stopped before it finished (the worker is shutting down or lost its job); it will be retried.');
}

const DB_ERROR_CODES = new Set([
  'P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028',
  '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN',
]);
const DB_ERROR_MESSAGE = /connection terminated|terminating connection|connection (?:is )?closed|server closed the connection|Can't reach database|Connection refused|Transaction already closed|Transaction not found|Timed out fetching a new connection|connection error/i;

/** True when the error (or a cause of it) says the database connection was lost or unavailable. */
export function isDatabaseConnectionError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  for (let depth = 0; cur && typeof cur === 'object' && !seen.has(cur) && depth < 8; depth++) {
    seen.add(cur);
    const rec = cur as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; kind?: unknown; name?: unknown };
    for (const c of [rec.code, rec.originalCode]) if (typeof c === 'string' && DB_ERROR_CODES.has(c)) return true;
    const name = typeof rec.name === 'string' ? rec.name : '';
    const message = typeof rec.message === 'string' ? rec.message : '';
    if (DB_ERROR_MESSAGE.test(message) && (name.startsWith('Prisma') || name === 'DriverAdapterError' || name === 'Error' || name === 'DatabaseError')) return true;
    cur = rec.cause;
  }
  return false;
}

function toScanRunError(err: unknown, signal: AbortSignal | undefined): ScanRunError {
  if (err instanceof ScanRunError) return err;
  if (signal?.aborted) return abortError(signal);
  if (isDatabaseConnectionError(err)) {
    return new ScanRunError('database', 'The connection to the database was lost while saving the scan; nothing was saved. The scan will be retried.', { cause: err });
  }
  const detail = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : String(err).slice(0, 300);
  return new ScanRunError('internal', `The scan failed unexpectedly: ${detail}`, { cause: err });
}

async function recordFailure(db: Db, scanId: string, failure: ScanRunError, retrying: boolean, attempt: number | undefined): Promise<void> {
  const now = new Date();
  try {
    if (retrying) {
      await db.scan.updateMany({
        where: { id: scanId, status: 'running' },
        data: {
          status: 'queued',
          phase: 'retrying',
          error: `Attempt ${attempt ?? 1} failed: ${failure.message} Retrying.`,
          errorCode: failure.code,
          progress: progressJson({ message: 'Waiting to retry', done: 0, total: 0, attempt }),
        },
      });
    } else {
      const row = await db.scan.findUnique({ where: { id: scanId }, select: { startedAt: true } });
      await db.scan.updateMany({
        where: { id: scanId, status: { in: ['queued', 'running'] } },
        data: {
          status: 'failed',
          finishedAt: now,
          durationMs: row?.startedAt ? now.getTime() - row.startedAt.getTime() : null,
          error: failure.message,
          errorCode: failure.code,
        },
      });
    }
  } catch {
    // The database itself is gone: the queue's retry (or the worker's recovery sweep) settles the row.
  }
}

async function assertStillRunning(tx: DbTransaction, scanId: string): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text AS status FROM scans WHERE id = ${scanId} FOR UPDATE`;
  const status = rows[0]?.status;
  if (status !== 'running') throw new ScanNotRunnableError(`Scan ${scanId} is ${status ?? 'gone'}: another attempt finished it.`);
}

// ───────────────────────────── progress ─────────────────────────────

function progressJson(p: ScanProgress): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(p)) as Prisma.InputJsonValue;
}

/** Throttled writer of Scan.phase / Scan.progress: one write in flight, the latest value wins. */
class ProgressWriter {
  current: ScanProgress = { message: '', done: 0, total: 0 };
  private phase: ScanPhase = 'connect';
  private lastWrite = 0;
  private dirty = false;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly scanId: string,
    private readonly intervalMs: number,
    private readonly attempt: number | undefined,
  ) {}

  set(phase: ScanPhase, p: ScanProgress, force = false): void {
    if (this.closed) return;
    this.phase = phase;
    this.current = { ...p, ...(this.attempt && this.attempt > 1 ? { attempt: this.attempt } : {}) };
    this.dirty = true;
    const wait = this.intervalMs - (Date.now() - this.lastWrite);
    if (force || wait <= 0) this.write();
    else this.timer ??= setTimeout(() => this.write(), wait);
  }

  private write(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastWrite = Date.now();
    const data = { phase: this.phase, progress: progressJson(this.current) };
    this.chain = this.chain
      .then(() => this.db.scan.updateMany({ where: { id: this.scanId, status: 'running' }, data }))
      .then(
        () => undefined,
        () => undefined, // progress is best effort; the outcome write reports real failures
      );
  }

  async flush(): Promise<void> {
    this.write();
    await this.chain;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

// ───────────────────────────── snapshot helpers ─────────────────────────────

async function scanSettings(db: Db): Promise<ScanSettings> {
  return { ...DEFAULT_SCAN_SETTINGS, trustedRegistries: (await getTrustedRegistries(db)).registries };
}


export type { EvaluatedResult };
