/**
 * The same queue on the embedded database (PGlite in-process, pg-boss through fromPglite, Prisma
 * through PrismaPGlite, one shared connection): enqueue, dedupe, run, retry a transient failure.
 */
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@/e2e/kube-sim';
import { registerCluster } from '@/lib/clusters';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { createEmbeddedTestDatabase, type EmbeddedTestDatabase } from '@/lib/db/test-utils';
import { createBoss, enqueueScan, startScanWorker, type ScanWorker } from '@/lib/jobs';
import { DEMO_CLUSTER_DIR, waitFor } from './helpers';
import { randomBytes } from 'node:crypto';

let sim: KubeSim;
let t: EmbeddedTestDatabase;
let boss: PgBoss;
let worker: ScanWorker;
const savedKey = process.env.RAMPART_SECRET_KEY;

beforeAll(async () => {
  process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
  resetConfigForTests();
  resetSecretKeysForTests();
  [sim, t] = await Promise.all([startKubeSim({ dir: DEMO_CLUSTER_DIR }), createEmbeddedTestDatabase()]);
  boss = await createBoss({ pglite: t.pglite, boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } });
  worker = await startScanWorker({
    db: t.db,
    boss,
    concurrency: 2,
    queue: { retryDelay: 1, retryDelayMax: 2, heartbeatSeconds: 10 },
    pollingIntervalSeconds: 0.5,
    schedules: false,
    run: { collect: { retries: 1, backoffBaseMs: 10, timeoutMs: 2_000 } },
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop({ wait: true });
  await boss?.stop({ graceful: false });
  await Promise.all([sim?.stop(), t?.drop()]);
  if (savedKey === undefined) delete process.env.RAMPART_SECRET_KEY;
  else process.env.RAMPART_SECRET_KEY = savedKey;
  resetConfigForTests();
  resetSecretKeysForTests();
}, 60_000);

describe('scan queue on the embedded database', () => {
  it('enqueues once, retries a transient failure and completes', async () => {
    const cluster = await registerCluster(t.db, { name: 'embedded', environment: 'development', credentials: { authType: 'token', server: sim.url, token: sim.token, caPem: sim.caPem } }, { actor: null });
    sim.setFaults([{ match: '/api/v1/pods', times: 2, action: { type: 'status', code: 500 } }]);
    const [a, b] = await Promise.all([
      enqueueScan(t.db, { clusterId: cluster.id, trigger: 'manual' }, boss),
      enqueueScan(t.db, { clusterId: cluster.id, trigger: 'manual' }, boss),
    ]);
    expect(a.scan.id).toBe(b.scan.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const done = await waitFor(async () => {
      const s = await t.db.scan.findUniqueOrThrow({ where: { id: a.scan.id } });
      return s.status === 'succeeded' || s.status === 'failed' ? s : null;
    }, 60_000, 'the embedded scan', 200);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect((done.progress as { attempt?: number }).attempt).toBe(2);
    expect(await t.db.finding.count({ where: { clusterId: cluster.id } })).toBe(done.findingsNew);
  }, 90_000);
});
