/**
 * `rampart worker [--concurrency <n>]`: a scan worker process. Runs queued scans (at most
 * <n> at once, default RAMPART_WORKER_CONCURRENCY) and the per-minute schedule tick, on the same
 * database as `rampart serve` (DATABASE_URL). Any number of workers may run: pg-boss hands each
 * scan to exactly one of them, and one cluster never has two scans running.
 *
 * Watch mode: this command (not `rampart serve`) also watches the clusters whose watch mode is
 * on — one worker per cluster, by lease (lib/watch/manager.ts) — and records a scan of trigger
 * "watch" seconds after their objects change.
 *
 * SIGTERM / SIGINT: stops taking jobs, lets running scans finish (up to --grace seconds; a scan
 * still running then is stopped and retried by another worker), closes the database, exits 0.
 */
import type { Command } from 'commander';
import type { PgBoss } from 'pg-boss';
import { getConfig } from '../../lib/config';
import { closeDb, describeDatabase, getDb } from '../../lib/db/client';
import { createBoss, startScanWorker, type ScanWorker } from '../../lib/jobs';
import { startNotificationWorker } from '../../lib/jobs/notifications';
import { startReportWorker } from '../../lib/jobs/reports';
import { startSlaWorker } from '../../lib/jobs/sla';
import { WatchManager } from '../../lib/watch/manager';

interface WorkerCliOptions {
  concurrency?: string;
  grace?: string;
  heartbeat?: string;
  retryDelay?: string;
  superviseInterval?: string;
  poll?: string;
}

function positiveInt(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${value}").`);
  return n;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run a scan worker: executes queued and scheduled scans (start as many as you like).')
    .option('-c, --concurrency <n>', 'scans this process runs at once (default RAMPART_WORKER_CONCURRENCY)')
    .option('--grace <seconds>', 'on SIGTERM, wait this long for running scans (default 60)')
    .option('--heartbeat <seconds>', 'job heartbeat: a worker silent this long loses its scan to another (default 30, min 10)')
    .option('--retry-delay <seconds>', 'first retry delay of a failed scan, doubled each retry (default 15)')
    .option('--supervise-interval <seconds>', 'how often expired jobs are detected (default 60)')
    .option('--poll <seconds>', 'how often to look for new jobs (default 0.5 for scans, 2 for the rest)')
    .action(async (opts: WorkerCliOptions) => {
      try {
        await worker(opts);
      } catch (error) {
        console.error(`rampart worker: ${(error as Error).message}`);
        await closeDb().catch(() => undefined);
        process.exit(1);
      }
    });
}

/** Starts a worker in this process and returns what stops it (used by `rampart serve` too). */
export async function startWorkerInProcess(opts: WorkerCliOptions & { boss?: PgBoss } = {}): Promise<{ boss: PgBoss; worker: ScanWorker; stop(graceMs?: number): Promise<void> }> {
  const config = getConfig();
  const concurrency = positiveInt(opts.concurrency, '--concurrency') ?? config.RAMPART_WORKER_CONCURRENCY;
  const superviseInterval = positiveInt(opts.superviseInterval, '--supervise-interval');
  const db = await getDb(); // applies pending migrations
  const boss =
    opts.boss ??
    (await createBoss({
      boss: superviseInterval ? { superviseIntervalSeconds: superviseInterval, monitorIntervalSeconds: superviseInterval } : {},
    }));
  const worker = await startScanWorker({
    db,
    boss,
    concurrency,
    pollingIntervalSeconds: opts.poll ? Number(opts.poll) : undefined,
    queue: {
      ...(opts.heartbeat ? { heartbeatSeconds: positiveInt(opts.heartbeat, '--heartbeat', 10)! } : {}),
      ...(opts.retryDelay ? { retryDelay: positiveInt(opts.retryDelay, '--retry-delay')! } : {}),
    },
    log: (m) => console.log(`[rampart worker] ${m}`),
  });
  // Webhook deliveries (retried through the queue) and the expired-exceptions sweep.
  await startNotificationWorker({ db, boss });
  // Scheduled reports (ReportSchedule → PDF → webhook link) and report retention, every minute.
  await startReportWorker({ db, boss });
  // The day's remediation SLA numbers per team, for the SLA trends (hourly; the first record of a day stays).
  await startSlaWorker({ db, boss });
  return {
    boss,
    worker,
    async stop(graceMs = 60_000) {
      await boss.stop({ graceful: true, timeout: graceMs, close: true });
    },
  };
}

async function worker(opts: WorkerCliOptions): Promise<void> {
  const graceMs = (positiveInt(opts.grace, '--grace', 0) ?? 60) * 1000;
  console.log(`Database: ${describeDatabase()}`);
  const running = await startWorkerInProcess(opts);
  // Watch mode runs in worker processes only: the web tier never holds API server connections.
  const watches = new WatchManager({ db: await getDb(), log: (m) => console.log(`[rampart watch] ${m}`) });
  watches.start();
  console.log(`Rampart worker ready (pid ${process.pid}, concurrency ${positiveInt(opts.concurrency, '--concurrency') ?? getConfig().RAMPART_WORKER_CONCURRENCY}).`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing running scans (up to ${graceMs / 1000} s), then stopping.`);
    void (async () => {
      try {
        await watches.stop();
        await running.stop(graceMs);
      } catch (error) {
        console.error(`rampart worker: stopping: ${(error as Error).message}`);
      }
      await closeDb().catch(() => undefined);
      console.log('Rampart worker stopped.');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
