/**
 * Fleet benchmark: N simulated clusters of mixed sizes registered in Rampart, scanned by 1, 2
 * and 4 `rampart worker` processes on one PostgreSQL, then the dashboard read over HTTP from
 * `rampart serve` with every cluster scanned.
 *
 * - Clusters: one kube-sim per size class (bench/synthetic.ts estates of 200, 2,000 and 10,000
 *   objects) serves every cluster of that class, each cluster with its own bearer token.
 *   Registered through the cluster service (token credentials, the default daily schedule).
 * - First scans: class by class, so the database footprint of a first scan is known per class.
 * - Rounds: for each worker count, that many `rampart worker` processes (default concurrency)
 *   start, every cluster is enqueued at once (as the default schedule does at 03:00), and the
 *   round ends when every scan has finished. Scans per hour, queue latency (queued → started),
 *   scan time per class, database growth.
 * - Database growth per re-scan per class: the bytes of the per-scan rows (every table with a
 *   scan_id) per class, scaled so they add up to the measured growth of the last round (which
 *   then includes indexes, page overhead and the pg-boss job rows).
 * - Dashboard: overview, clusters list and findings browser pages (session cookie) and the
 *   findings and clusters APIs, p50 / p95 over `dashboardSeconds` per route, 2 clients.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { startKubeSim, type KubeSim } from '../e2e/kube-sim';
import { registerCluster } from '../lib/clusters/service';
import type { Db } from '../lib/db';
import { createTestDatabase } from '../lib/db/test-utils';
import { createBoss, enqueueScan, ensureQueues } from '../lib/jobs';
import { signInCookie, startServe, startWorker, type RampartProcess } from './fleet-processes';
import { summarize } from './stats';
import { generateSyntheticCluster } from './synthetic';

export type SizeName = 'small' | 'medium' | 'large';
export interface SizeClass {
  name: SizeName;
  objects: number;
  count: number;
}

export interface RoundResult {
  label: string;
  workers: number;
  scans: number;
  failed: number;
  wallSeconds: number;
  scansPerHour: number;
  queueLatencyS: { p50: number; p95: number; max: number };
  /** Scan duration (started → finished) per class, seconds. */
  scanSeconds: Record<string, { p50: number; p95: number }>;
  /** Sum of every scan's duration (started → finished), seconds: the busy time of the workers' scan slots. */
  busySeconds: number;
  dbGrowthBytes: number;
  /** CPU seconds of this process (the simulated API servers) during the round. */
  apiServerCpuS: number;
  workerPeakRssMb: number;
  loadAverage: number;
}

export interface DashboardRow {
  route: string;
  requests: number;
  p50: number;
  p95: number;
  max: number;
}

export interface FleetResult {
  classes: Array<SizeClass & { findingsPerCluster: number; firstScanBytes: number; rescanBytes: number }>;
  concurrency: number;
  firstScans: RoundResult[];
  rounds: RoundResult[];
  dashboard: DashboardRow[] | null;
  dashboardSkipped?: string;
  dbBytes: number;
  findings: number;
  loadAverageStart: number;
  loadAverageEnd: number;
}

export interface FleetOptions {
  clusters: number;
  workers: number[];
  dashboardSeconds: number;
  concurrency: number;
  /** `rampart worker --poll` (seconds); default: the worker's own default. */
  pollSeconds?: number;
  log: (line: string) => void;
}

const SIZES: Record<SizeName, number> = { small: 200, medium: 2000, large: 10_000 };
const ADMIN = { email: 'fleet-bench@rampart.test', password: 'fleet-bench-password-1234' };
const SERVE_PORT = 3211;

/** The mix: 2 % large, 18 % medium, the rest small (500 → 10 × 10k, 90 × 2k, 400 × 200). */
export function fleetMix(clusters: number): SizeClass[] {
  const large = Math.max(1, Math.round(clusters * 0.02));
  const medium = Math.max(1, Math.round(clusters * 0.18));
  const small = Math.max(1, clusters - large - medium);
  return [
    { name: 'small', objects: SIZES.small, count: small },
    { name: 'medium', objects: SIZES.medium, count: medium },
    { name: 'large', objects: SIZES.large, count: large },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dbBytes(db: Db, vacuum = true): Promise<number> {
  // VACUUM ANALYZE: what autovacuum does in production (test servers often run with it off, leaving the planner without statistics).
  if (vacuum) await db.$executeRawUnsafe('VACUUM ANALYZE');
  const [row] = await db.$queryRawUnsafe<Array<{ size: bigint }>>('SELECT pg_database_size(current_database()) AS size');
  return Number(row.size);
}

async function waitForScans(db: Db, scanIds: string[], log: (line: string) => void): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const open = await db.scan.count({ where: { id: { in: scanIds }, status: { in: ['queued', 'running'] } } });
    if (open === 0) return;
    if (open !== last) {
      if (last !== -1 && Math.floor(open / 50) !== Math.floor(last / 50)) log(`  ${scanIds.length - open}/${scanIds.length} scans done`);
      last = open;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 15 * 60_000) {
      throw new Error(`no scan finished for 15 minutes (${open} still open)`);
    }
    await sleep(1000);
  }
}

interface Fleet {
  db: Db;
  boss: PgBoss;
  classOf: Map<string, SizeName>;
  env: Record<string, string>;
  logDir: string;
  log: (line: string) => void;
  pollSeconds?: number;
}

async function runRound(fleet: Fleet, label: string, clusterIds: string[], workers: RampartProcess[]): Promise<RoundResult & { scanIds: string[] }> {
  const { db, boss, log } = fleet;
  const before = await dbBytes(db);
  const cpu = process.cpuUsage();
  const scanIds: string[] = [];
  // One after the other, as the schedule tick enqueues due clusters.
  for (const clusterId of clusterIds) scanIds.push((await enqueueScan(db, { clusterId, trigger: 'schedule' }, boss)).scan.id);
  await waitForScans(db, scanIds, log);
  const cpuUsed = process.cpuUsage(cpu);
  const rows = await db.scan.findMany({ where: { id: { in: scanIds } }, select: { clusterId: true, status: true, queuedAt: true, startedAt: true, finishedAt: true } });
  const after = await dbBytes(db);
  const done = rows.filter((r) => r.startedAt && r.finishedAt);
  const start = Math.min(...rows.map((r) => r.queuedAt.getTime()));
  const end = Math.max(...done.map((r) => r.finishedAt!.getTime()));
  const wallSeconds = (end - start) / 1000;
  const queue = summarize(done.map((r) => r.startedAt!.getTime() - r.queuedAt.getTime()));
  const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
  const scanSeconds: RoundResult['scanSeconds'] = {};
  for (const name of new Set(done.map((r) => fleet.classOf.get(r.clusterId)!))) {
    const s = summarize(done.filter((r) => fleet.classOf.get(r.clusterId) === name).map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime()));
    scanSeconds[name] = { p50: s.p50 / 1000, p95: s.p95 / 1000 };
  }
  const result: RoundResult = {
    label,
    workers: workers.length,
    scans: rows.length,
    failed: rows.filter((r) => r.status !== 'succeeded').length,
    wallSeconds: Math.round(wallSeconds),
    scansPerHour: Math.round((done.length / wallSeconds) * 3600),
    queueLatencyS: { p50: seconds(queue.p50), p95: seconds(queue.p95), max: seconds(queue.max) },
    scanSeconds,
    busySeconds: Math.round(done.reduce((n, r) => n + (r.finishedAt!.getTime() - r.startedAt!.getTime()), 0) / 1000),
    dbGrowthBytes: after - before,
    apiServerCpuS: Math.round((cpuUsed.user + cpuUsed.system) / 1e6),
    workerPeakRssMb: Math.max(0, ...workers.map((w) => w.peakRssMb() ?? 0)),
    loadAverage: Number(os.loadavg()[0].toFixed(1)),
  };
  log(`  ${label}: ${JSON.stringify(result)}`);
  return { ...result, scanIds };
}

async function withWorkers<T>(fleet: Fleet, count: number, fn: (workers: RampartProcess[]) => Promise<T>): Promise<T> {
  const workers: RampartProcess[] = [];
  try {
    // One at a time: each recovers interrupted scans and creates queues at start.
    for (let i = 0; i < count; i++) workers.push(await startWorker(fleet.env, fleet.logDir, i, fleet.pollSeconds));
    return await fn(workers);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** Per-scan row bytes (every table with a scan_id) per class, for the given scans. */
async function perScanBytesByClass(db: Db, scanIds: string[], classOf: Map<string, SizeName>): Promise<Map<SizeName, number>> {
  const tables = await db.$queryRawUnsafe<Array<{ table_name: string }>>(
    "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'scan_id'",
  );
  const byCluster = new Map<string, number>();
  const add = (clusterId: string, bytes: number) => byCluster.set(clusterId, (byCluster.get(clusterId) ?? 0) + bytes);
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<Array<{ cluster_id: string; bytes: bigint }>>(
      `SELECT s.cluster_id, sum(pg_column_size(t.*))::bigint AS bytes FROM "${table_name}" t JOIN scans s ON s.id = t.scan_id WHERE t.scan_id = ANY($1) GROUP BY s.cluster_id`,
      scanIds,
    );
    for (const r of rows) add(r.cluster_id, Number(r.bytes));
  }
  const scanRows = await db.$queryRawUnsafe<Array<{ cluster_id: string; bytes: bigint }>>(
    'SELECT cluster_id, sum(pg_column_size(s.*))::bigint AS bytes FROM scans s WHERE id = ANY($1) GROUP BY cluster_id',
    scanIds,
  );
  for (const r of scanRows) add(r.cluster_id, Number(r.bytes));
  const sums = new Map<SizeName, { bytes: number; n: number }>();
  for (const [clusterId, bytes] of byCluster) {
    const name = classOf.get(clusterId)!;
    const s = sums.get(name) ?? { bytes: 0, n: 0 };
    sums.set(name, { bytes: s.bytes + bytes, n: s.n + 1 });
  }
  return new Map([...sums].map(([name, s]) => [name, s.bytes / s.n]));
}

/** p50 / p95 of the dashboard's pages and APIs from a `rampart serve` on the given database (`env.DATABASE_URL`). */
export async function measureDashboard(fleet: Pick<Fleet, 'env' | 'logDir' | 'log'>, seconds: number, port = SERVE_PORT): Promise<DashboardRow[]> {
  const serve = await startServe({ ...fleet.env, RAMPART_ADMIN_EMAIL: ADMIN.email, RAMPART_ADMIN_PASSWORD: ADMIN.password }, fleet.logDir, port);
  try {
    const cookie = await signInCookie(serve.url, ADMIN.email, ADMIN.password);
    const rows: DashboardRow[] = [];
    for (const route of ['/', '/clusters', '/findings', '/api/findings', '/api/clusters']) {
      const get = async () => {
        const started = performance.now();
        const res = await fetch(serve.url + route, { headers: { cookie }, redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${route} answered ${res.status}`);
        return performance.now() - started;
      };
      for (let i = 0; i < 3; i++) await get(); // warm-up: compilation and caches
      const samples: number[] = [];
      const end = Date.now() + seconds * 1000;
      const client = async () => {
        while (Date.now() < end) samples.push(await get());
      };
      await Promise.all([client(), client()]);
      const s = summarize(samples);
      rows.push({ route, requests: s.n, p50: s.p50, p95: s.p95, max: s.max });
      fleet.log(`  GET ${route}: ${JSON.stringify(rows.at(-1))}`);
    }
    return rows;
  } finally {
    await serve.stop();
  }
}

export async function runFleetBenchmark(options: FleetOptions): Promise<FleetResult> {
  const { log } = options;
  const loadAverageStart = Number(os.loadavg()[0].toFixed(1));
  log(`Load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  const classes = fleetMix(options.clusters);
  const logDir = path.resolve('tmp/bench/fleet');
  mkdirSync(logDir, { recursive: true });
  const t = await createTestDatabase();
  const sims: KubeSim[] = [];
  let boss: PgBoss | undefined;
  try {
    const { db } = t;
    const fleet: Fleet = { db, boss: undefined as unknown as PgBoss, classOf: new Map(), env: { DATABASE_URL: t.url, RAMPART_WORKER_CONCURRENCY: String(options.concurrency) }, logDir, log, pollSeconds: options.pollSeconds };
    boss = await createBoss({ connectionString: t.url });
    await ensureQueues(boss);
    fleet.boss = boss;

    log(`Registering ${options.clusters} clusters: ${classes.map((c) => `${c.count} × ${c.objects.toLocaleString('en-US')} objects`).join(', ')}`);
    const idsByClass = new Map<SizeName, string[]>();
    for (const c of classes) {
      const sim = await startKubeSim({ objects: generateSyntheticCluster(c.objects), requestLogLimit: 0, bookmarkIntervalMs: 0 });
      sims.push(sim);
      const ids: string[] = [];
      for (let i = 0; i < c.count; i++) {
        const token = sim.addToken({ user: `system:serviceaccount:rampart:scanner-${c.name}-${i}` });
        const cluster = await registerCluster(
          db,
          { name: `${c.name}-${String(i).padStart(3, '0')}`, environment: i % 3 === 0 ? 'production' : 'staging', labels: { size: c.name }, credentials: { authType: 'token', server: sim.url, token, caPem: sim.caPem } },
          { actor: null },
        );
        ids.push(cluster.id);
        fleet.classOf.set(cluster.id, c.name);
      }
      idsByClass.set(c.name, ids);
    }
    const allIds = classes.flatMap((c) => idsByClass.get(c.name)!);

    // First scans, class by class (footprint per class), with the largest worker count.
    const firstWorkers = Math.max(...options.workers);
    log(`First scans with ${firstWorkers} workers`);
    const firstScans = await withWorkers(fleet, firstWorkers, async (workers) => {
      const out: RoundResult[] = [];
      for (const c of classes) {
        const { scanIds: _ids, ...round } = await runRound(fleet, `first scans, ${c.name}`, idsByClass.get(c.name)!, workers);
        out.push(round);
      }
      return out;
    });

    const rounds: RoundResult[] = [];
    let lastScanIds: string[] = [];
    for (const w of options.workers) {
      log(`Re-scan round with ${w} worker${w === 1 ? '' : 's'}`);
      const { scanIds, ...round } = await withWorkers(fleet, w, (workers) => runRound(fleet, `${w} worker${w === 1 ? '' : 's'}`, allIds, workers));
      rounds.push(round);
      lastScanIds = scanIds;
    }

    // Growth per re-scan per class: row bytes per class, scaled to the last round's measured growth.
    const rowBytes = await perScanBytesByClass(db, lastScanIds, fleet.classOf);
    const totalRowBytes = classes.reduce((n, c) => n + (rowBytes.get(c.name) ?? 0) * c.count, 0);
    const scale = totalRowBytes > 0 ? Math.max(1, rounds.at(-1)!.dbGrowthBytes / totalRowBytes) : 1;
    const findingsByClass = await db.$queryRawUnsafe<Array<{ size: string; n: bigint }>>(
      "SELECT c.labels->>'size' AS size, count(*)::bigint AS n FROM findings f JOIN clusters c ON c.id = f.cluster_id WHERE f.status = 'open' GROUP BY 1",
    );

    let dashboard: DashboardRow[] | null = null;
    let dashboardSkipped: string | undefined;
    if (options.dashboardSeconds <= 0) dashboardSkipped = 'not requested';
    else if (!existsSync(path.resolve('.next/BUILD_ID'))) dashboardSkipped = 'no production build (.next): run `next build` first';
    else {
      log(`Dashboard with ${options.clusters} clusters`);
      try {
        dashboard = await measureDashboard(fleet, options.dashboardSeconds);
      } catch (err) {
        dashboardSkipped = `failed: ${(err as Error).message}`;
      }
    }
    if (dashboardSkipped) log(`Dashboard skipped: ${dashboardSkipped}`);

    return {
      classes: classes.map((c, i) => ({
        ...c,
        findingsPerCluster: Math.round(Number(findingsByClass.find((r) => r.size === c.name)?.n ?? 0) / c.count),
        firstScanBytes: Math.round(firstScans[i].dbGrowthBytes / c.count),
        rescanBytes: Math.round((rowBytes.get(c.name) ?? 0) * scale),
      })),
      concurrency: options.concurrency,
      firstScans,
      rounds,
      dashboard,
      dashboardSkipped,
      dbBytes: await dbBytes(db, false),
      findings: await db.finding.count(),
      loadAverageStart,
      loadAverageEnd: Number(os.loadavg()[0].toFixed(1)),
    };
  } finally {
    await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
    await Promise.all(sims.map((s) => s.stop()));
    await t.drop().catch(() => undefined);
  }
}
