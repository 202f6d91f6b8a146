/**
 * HTTP latency of the dashboard's heaviest reads at scale, measured with autocannon on loopback
 * against a running `rampart serve` (production build):
 *   - GET /api/findings with 5,000,000 finding rows: the findings browser's default view, one
 *     cluster's critical + high, the excepted findings, group by check, one namespace and kind,
 *   - GET /api/clusters/<id>/scorecards (the cluster page),
 *   - GET /api/clusters/<id>/trends?range=1y over 365 daily scans.
 * Data: bench/big-dataset.ts (the demo cluster's real scan history, its findings multiplied in
 * SQL to 5M rows, about 2% of them under accepted risk, and 365 daily scans' aggregates).
 * Target: p95 under 50 ms (autocannon reports p90 and p97.5; p95 lies between them).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { hashApiToken } from '../lib/auth/api-tokens';
import { createTestDatabase } from '../lib/db/test-utils';
import { seedBigDataset } from './big-dataset';

export interface HttpBenchRow {
  route: string;
  requests: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  errors: number;
}

export interface HttpBenchResult {
  findings: number;
  scans: number;
  rows: HttpBenchRow[];
}

const PORT = 3210;
const ADMIN = { email: 'bench@rampart.test', password: 'bench-password-123456' };

export async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('rampart serve did not become healthy in time');
}

export async function runHttpBenchmark(targetFindings = 5_000_000, seconds = 10): Promise<HttpBenchResult> {
  const t = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rampart-http-bench-'));
  const server = { kill: () => undefined as unknown } as { kill: (s?: NodeJS.Signals) => unknown };
  try {
    const { db } = t;
    const { clusterId } = await seedBigDataset(db, targetFindings);
    const findings = await db.finding.count();
    const scans = await db.scan.count({ where: { clusterId } });

    const url = `http://127.0.0.1:${PORT}`;
    const child = spawn(process.execPath, ['--max-semi-space-size=16', 'bin/rampart.mjs', 'serve', '--port', String(PORT), '--hostname', '127.0.0.1'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        RAMPART_DATA_DIR: dataDir,
        RAMPART_BASE_URL: url,
        RAMPART_ADMIN_EMAIL: ADMIN.email,
        RAMPART_ADMIN_PASSWORD: ADMIN.password,
        RAMPART_WORKER_IN_SERVE: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    server.kill = (s) => child.kill(s);
    await waitForHealth(url, 120_000);

    const admin = await db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    const token = `rmp_${randomBytes(32).toString('base64url')}`;
    await db.apiToken.create({ data: { userId: admin.id, name: 'bench', prefix: token.slice(0, 12), tokenHash: hashApiToken(token) } });
    const headers = { authorization: `Bearer ${token}` };

    const rows: HttpBenchRow[] = [];
    for (const route of [
      '/api/findings',
      `/api/findings?cluster=${clusterId}&severity=critical,high`,
      '/api/findings?status=excepted',
      `/api/findings?cluster=${clusterId}&group=check`,
      `/api/findings?cluster=${clusterId}&namespace=legacy&kind=Deployment`,
      `/api/clusters/${clusterId}/scorecards`,
      `/api/clusters/${clusterId}/trends?range=1y`,
    ]) {
      const probe = await fetch(url + route, { headers });
      if (!probe.ok) throw new Error(`${route} answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      const r = await autocannon({ url: url + route, headers, connections: 4, duration: seconds });
      rows.push({ route: route.replace(clusterId, '<id>'), requests: r.requests.total, p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, errors: r.errors + r.non2xx });
    }
    return { findings, scans, rows };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await t.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
