/**
 * Two web replicas on one database: the e2e stack's `rampart serve` (replica A) and a second
 * `rampart serve` process started here (replica B) with its own, empty data directory and the
 * same secret key, as two pods of the production overlay would run. A report rendered by A
 * downloads through B, and neither replica writes the PDF to its local disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR, E2E_DATABASE_URL_FILE, E2E_REPLICA_PORT } from './support/env';
import { scannedDemoCluster } from './support/clusters';
import { signIn } from './support/sign-in';

const REPLICA_URL = `http://127.0.0.1:${E2E_REPLICA_PORT}`;

let replica: ChildProcess | undefined;
let replicaDir: string | undefined;

test.afterAll(async () => {
  if (replica && replica.exitCode === null) {
    const exited = new Promise((resolve) => replica?.once('exit', resolve));
    replica.kill('SIGTERM');
    await exited;
  }
  if (replicaDir) rmSync(replicaDir, { recursive: true, force: true });
});

/** Starts replica B on the stack's database and waits until it answers its health check. */
async function startReplica(page: Page): Promise<void> {
  replicaDir = mkdtempSync(path.join(os.tmpdir(), 'rampart-replica-'));
  replica = spawn(process.execPath, ['bin/rampart.mjs', 'serve', '--port', String(E2E_REPLICA_PORT), '--hostname', '127.0.0.1'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: readFileSync(E2E_DATABASE_URL_FILE, 'utf8').trim(),
      RAMPART_DATA_DIR: replicaDir,
      // Replicas share the master key (a Secret in Kubernetes); here it is the stack's generated one.
      RAMPART_SECRET_KEY: readFileSync(path.join(E2E_DATA_DIR, 'secret.key'), 'utf8').trim(),
      RAMPART_BASE_URL: REPLICA_URL,
      RAMPART_WORKER_IN_SERVE: 'false',
    },
  });
  await expect
    .poll(async () => (await page.request.get(`${REPLICA_URL}/api/health`).catch(() => undefined))?.status(), { timeout: 90_000, intervals: [500] })
    .toBe(200);
}

test('a report rendered by one replica downloads through another with an empty data directory', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await Promise.all([scannedDemoCluster(page), startReplica(page)]);

  // Replica A renders the report in the background (queued through the API, as the form does for large reports).
  const queued = await page.request.post('/api/reports', { data: {} });
  expect(queued.status(), await queued.text()).toBe(202);
  const id = ((await queued.json()) as { report: { id: string } }).report.id;
  const reportOn = async (base: string) => ((await (await page.request.get(`${base}/api/reports/${id}`)).json()) as { report: { status: string; bytes: number } }).report;
  await expect.poll(async () => (await reportOn('')).status, { timeout: 120_000, intervals: [1000] }).toBe('succeeded');

  // Replica B sees the same row (same session, same database) and serves the file.
  const row = await reportOn(REPLICA_URL);
  expect(row.status).toBe('succeeded');
  const file = await page.request.get(`${REPLICA_URL}/api/reports/${id}/download`);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  const body = await file.body();
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  expect(body.length).toBe(row.bytes);

  // Neither replica kept a local copy.
  expect(existsSync(path.join(E2E_DATA_DIR, 'reports'))).toBe(false);
  expect(existsSync(path.join(replicaDir ?? '', 'reports'))).toBe(false);
});
