/**
 * Benchmark: how long a request waits while PDF reports render. A loopback HTTP server in this
 * process answers a tiny JSON "health" response; a client pings it every 20 ms (one request at a
 * time) while `reports` reports of `findings` findings render, first in this process
 * (@react-pdf/renderer on the event loop, as before) and then through lib/reports/pdf/isolated
 * (capped child processes, RAMPART_REPORT_RENDER_CONCURRENCY at a time).
 *
 *   npx tsx bench/report-latency.ts [reports=3] [findings=600]
 * Prints one JSON line: LatencyResult.
 */
import { once } from 'node:events';
import http from 'node:http';
import { getConfig } from '../lib/config';
import { renderPdfIsolated } from '../lib/reports/pdf/isolated';
import { renderReportPdf } from '../lib/reports/pdf/render';
import { syntheticReportVm } from './report-vm';

export interface Stats {
  pings: number;
  p50: number;
  p99: number;
  max: number;
  wallMs: number;
}

export interface LatencyResult {
  reports: number;
  findings: number;
  concurrency: number;
  memoryMb: number;
  inProcess: Stats;
  isolated: Stats;
}

const reports = Number(process.argv[2] ?? 3);
const findings = Number(process.argv[3] ?? 600);
const vm = syntheticReportVm(findings);

const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end('{"status":"ok"}');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const port = (server.address() as { port: number }).port;
const agent = new http.Agent({ keepAlive: true });

function ping(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

async function measure(render: () => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  let done = false;
  const pinger = (async () => {
    while (!done) {
      latencies.push(await ping());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  await render();
  const wallMs = Math.round(performance.now() - t0);
  done = true;
  await pinger;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { pings: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0), wallMs };
}

await renderReportPdf({ ...vm, sections: vm.sections.slice(0, 1) }); // warm-up: module loading
const inProcess = await measure(() => Promise.all(Array.from({ length: reports }, () => renderReportPdf(vm))));
const isolated = await measure(() => Promise.all(Array.from({ length: reports }, () => renderPdfIsolated(vm))));
server.close();
agent.destroy();
const config = getConfig();
const result: LatencyResult = { reports, findings, concurrency: config.RAMPART_REPORT_RENDER_CONCURRENCY, memoryMb: config.RAMPART_REPORT_RENDER_MEMORY_MB, inProcess, isolated };
console.log(JSON.stringify(result));
