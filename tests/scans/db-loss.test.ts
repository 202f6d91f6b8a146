/**
 * The database connection is dropped in the middle of persisting a scan (pg_terminate_backend on
 * every connection to the test database — the shared server itself keeps running). A trigger
 * on scan_artifacts holds the persist transaction open long enough to cut it mid-write. The scan
 * must go back to the queue (or fail) with code "database", nothing of it may be saved, and the
 * retry must then save it completely, exactly once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, ScanRunError } from '@/lib/scans/run';
import { loadManifestDirectory } from '@/e2e/kube-sim';
import { DEMO_CLUSTER_DIR, queuedScan, registerSimCluster, setUpScanFixture, sleep, waitFor, type ScanFixture } from './helpers';

let f: ScanFixture;
let admin: pg.Client;
let clusterId: string;
const collect = { retries: 1, backoffBaseMs: 10, timeoutMs: 2_000 };

beforeAll(async () => {
  f = await setUpScanFixture();
  clusterId = await registerSimCluster(f, 'db-loss');
  admin = new pg.Client({ connectionString: f.t.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await f?.restore();
});

async function counts(scanId: string) {
  const db = f.t.db;
  return {
    findings: await db.finding.count({ where: { clusterId } }),
    events: await db.findingEvent.count({ where: { scanId } }),
    sections: await db.scanSectionAggregate.count({ where: { scanId } }),
    checks: await db.scanCheckAggregate.count({ where: { scanId } }),
    artifacts: await db.scanArtifact.count({ where: { scanId } }),
  };
}

describe('database connection lost mid-persist', () => {
  it('nothing is half-written; the scan is retried and then saved exactly once', async () => {
    // A first, complete scan: its data must survive the failed one untouched.
    const first = await queuedScan(f, clusterId);
    await runScan(f.t.db, first, { collect });
    const findingsBefore = await f.t.db.finding.findMany({ orderBy: { id: 'asc' } });

    const objects = await loadManifestDirectory(DEMO_CLUSTER_DIR);
    f.sim.replaceObjects(objects.filter((o) => !(o.kind === 'Deployment' && o.metadata?.namespace === 'payments')));
    await admin.query(`
      CREATE FUNCTION slow_artifact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(5); RETURN NEW; END $$;
      CREATE TRIGGER slow_artifact BEFORE INSERT ON scan_artifacts FOR EACH ROW EXECUTE FUNCTION slow_artifact();`);
    const scanId = await queuedScan(f, clusterId);
    const running = runScan(f.t.db, scanId, { collect, retryTransient: true, attempt: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    // Wait until the persist transaction sits in the trigger, then cut every connection but ours.
    await waitFor(async () => {
      const r = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE 'INSERT INTO%scan_artifacts%'`);
      return (r.rowCount ?? 0) > 0;
    }, 45_000, 'persist to reach the artifact insert', 20);
    const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    expect(killed.rowCount).toBeGreaterThan(0);
    await admin.query('DROP TRIGGER slow_artifact ON scan_artifacts; DROP FUNCTION slow_artifact();');

    const err = (await running) as ScanRunError;
    const why = err instanceof Error ? `${err.message} / cause: ${String((err as { cause?: unknown }).cause)}` : String(err);
    expect(err, why).toBeInstanceOf(ScanRunError);
    expect(err.code, why).toBe('database');
    expect(err.retrying).toBe(true);
    await sleep(100);
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    // The failure was recorded on a fresh connection: back in the queue with the reason.
    expect(scan, why).toMatchObject({ status: 'queued', phase: 'retrying', errorCode: 'database' });
    expect(scan.error).toMatch(/connection to the database was lost/);
    expect(await counts(scanId)).toEqual({ findings: findingsBefore.length, events: 0, sections: 0, checks: 0, artifacts: 0 });
    expect(await f.t.db.finding.findMany({ orderBy: { id: 'asc' } })).toEqual(findingsBefore);

    // The retry saves the scan completely, once.
    await runScan(f.t.db, scanId, { collect, retryTransient: true, attempt: 2 });
    const done = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect(done.findingsResolved).toBeGreaterThan(0);
    const after = await counts(scanId);
    expect(after).toMatchObject({ sections: 6, artifacts: 2 }); // the RBAC model and the image inventory, once each
    expect(after.events).toBe(done.findingsNew + done.findingsResolved);
    const fingerprints = await f.t.db.finding.findMany({ where: { clusterId }, select: { fingerprint: true } });
    expect(new Set(fingerprints.map((x) => x.fingerprint)).size).toBe(fingerprints.length);
  }, 120_000);
});
