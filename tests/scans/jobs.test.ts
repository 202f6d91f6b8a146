/**
 * The scan queue on pg-boss, on a real PostgreSQL database with two pg-boss instances and two
 * Prisma clients standing in for two worker processes: one scan per cluster under races,
 * retries of transient failures with backoff, no retries of permanent ones, schedules that fire
 * on their own, and Scan rows kept consistent with job states.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { createBoss, enqueueScan, ensureQueues, recoverScans, runScheduleTick, SCAN_QUEUE, startScanWorker, type ScanWorker } from '@/lib/jobs';
import { registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from './helpers';

let f: ScanFixture;
let dbB: PrismaClient;
let bossA: PgBoss;
let bossB: PgBoss;
const workers: ScanWorker[] = [];
const QUEUE = { retryDelay: 1, retryDelayMax: 2, heartbeatSeconds: 10, retryLimit: 2 };
const RUN = { collect: { retries: 1, backoffBaseMs: 10, timeoutMs: 2_000 }, progressIntervalMs: 100 };
const fastBoss = { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, cronMonitorIntervalSeconds: 1 };

beforeAll(async () => {
  f = await setUpScanFixture();
  dbB = new PrismaClient({ adapter: new PrismaPg({ connectionString: f.t.url }) });
  [bossA, bossB] = await Promise.all([createBoss({ connectionString: f.t.url, boss: fastBoss }), createBoss({ connectionString: f.t.url, boss: fastBoss })]);
  await ensureQueues(bossA, QUEUE);
}, 60_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ wait: true })));
  f.sim.setFaults([]);
});

afterAll(async () => {
  await Promise.all([bossA?.stop({ graceful: false, close: true }), bossB?.stop({ graceful: false, close: true })]);
  await dbB?.$disconnect();
  await f?.restore();
}, 60_000);

async function startWorkers(opts: { schedules?: boolean } = {}) {
  workers.push(
    await startScanWorker({ db: f.t.db, boss: bossA, concurrency: 2, queue: QUEUE, pollingIntervalSeconds: 0.5, schedules: opts.schedules ?? false, run: RUN }),
    await startScanWorker({ db: dbB, boss: bossB, concurrency: 2, queue: QUEUE, pollingIntervalSeconds: 0.5, schedules: opts.schedules ?? false, run: RUN }),
  );
}

/** A `M H * * *` schedule (UTC) whose latest run was `minutesAgo` minutes ago. */
function dailyCronMinutesAgo(minutesAgo: number): string {
  const d = new Date(Date.now() - minutesAgo * 60_000);
  return `${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
}

async function backdateCluster(id: string, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000);
  await f.t.db.$executeRaw`UPDATE clusters SET created_at = ${at}, updated_at = ${at} WHERE id = ${id}`;
}

async function finished(scanId: string) {
  const s = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
  return s.status === 'succeeded' || s.status === 'failed' ? s : null;
}

describe('scan queue', () => {
  it('two workers, a schedule tick and manual/API triggers racing on one cluster: exactly one scan runs', async () => {
    const clusterId = await registerSimCluster(f, 'race', { scanSchedule: dailyCronMinutesAgo(2) });
    await backdateCluster(clusterId, 5);
    const user = await f.t.db.user.create({ data: { name: 'Ana', email: 'ana@example.com', role: 'analyst' } });

    const results = await Promise.all([
      enqueueScan(f.t.db, { clusterId, trigger: 'manual', userId: user.id }, bossA),
      enqueueScan(dbB, { clusterId, trigger: 'api', userId: user.id }, bossB),
      runScheduleTick(f.t.db, bossA),
      runScheduleTick(dbB, bossB),
      enqueueScan(dbB, { clusterId, trigger: 'manual', userId: user.id }, bossB),
      enqueueScan(f.t.db, { clusterId, trigger: 'manual', userId: user.id }, bossA),
    ]);
    const scans = await f.t.db.scan.findMany({ where: { clusterId } });
    expect(scans).toHaveLength(1);
    const scanIds = new Set(results.flatMap((r) => ('scan' in r ? [r.scan.id] : [])));
    expect([...scanIds]).toEqual([scans[0]!.id]);

    await startWorkers();
    const done = await waitFor(() => finished(scans[0]!.id), 30_000, 'the scan to finish');
    expect(done.status).toBe('succeeded');
    expect(await f.t.db.scan.count({ where: { clusterId } })).toBe(1);
    expect(await bossA.findJobs(SCAN_QUEUE, { key: clusterId })).toHaveLength(1);
    // Scan-level dedup: while it ran nothing else was queued, and ticking now adds nothing either.
    const tick = await runScheduleTick(f.t.db, bossA);
    expect(tick.enqueued).not.toContain(clusterId);
  });

  it('a transient API failure is retried by the queue with backoff and the scan then succeeds', async () => {
    const clusterId = await registerSimCluster(f, 'flaky');
    // The collector makes 2 attempts per request (retries: 1): the first scan attempt fails.
    f.sim.setFaults([{ match: '/api/v1/pods', times: 2, action: { type: 'status', code: 503, message: 'apiserver overloaded' } }]);
    const { scan } = await enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, bossA);
    await startWorkers();
    const retrying = await waitFor(async () => {
      const s = await f.t.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
      return s.phase === 'retrying' || s.status === 'succeeded' ? s : null;
    }, 20_000, 'the first attempt to fail', 20);
    if (retrying.status !== 'succeeded') expect(retrying.error).toMatch(/Attempt 1 failed: .*503.*Retrying/);
    const done = await waitFor(() => finished(scan.id), 30_000, 'the retried scan to finish');
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect((done.progress as { attempt?: number }).attempt).toBe(2);
    // pg-boss marks the job completed just after the scan row is written: wait for that state.
    const job = await waitFor(async () => {
      const [j] = await bossA.findJobs(SCAN_QUEUE, { id: scan.jobId! });
      return j && j.state !== 'active' ? j : null;
    }, 20_000, 'the queue job to complete');
    expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
  });

  it('a permanent failure (credentials rejected) is not retried', async () => {
    const clusterId = await registerSimCluster(f, 'revoked', { token: 'revoked-token' });
    const { scan } = await enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, bossA);
    await startWorkers();
    const done = await waitFor(() => finished(scan.id), 20_000, 'the scan to fail');
    expect(done).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });
    const job = await waitFor(async () => {
      const [j] = await bossA.findJobs(SCAN_QUEUE, { id: scan.jobId! });
      return j && j.state !== 'active' ? j : null;
    }, 20_000, 'the queue job to complete');
    expect(job).toMatchObject({ state: 'completed', retryCount: 0 });
  });

  it('a disabled cluster cannot be scanned; a deleted one is reported as not found', async () => {
    const clusterId = await registerSimCluster(f, 'off');
    await f.t.db.cluster.update({ where: { id: clusterId }, data: { enabled: false } });
    await expect(enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, bossA)).rejects.toMatchObject({ status: 409, code: 'cluster-disabled' });
    await expect(enqueueScan(f.t.db, { clusterId: 'nope', trigger: 'manual' }, bossA)).rejects.toMatchObject({ status: 404 });
  });

  it('schedule tick: due clusters are enqueued once; edited, disabled and not-yet-due clusters are not', async () => {
    const due = await registerSimCluster(f, 'sched-due', { scanSchedule: dailyCronMinutesAgo(2) });
    await backdateCluster(due, 5);
    const later = await registerSimCluster(f, 'sched-later', { scanSchedule: dailyCronMinutesAgo(-10) }); // 10 min from now
    await backdateCluster(later, 5);
    const edited = await registerSimCluster(f, 'sched-edited', { scanSchedule: dailyCronMinutesAgo(2) });
    await backdateCluster(edited, 5);
    await f.t.db.$executeRaw`UPDATE clusters SET updated_at = now() WHERE id = ${edited}`; // schedule edited after its run time
    const disabled = await registerSimCluster(f, 'sched-disabled', { scanSchedule: dailyCronMinutesAgo(2) });
    await backdateCluster(disabled, 5);
    await f.t.db.$executeRaw`UPDATE clusters SET enabled = false WHERE id = ${disabled}`;

    const first = await runScheduleTick(f.t.db, bossA);
    expect(first.enqueued).toContain(due);
    expect(first.enqueued).not.toContain(later);
    expect(first.enqueued).not.toContain(edited);
    expect(first.enqueued).not.toContain(disabled);
    const second = await runScheduleTick(dbB, bossB);
    expect(second.enqueued).not.toContain(due);

    await startWorkers();
    const [scan] = await f.t.db.scan.findMany({ where: { clusterId: due } });
    expect(scan).toMatchObject({ trigger: 'schedule', triggeredById: null });
    await waitFor(() => finished(scan!.id), 30_000, 'the scheduled scan');
    // Finished: the next run is tomorrow, so ticking again enqueues nothing.
    expect((await runScheduleTick(f.t.db, bossA)).enqueued).not.toContain(due);
    expect(await f.t.db.scan.count({ where: { clusterId: due } })).toBe(1);
  });

  it('recovery: a running scan whose job waits for a retry goes back to queued; one whose job was cancelled fails clearly', async () => {
    const clusterId = await registerSimCluster(f, 'recover');
    const { scan } = await enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, bossA);
    // A worker claims the job and "dies": the job is failed (as the heartbeat monitor would), the row says running.
    const [job] = await bossA.fetch(SCAN_QUEUE);
    expect(job?.id).toBe(scan.jobId);
    await f.t.db.scan.update({ where: { id: scan.id }, data: { status: 'running', phase: 'collect', startedAt: new Date() } });
    await bossA.fail(SCAN_QUEUE, job!.id, { message: 'worker lost' });
    const r1 = await recoverScans(f.t.db, bossA);
    expect(r1.requeued).toBe(1);
    expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: 'queued', phase: 'retrying', errorCode: 'interrupted' });

    await bossA.cancel(SCAN_QUEUE, job!.id);
    const r2 = await recoverScans(f.t.db, bossA);
    expect(r2.failed).toBe(1);
    const failed = await f.t.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
    expect(failed.error).toMatch(/interrupted .* No partial results were saved/);
  });

  it('recovery: a queued scan whose job was never sent is sent again', async () => {
    const clusterId = await registerSimCluster(f, 'lost-job');
    const scan = await f.t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'queued', queuedAt: new Date(Date.now() - 5 * 60_000) } });
    const r = await recoverScans(f.t.db, bossA);
    expect(r.resent).toBe(1);
    await startWorkers();
    const done = await waitFor(() => finished(scan.id), 30_000, 'the re-sent scan');
    expect(done.status).toBe('succeeded');
  });

  it('the schedule runs scans without anyone clicking (pg-boss cron → tick → worker)', async () => {
    const clusterId = await registerSimCluster(f, 'cron', { scanSchedule: '* * * * *' });
    await backdateCluster(clusterId, 3);
    await startWorkers({ schedules: true });
    const scan = await waitFor(
      () => f.t.db.scan.findFirst({ where: { clusterId, trigger: 'schedule', status: 'succeeded' } }),
      80_000,
      'a scheduled scan to succeed',
      500,
    );
    expect(scan.triggeredById).toBeNull();
    expect(scan.findingsNew).toBeGreaterThan(0);
  }, 100_000);
});
