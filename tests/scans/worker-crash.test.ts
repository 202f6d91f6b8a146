/**
 * A real `rampart worker` process is SIGKILLed while its scan is collecting (kube-sim answers
 * slowly). A second worker process is started: the job's heartbeat lapses, pg-boss retries it,
 * the second worker runs the scan to completion — with no duplicate and no partial findings.
 * Also: SIGTERM stops a worker gracefully (exit 0).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, enqueueScan, ensureQueues, SCAN_QUEUE } from '@/lib/jobs';
import { registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
let f: ScanFixture;
let boss: PgBoss;
let dataDir: string;
const children: ChildProcess[] = [];
const QUEUE = { heartbeatSeconds: 10, retryDelay: 1, retryDelayMax: 2 };

beforeAll(async () => {
  f = await setUpScanFixture();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-worker-test-'));
  boss = await createBoss({ connectionString: f.t.url, boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } });
  await ensureQueues(boss, QUEUE);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await boss?.stop({ graceful: false, close: true });
  await f?.restore();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

function startWorker(): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(
    process.execPath,
    ['bin/rampart.mjs', 'worker', '--concurrency', '1', '--heartbeat', '10', '--retry-delay', '1', '--supervise-interval', '1', '--poll', '0.5', '--grace', '5'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: f.t.url, RAMPART_SECRET_KEY: f.secretKey, RAMPART_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  children.push(child);
  return { child, output: () => out };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('worker process killed mid-scan', () => {
  it('the scan is retried by another worker and completes with no duplicate or partial findings', async () => {
    const clusterId = await registerSimCluster(f, 'crash');
    f.sim.setLatency(700);
    const first = startWorker();
    await waitFor(async () => first.output().includes('Rampart worker ready'), 60_000, `worker 1 to start: ${first.output()}`, 100);
    const { scan } = await enqueueScan(f.t.db, { clusterId, trigger: 'manual' }, boss);

    await waitFor(async () => {
      const s = await f.t.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
      return s.status === 'running' && s.phase === 'collect' && ((s.progress as { kindsDone?: number }).kindsDone ?? 0) >= 2;
    }, 30_000, 'the scan to be collecting', 50);
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    // Nothing of the scan was saved.
    expect(await f.t.db.finding.count({ where: { clusterId } })).toBe(0);
    expect(await f.t.db.scanSectionAggregate.count({ where: { scanId: scan.id } })).toBe(0);

    f.sim.setLatency(10);
    const second = startWorker();
    const done = await waitFor(async () => {
      const s = await f.t.db.scan.findUniqueOrThrow({ where: { id: scan.id } });
      return s.status === 'succeeded' || s.status === 'failed' ? s : null;
    }, 90_000, 'the retried scan to finish', 250).catch((e: Error) => {
      throw new Error(`${e.message}; second worker said:\n${second.output()}`);
    });
    expect(done.status, second.output()).toBe('succeeded');
    expect(Date.now() - killedAt).toBeGreaterThan(5_000); // it waited for the heartbeat to lapse

    // The scan row is saved before the handler returns; pg-boss marks the job completed just after.
    const job = await waitFor(async () => {
      const [j] = await boss.findJobs(SCAN_QUEUE, { id: scan.jobId! });
      return j && (j.state === 'completed' || j.state === 'failed') ? j : null;
    }, 30_000, 'the job to be marked completed or failed', 100);
    expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
    expect(await f.t.db.scan.count({ where: { clusterId } })).toBe(1);
    const findings = await f.t.db.finding.findMany({ where: { clusterId }, select: { fingerprint: true, firstSeenScanId: true } });
    expect(findings.length).toBe(done.findingsNew);
    expect(new Set(findings.map((x) => x.fingerprint)).size).toBe(findings.length);
    expect(findings.every((x) => x.firstSeenScanId === scan.id)).toBe(true);
    expect(await f.t.db.findingEvent.count({ where: { scanId: scan.id, type: 'opened' } })).toBe(findings.length);
    expect(await f.t.db.scanSectionAggregate.count({ where: { scanId: scan.id } })).toBe(6);
    // The RBAC graph and the image inventory, once each.
    expect(await f.t.db.scanArtifact.count({ where: { scanId: scan.id } })).toBe(2);

    second.child.kill('SIGTERM');
    const exit = await exited(second.child);
    expect(exit.code, second.output()).toBe(0);
    expect(second.output()).toContain('Rampart worker stopped.');
    expect(second.output()).not.toContain(f.sim.token);
  }, 180_000);
});
