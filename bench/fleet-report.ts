/**
 * The fleet benchmark's section of docs/BENCHMARKS.md and the sizing table derived from it
 * (also printed into the README).
 */
import os from 'node:os';
import type { FleetResult, RoundResult } from './fleet';

const n = (x: number) => x.toLocaleString('en-US');
const mb = (bytes: number) => (bytes >= 10 * 2 ** 20 ? n(Math.round(bytes / 2 ** 20)) : (bytes / 2 ** 20).toFixed(1)) + ' MB';
const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : mb(bytes));

/** Scans per month with the default schedule (daily, 03:00 UTC). */
export const SCANS_PER_MONTH = 30;

export interface SizingRow {
  clusters: number;
  objects: number;
  /** Workers needed to scan every cluster within one hour / within four hours. */
  workers1h: number;
  workers4h: number;
  dbMonth: number;
  dbYear: number;
}

/** The 1-worker round: what one worker process sustains. */
const baseRound = (r: FleetResult) => r.rounds.find((x) => x.workers === 1) ?? r.rounds[0]!;

/**
 * How much longer the round took than its scans kept the worker's slots busy: time between jobs
 * (polling, bookkeeping, notifications) and slots left idle. ≥ 1.
 */
export function slotOverhead(round: RoundResult, concurrency: number): number {
  return round.busySeconds > 0 ? Math.max(1, (round.wallSeconds * round.workers * concurrency) / round.busySeconds) : 1;
}

/**
 * Workers: one worker (a `rampart worker` process with the default concurrency, on ≈ the benchmark
 * machine's 2 cores) runs `concurrency` scans at once; a scan of a given size holds a slot for the
 * 1-worker round's median scan time of that size, times that round's slot overhead.
 * Database: the first scan's footprint plus the measured growth per re-scan, daily.
 */
export function sizingTable(r: FleetResult): SizingRow[] {
  const base = baseRound(r);
  const overhead = slotOverhead(base, r.concurrency);
  const rows: SizingRow[] = [];
  for (const clusters of [100, 500, 2000]) {
    for (const c of r.classes) {
      const scanS = (base.scanSeconds[c.name]?.p50 ?? 0) * overhead;
      const workerSeconds = (clusters * scanS) / r.concurrency;
      rows.push({
        clusters,
        objects: c.objects,
        workers1h: Math.max(1, Math.ceil(workerSeconds / 3600)),
        workers4h: Math.max(1, Math.ceil(workerSeconds / (4 * 3600))),
        dbMonth: clusters * (c.firstScanBytes + SCANS_PER_MONTH * c.rescanBytes),
        dbYear: clusters * (c.firstScanBytes + 365 * c.rescanBytes),
      });
    }
  }
  return rows;
}

export function renderSizingTable(r: FleetResult): string[] {
  return [
    '| clusters | objects each | workers, all scanned within 1 h | within 4 h | database after 1 month | after 1 year |',
    '|---:|---:|---:|---:|---:|---:|',
    ...sizingTable(r).map((x) => `| ${n(x.clusters)} | ${n(x.objects)} | ${x.workers1h} | ${x.workers4h} | ${size(x.dbMonth)} | ${size(x.dbYear)} |`),
  ];
}

const roundRow = (x: RoundResult, classes: string[]) =>
  `| ${x.label} | ${n(x.scans)} | ${x.failed} | ${n(x.wallSeconds)} | ${n(x.scansPerHour)} | ${x.queueLatencyS.p50} / ${x.queueLatencyS.p95} | ${classes.map((c) => (x.scanSeconds[c] ? `${x.scanSeconds[c].p50.toFixed(1)} / ${x.scanSeconds[c].p95.toFixed(1)}` : '–')).join(' | ')} | ${mb(x.dbGrowthBytes)} | ${x.apiServerCpuS} | ${x.workerPeakRssMb} | ${x.loadAverage} |`;

export const FLEET_HEADING = '## Fleet: clusters, scan workers and one PostgreSQL';

export function renderFleetSection(r: FleetResult): string {
  const total = r.classes.reduce((s, c) => s + c.count, 0);
  const classes = r.classes.map((c) => c.name);
  const one = r.rounds.find((x) => x.workers === 1);
  const overhead = one ? slotOverhead(one, r.concurrency) : 1;
  const lines = [
    FLEET_HEADING,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on loopback; load average ${r.loadAverageStart} at the start and ${r.loadAverageEnd} at the end (the machine is shared with other work; each round's load average is in its row). \`npm run bench -- --only fleet\` (bench/fleet.ts; \`--clusters <n>\` for a shorter run).`,
    '',
    `**Estate**: ${n(total)} clusters registered through the cluster service with token credentials: ${r.classes.map((c) => `${n(c.count)} × ${n(c.objects)} objects (${c.name}, ${n(c.findingsPerCluster)} open findings each)`).join(', ')}; ${n(r.findings)} finding rows in all. One kube-sim per size serves every cluster of that size over HTTPS (each cluster its own token), in the benchmark's process: the simulated API servers use the same 2 cores as the workers and PostgreSQL (their CPU time is a column below).`,
    '',
    `**Rounds**: real \`rampart worker\` processes (concurrency ${r.concurrency} each, the default) on one database. Every cluster is enqueued at once, as the default schedule (daily, 03:00) does; the round ends when every scan has finished. Queue latency is queued → started. Re-scans find the clusters unchanged (findings stay open, nothing new), the steady state of a daily schedule.`,
    '',
    `| round | scans | failed | wall (s) | scans / hour | queue latency p50 / p95 (s) | ${classes.map((c) => `${c} scan p50 / p95 (s)`).join(' | ')} | database growth | API servers' CPU (s) | worker peak RSS (MB) | load average |`,
    `|---|---:|---:|---:|---:|---:|${classes.map(() => '---:').join('|')}|---:|---:|---:|---:|`,
    ...r.firstScans.map((x) => roundRow(x, classes)),
    ...r.rounds.map((x) => roundRow(x, classes)),
    '',
    '**Database per cluster** (PostgreSQL after VACUUM, pg_database_size):',
    '',
    '| size | first scan | each re-scan | per cluster-month (30 daily scans) |',
    '|---|---:|---:|---:|',
    ...r.classes.map((c) => `| ${n(c.objects)} objects | ${mb(c.firstScanBytes)} | ${mb(c.rescanBytes)} | ${mb(SCANS_PER_MONTH * c.rescanBytes)} |`),
    '',
    `The whole database held ${size(r.dbBytes)} at the end. Assumptions: the default schedule (one scan per cluster per day) and no watch mode; Rampart keeps every scan's history (scores, per-check tallies, section aggregates, workload risks, namespace scores, the RBAC and image artifacts) with no retention, so growth is linear; findings themselves grow only with real change (a re-scan of an unchanged cluster updates them in place and autovacuum reuses the space). A re-scan's growth per size is the bytes of its per-scan rows, scaled to the last round's measured growth (which adds indexes, page overhead and pg-boss job rows, kept 7 days).`,
    '',
  ];
  if (r.dashboard) {
    lines.push(
      `**Dashboard with ${n(total)} clusters** (\`rampart serve\`, production build, workers stopped; 2 clients for each route, signed-in session cookie; ms):`,
      '',
      '| route | requests | p50 | p95 | max |',
      '|---|---:|---:|---:|---:|',
      ...r.dashboard.map((d) => `| \`GET ${d.route}\` | ${n(d.requests)} | ${d.p50} | ${d.p95} | ${d.max} |`),
      '',
    );
  } else lines.push(`Dashboard: not measured in this run (${r.dashboardSkipped}).`, '');
  lines.push(
    '**Sizing** (from these numbers): a worker is one `rampart worker` process with the default concurrency and about 2 cores; it runs that many scans at once, each holding a slot for the median scan time of the 1-worker round for its size' +
      (one ? ` (${classes.map((c) => `${c} ${one.scanSeconds[c]?.p50.toFixed(1)} s`).join(', ')})` : '') +
      ` times that round's overhead between scans (${overhead.toFixed(1)}×: the round's wall time × slots ÷ the scans' summed durations). The database column is the first scans plus daily re-scans.`,
    '',
    ...renderSizingTable(r),
    '',
  );
  return lines.join('\n');
}
