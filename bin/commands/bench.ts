/**
 * `rampart bench`: synthetic clusters of 1k, 10k and 50k objects served by kube-sim; for each,
 * a full scan (collect / evaluate / score, wall time and peak RSS, in a child process) next to
 * `kubectl get` listing the same kinds from the same server (the floor for fetching).
 * Writes the table to docs/BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { LatencyResult } from '../../bench/report-latency';
import { APP_DIR } from './serve';
import { missingFromCheckout, sourceCheckoutRefusal } from './source-checkout';

const KUBECTL_KINDS = [
  'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'replicationcontrollers', 'jobs', 'cronjobs',
  'services', 'ingresses', 'networkpolicies', 'serviceaccounts', 'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings',
  'nodes', 'resourcequotas', 'limitranges', 'validatingwebhookconfigurations', 'mutatingwebhookconfigurations',
  'customresourcedefinitions', 'secrets', 'configmaps',
].join(',');

interface ScanRun {
  objects: number;
  results: number;
  failed: number;
  collectMs: number;
  evaluateMs: number;
  scoreMs: number;
  collectRssMb: number;
  evaluateRssMb: number;
  peakRssMb: number;
}

interface Row extends ScanRun {
  size: number;
  kubectlMs: number | null;
  scanMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command without blocking this process (kube-sim serves from it). */
function run(cmd: string, args: string[], keepStdout: boolean, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function timeKubectl(kubeconfig: string): Promise<number | null> {
  const started = performance.now();
  const res = await run('kubectl', ['--kubeconfig', kubeconfig, 'get', KUBECTL_KINDS, '-A', '-o', 'json', '--chunk-size=500'], false).catch(
    (e: Error) => ({ code: -1, stdout: '', stderr: e.message }),
  );
  if (res.code !== 0) {
    console.error(`kubectl failed: ${res.stderr.slice(0, 300)}`);
    return null;
  }
  return Math.round(performance.now() - started);
}

/** Runs a bench/ script in its own process and parses the JSON line it prints last. */
async function runBenchScript<T>(args: string[]): Promise<T> {
  // Same V8 young-generation cap as bin/rampart.mjs, so the memory measured is the CLI's.
  const res = await run(path.resolve('node_modules/.bin/tsx'), args, true, { NODE_OPTIONS: '--max-semi-space-size=16' });
  if (res.code !== 0) throw new Error(`${args[0]} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as T;
}

const runScan = (kubeconfig: string) => runBenchScript<ScanRun>(['bench/scan-once.ts', kubeconfig]);

function renderMarkdown(rows: Row[], section: string): string {
  const lines = [
    `## Scanner: collect / evaluate / score`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} when the run ended (other work on the machine inflates wall times).`,
    'Synthetic clusters from bench/synthetic.ts (pods ≈ 60 %, controllers, RBAC, services, network policies, config), served by kube-sim over HTTPS on loopback.',
    'Each scan runs in its own process (median of 3 runs); peak RSS is that process\'s maximum resident set. `kubectl get` lists the same kinds from the same server with `--chunk-size=500` (median of 3).',
    '',
    '| objects | kubectl get (ms) | collect (ms) | evaluate (ms) | score (ms) | full scan (ms) | scan / kubectl | peak RSS (MB) | results | failed |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.size.toLocaleString('en-US')} | ${r.kubectlMs ?? 'n/a'} | ${r.collectMs} | ${r.evaluateMs} | ${r.scoreMs} | ${r.scanMs} | ${r.kubectlMs ? (r.scanMs / r.kubectlMs).toFixed(2) + '×' : 'n/a'} | ${r.peakRssMb} | ${r.results.toLocaleString('en-US')} | ${r.failed.toLocaleString('en-US')} |`,
    ),
    '',
    'Targets (2 cores): evaluate 50k objects < 1 s; full scan of 50k objects ≤ 1.5× kubectl\'s listing time; peak RSS < 500 MB.',
    'Rampart\'s processes run with V8\'s young generation capped at 16 MB semi-spaces (bin/rampart.mjs, the npm scripts, the image); without the cap V8 sizes it from physical memory and the 50k scan peaks higher. With 8 MB semi-spaces the 50k scan peaked about 35 MB lower and its evaluation took about a fifth longer (more young-generation collections).',
    '',
  ];
  return section ? lines.join('\n') : lines.join('\n');
}

/** Replaces (or appends) the section starting with `heading` in docs/BENCHMARKS.md. */
export function upsertSection(file: string, heading: string, body: string): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmarks\n\nProduced by `npm run bench`; numbers are from the machine named in each section.\n\n';
  }
  const start = text.indexOf(heading);
  if (start === -1) text = `${text.trimEnd()}\n\n${body}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length);
    text = text.slice(0, start) + body.trimEnd() + '\n' + (next === -1 ? '' : `\n${text.slice(next + 1)}`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text.trimEnd() + '\n');
}

/** bench/, kube-sim's certificate generator and the HTTP load generator: none is in the container image. */
export function benchUnavailable(appDir: string = APP_DIR): string | undefined {
  return sourceCheckoutRefusal('bench', missingFromCheckout(appDir, { folders: ['bench'], packages: ['selfsigned', 'autocannon'] }));
}

function refuseOutsideCheckout(): void {
  const refusal = benchUnavailable();
  if (!refusal) return;
  console.error(`rampart bench: ${refusal}`);
  process.exit(1);
}

export function register(program: Command): void {
  program
    .command('bench')
    .hook('preAction', refuseOutsideCheckout)
    .description('Benchmark the scanner on synthetic clusters and write docs/BENCHMARKS.md')
    .option('--sizes <list>', 'comma-separated object counts', '1000,10000,50000')
    .option('--runs <n>', 'runs per size (median reported)', '3')
    .option('--output <file>', 'markdown file to update', 'docs/BENCHMARKS.md')
    .option('--only <parts>', 'comma-separated parts to run: scanner, rbac, persist, report, http, queries, fleet', 'scanner,rbac,persist,report,http,queries')
    .option('--database <url>', 'queries: a database already filled by bench/seed-big.ts (otherwise one is created and seeded with 5M findings)')
    .option('--clusters <n>', 'fleet: simulated clusters (2 % of 10k objects, 18 % of 2k, the rest of 200)', '500')
    .option('--workers <list>', 'fleet: worker process counts, one re-scan round each', '1,2,4')
    .option('--quick', 'fleet: a short run (50 clusters, 1 and 2 workers, 5 s per dashboard route)')
    .option('--poll <seconds>', 'fleet: the workers\' job poll interval (rampart worker --poll)')
    .action(async (opts: { sizes: string; runs: string; output: string; only: string; database?: string; clusters: string; workers: string; quick?: boolean; poll?: string }) => {
      const parts = new Set(opts.only.split(',').map((p) => p.trim()));
      if (parts.has('fleet')) await benchFleet(path.resolve(opts.output), opts);
      if (parts.has('queries')) await benchQueries(path.resolve(opts.output), opts.database);
      if (parts.has('rbac')) await benchRbac(path.resolve(opts.output));
      if (parts.has('persist')) await benchPersist(path.resolve(opts.output));
      if (parts.has('report')) await benchReport(path.resolve(opts.output));
      if (parts.has('http')) await benchHttp(path.resolve(opts.output));
      if (!parts.has('scanner')) return;
      const { startKubeSim } = await import('../../lib/kube-sim');
      const { generateSyntheticCluster } = await import('../../bench/synthetic');
      const sizes = opts.sizes.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
      const runs = Math.max(1, Number(opts.runs));
      const dir = path.resolve('tmp/bench');
      mkdirSync(dir, { recursive: true });
      const rows: Row[] = [];
      for (const size of sizes) {
        const sim = await startKubeSim({ objects: generateSyntheticCluster(size) });
        try {
          const kubeconfig = await sim.writeKubeconfig(path.join(dir, `kubeconfig-${size}.yaml`));
          const kubectl: number[] = [];
          const scans: ScanRun[] = [];
          for (let i = 0; i < runs; i++) {
            const k = await timeKubectl(kubeconfig);
            if (k !== null) kubectl.push(k);
            scans.push(await runScan(kubeconfig));
          }
          const pick = (f: (s: ScanRun) => number) => median(scans.map(f));
          const row: Row = {
            size,
            kubectlMs: kubectl.length ? median(kubectl) : null,
            objects: scans[0].objects,
            results: scans[0].results,
            failed: scans[0].failed,
            collectMs: pick((s) => s.collectMs),
            evaluateMs: pick((s) => s.evaluateMs),
            scoreMs: pick((s) => s.scoreMs),
            collectRssMb: pick((s) => s.collectRssMb),
            evaluateRssMb: pick((s) => s.evaluateRssMb),
            peakRssMb: Math.max(...scans.map((s) => s.peakRssMb)),
            scanMs: pick((s) => s.collectMs + s.evaluateMs + s.scoreMs),
          };
          rows.push(row);
          console.log(JSON.stringify(row));
        } finally {
          await sim.stop();
        }
      }
      const heading = '## Scanner: collect / evaluate / score';
      upsertSection(path.resolve(opts.output), heading, renderMarkdown(rows, heading));
      console.log(`Wrote ${opts.output}`);
    });
}

/** The fleet benchmark (bench/fleet.ts): many clusters, 1 / 2 / 4 worker processes, the dashboard. */
async function benchFleet(output: string, opts: { clusters: string; workers: string; quick?: boolean; poll?: string }): Promise<void> {
  const { runFleetBenchmark } = await import('../../bench/fleet');
  const { FLEET_HEADING, renderFleetSection } = await import('../../bench/fleet-report');
  const clusters = opts.quick ? 50 : Number(opts.clusters);
  const workers = (opts.quick ? '1,2' : opts.workers).split(',').map((w) => Number(w.trim()));
  if (!Number.isInteger(clusters) || clusters < 3) throw new Error('--clusters must be an integer ≥ 3');
  if (workers.some((w) => !Number.isInteger(w) || w < 1)) throw new Error('--workers takes positive integers, e.g. 1,2,4');
  const { getConfig } = await import('../../lib/config');
  const r = await runFleetBenchmark({ clusters, workers, dashboardSeconds: opts.quick ? 5 : 20, concurrency: getConfig().RAMPART_WORKER_CONCURRENCY, pollSeconds: opts.poll ? Number(opts.poll) : undefined, log: (line) => console.log(line) });
  upsertSection(output, FLEET_HEADING, renderFleetSection(r));
  console.log(JSON.stringify(r));
}

/** The RBAC explorer on a synthetic 5,000-binding cluster: what one API request costs. */
async function benchRbac(output: string): Promise<void> {
  const { runRbacBenchmark } = await import('../../bench/rbac');
  runRbacBenchmark(500); // warm-up: module loading and JIT are not what a request pays
  const result = runRbacBenchmark(5000);
  const lines = [
    '## RBAC explorer: 5,000 bindings',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, in one process (bench/rbac.ts): ${result.bindings.toLocaleString('en-US')} bindings, ${result.subjects.toLocaleString('en-US')} subjects, ${result.grants.toLocaleString('en-US')} grants, ${result.graphNodes.toLocaleString('en-US')} graph nodes; the stored per-scan artifact is ${Math.round(result.artifactBytes / 1024)} KiB.`,
    '',
    '| step | ms |',
    '|---|---:|',
    ...Object.entries(result.timingsMs).map(([step, ms]) => `| ${step} | ${ms.toFixed(1)} |`),
    `| **cold request: parse + analysis + graph + who-can** | **${result.coldRequestMs.toFixed(1)}** |`,
    '',
    'Target: building the graph and answering who-can for 5,000 bindings under 1 s. The explorer caches the model per scan, so only the first request of a scan pays the cold cost.',
    '',
  ];
  upsertSection(output, '## RBAC explorer: 5,000 bindings', lines.join('\n'));
  console.log(`RBAC cold request ${result.coldRequestMs.toFixed(0)} ms`);
}

/** Persisting a 50k-object scan's 100k findings, then re-scans (bench/persist.ts). */
async function benchPersist(output: string): Promise<void> {
  const { runPersistBenchmark } = await import('../../bench/persist');
  const r = await runPersistBenchmark();
  const lines = [
    '## Persisting scans: 100k findings',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, PostgreSQL on loopback (TEST_DATABASE_URL), load average ${os.loadavg()[0].toFixed(1)} at the end. One scan's evaluation with ${r.failing.toLocaleString('en-US')} failing of ${r.total.toLocaleString('en-US')} results, persisted by lib/scans/persist.ts in one transaction (bench/persist.ts).`,
    '',
    '| scan | ms | target |',
    '|---|---:|---:|',
    `| first scan: 100k new findings + events + aggregates | ${r.firstMs} | < 10,000 |`,
    `| re-scan, nothing changed | ${r.unchangedMs} | < 3,000 |`,
    `| re-scan, 1 % of results changed | ${r.changedMs} | |`,
    '',
  ];
  upsertSection(output, '## Persisting scans: 100k findings', lines.join('\n'));
  console.log(JSON.stringify(r));
}

/** Rendering a 2,000-finding remediation PDF (bench/report.ts, in its own process). */
async function benchReport(output: string): Promise<void> {
  const r = await runBenchScript<{ findings: number; checks: number; pages: number; bytes: number; renderMs: number; rssMb: number }>(['bench/report.ts', '2000']);
  const lines = [
    '## Remediation PDF: 2,000 findings',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}: bench/report.ts renders a ${r.findings.toLocaleString('en-US')}-finding report over ${r.checks} checks with @react-pdf/renderer.`,
    '',
    '| findings | pages | PDF size | render (ms) | target | peak RSS (MB) |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${r.findings.toLocaleString('en-US')} | ${r.pages} | ${Math.round(r.bytes / 1024)} KiB | ${r.renderMs} | < 5,000 | ${r.rssMb} |`,
    '',
  ];
  upsertSection(output, '## Remediation PDF: 2,000 findings', lines.join('\n'));
  console.log(JSON.stringify(r));
  await benchReportLatency(output);
}

/** Request latency while reports render: in the web process (before) vs capped child processes (bench/report-latency.ts). */
async function benchReportLatency(output: string): Promise<void> {
  const r = await runBenchScript<LatencyResult>(['bench/report-latency.ts', '3', '600']);
  const row = (name: string, x: LatencyResult['isolated']) => `| ${name} | ${x.pings} | ${x.p50} | ${x.p99} | ${x.max} | ${x.wallMs} |`;
  const heading = '## Remediation PDF: requests while reports render';
  const lines = [
    heading,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}: bench/report-latency.ts renders ${r.reports} reports of ${r.findings} findings at once while a client pings a loopback JSON endpoint in the same process every 20 ms (one request at a time). Latencies in ms.`,
    '',
    '| rendering | pings answered | p50 | p99 | max | wall time for all reports |',
    '|---|---:|---:|---:|---:|---:|',
    row('in the web process (before)', r.inProcess),
    row(`child processes (concurrency ${r.concurrency}, heap cap ${r.memoryMb} MB)`, r.isolated),
    '',
    'Rendered in the web process, @react-pdf/renderer\'s layout holds the event loop for the whole batch: every request (health probes included) waits until the reports are done. In child processes (lib/reports/pdf/isolated.ts) requests keep their usual latency. The reports take longer in all: each child starts cold (tsx, React, the PDF library: several seconds on a loaded 2-core machine) and, at concurrency 1, they render one after the other.',
    '',
  ];
  upsertSection(output, heading, lines.join('\n'));
  console.log(JSON.stringify(r));
}

/** p50 / p95 of the findings browser's queries at 5M findings (bench/findings-queries.ts, in its own process). */
async function benchQueries(output: string, database?: string): Promise<void> {
  let url = database;
  let drop: (() => Promise<void>) | undefined;
  if (!url) {
    const { createTestDatabase } = await import('../../lib/db/test-utils');
    const { seedBigDataset } = await import('../../bench/big-dataset');
    const t = await createTestDatabase();
    await seedBigDataset(t.db, 5_000_000, (line) => console.error(line));
    url = t.url;
    drop = () => t.drop();
  }
  try {
    // react-server: the dashboard's read models import 'server-only'.
    const r = await runBenchScript<import('../../bench/findings-queries').QueryBenchResult>(['--conditions=react-server', 'bench/findings-queries.ts', url]);
    const heading = '## Findings browser queries at 5M findings (p95)';
    const lines = [
      heading,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end: PostgreSQL on loopback, ${r.findings.toLocaleString('en-US')} finding rows (bench/big-dataset.ts), each query of lib/dashboard called as the findings page calls it (with its total), ${r.runs} runs after 2 warm-ups (bench/findings-queries.ts). Milliseconds.`,
      '',
      '| query | p50 | p95 | max | answer |',
      '|---|---:|---:|---:|---|',
      ...r.rows.map((x) => `| ${x.query} | ${x.p50} | ${x.p95} | ${x.max} | ${x.shown} |`),
      '',
      'Target: p95 under 50 ms.',
      '',
    ];
    upsertSection(output, heading, lines.join('\n'));
    console.log(JSON.stringify(r));
  } finally {
    await drop?.();
  }
}

/** HTTP latency of the findings browser at 5M findings and a year of trends (bench/http.ts). */
async function benchHttp(output: string): Promise<void> {
  const { runHttpBenchmark } = await import('../../bench/http');
  const r = await runHttpBenchmark();
  const lines = [
    '## HTTP: findings browser at 5M findings, trends over a year',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}: \`rampart serve\` (production build) on loopback with ${r.findings.toLocaleString('en-US')} finding rows and ${r.scans} scans of one cluster in PostgreSQL 15; autocannon, 4 connections, 10 s per route, bearer API token (bench/http.ts). Latencies in ms; autocannon reports p90 and p97.5 — p95 lies between them.`,
    '',
    '| route | requests | p50 | p90 | p97.5 | p99 | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| \`GET ${x.route}\` | ${x.requests} | ${x.p50} | ${x.p90} | ${x.p97_5} | ${x.p99} | ${x.errors} |`),
    '',
    'Target: p95 under 50 ms.',
    '',
  ];
  upsertSection(output, '## HTTP: findings browser at 5M findings, trends over a year', lines.join('\n'));
  console.log(JSON.stringify(r));
}
