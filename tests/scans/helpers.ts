/**
 * Shared set-up for the scan tests: a throwaway PostgreSQL database, a fresh secret key, kube-sim
 * over HTTPS serving fixtures/demo-cluster, and the demo cluster registered through the registry
 * (credentials encrypted, as in production).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startKubeSim, type KubeSim, type KubeSimOptions } from '@/e2e/kube-sim';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { registerCluster } from '@/lib/clusters';

export const DEMO_CLUSTER_DIR = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

export interface ScanFixture {
  sim: KubeSim;
  t: TestDatabase;
  secretKey: string;
  restore(): Promise<void>;
}

export async function setUpScanFixture(simOptions: KubeSimOptions = {}): Promise<ScanFixture> {
  const saved = { key: process.env.RAMPART_SECRET_KEY, url: process.env.DATABASE_URL };
  const secretKey = randomBytes(32).toString('base64');
  process.env.RAMPART_SECRET_KEY = secretKey;
  resetConfigForTests();
  resetSecretKeysForTests();
  const [sim, t] = await Promise.all([startKubeSim({ dir: DEMO_CLUSTER_DIR, version: 'v1.30.4', ...simOptions }), createTestDatabase()]);
  return {
    sim,
    t,
    secretKey,
    async restore() {
      await Promise.all([sim.stop(), t.drop()]);
      for (const [k, v] of [['RAMPART_SECRET_KEY', saved.key], ['DATABASE_URL', saved.url]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfigForTests();
      resetSecretKeysForTests();
    },
  };
}

/** Registers kube-sim as a token cluster; resolves to the cluster id. */
export async function registerSimCluster(f: ScanFixture, name: string, opts: { token?: string; scanSchedule?: string } = {}): Promise<string> {
  const dto = await registerCluster(
    f.t.db,
    {
      name,
      environment: 'production',
      ...(opts.scanSchedule ? { scanSchedule: opts.scanSchedule } : {}),
      credentials: { authType: 'token', server: f.sim.url, token: opts.token ?? f.sim.token, caPem: f.sim.caPem },
    },
    { actor: null },
  );
  return dto.id;
}

/** A queued scan row, as enqueueScan would create it (for runScan tests without a queue). */
export async function queuedScan(f: ScanFixture, clusterId: string): Promise<string> {
  const scan = await f.t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'queued' } });
  return scan.id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs: number, what: string, intervalMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
