/**
 * What a scan tells about the cluster, on kube-sim over HTTPS and real PostgreSQL:
 * - a successful scan is a successful connection: status and Kubernetes version come from the
 *   last successful scan or connection test, whichever is newer;
 * - a scan that could not read Deployments (403) is partial: its score is kept but marked, and
 *   not compared with the full scan before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { getFleetOverview } from '@/lib/dashboard/fleet';
import { recordConnectionResult } from '@/lib/clusters/service';
import { runScan } from '@/lib/scans/run';
import { queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from './helpers';

let f: ScanFixture;
const collect = { retries: 1, backoffBaseMs: 20, timeoutMs: 5_000 };

beforeAll(async () => {
  f = await setUpScanFixture();
});
afterAll(() => f?.restore());

describe('scan outcome on the cluster', () => {
  it('a successful scan sets the connection status and version unless a newer test says otherwise', async () => {
    const clusterId = await registerSimCluster(f, 'never-tested');
    const before = (await getFleetOverview(f.t.db)).clusters.find((c) => c.id === clusterId)!;
    expect(before.connection.state).toBe('untested');

    await runScan(f.t.db, await queuedScan(f, clusterId), { collect });
    const after = (await getFleetOverview(f.t.db)).clusters.find((c) => c.id === clusterId)!;
    expect(after.connection.state).toBe('connected');
    expect(after.serverVersion).toBe('v1.30.4');
    expect(after.connection.checkedAt).toBe(after.latestScan!.at);

    // A newer failed test wins over the older scan…
    await recordConnectionResult(f.t.db, clusterId, { ok: false, error: 'unreachable', message: 'connection refused' } as never, { actor: null });
    expect((await getFleetOverview(f.t.db)).clusters.find((c) => c.id === clusterId)!.connection.state).toBe('unreachable');
    // …until the next successful scan.
    await runScan(f.t.db, await queuedScan(f, clusterId), { collect });
    expect((await getFleetOverview(f.t.db)).clusters.find((c) => c.id === clusterId)!.connection.state).toBe('connected');
  });

  it('a 403 on Deployments makes the scan partial: marked, and not compared with the full scan before it', async () => {
    const clusterId = await registerSimCluster(f, 'partial');
    await runScan(f.t.db, await queuedScan(f, clusterId), { collect });
    const full = await f.t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' } });
    expect(full.partial).toBe(false);

    // The API server now refuses to list Deployments.
    f.sim.setFaults([{ match: /\/apis\/apps\/v1\/(namespaces\/[^/]+\/)?deployments/, method: 'GET', action: { type: 'status', code: 403, message: 'deployments.apps is forbidden' } }]);
    try {
      await runScan(f.t.db, await queuedScan(f, clusterId), { collect });
    } finally {
      f.sim.setFaults([]);
    }
    const blind = await f.t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    expect(blind.id).not.toBe(full.id);
    expect((blind.coverageGaps as Array<{ reason: string }>).some((g) => g.reason === 'forbidden')).toBe(true);
    expect(blind.partial).toBe(true);

    const cards = (await getClusterScorecards(f.t.db, clusterId, () => undefined))!;
    expect(cards.scan).toMatchObject({ partial: true });
    // Two scans exist, but a partial one is compared with nothing.
    expect(cards.previous).toBeNull();
    for (const s of cards.sections) expect(s.delta).toBeNull();
    const trend = await getClusterTrends(f.t.db, clusterId, { from: new Date(Date.now() - 3_600_000), to: new Date() });
    expect(trend.points.map((p) => p.partial)).toEqual([false, true]);
  });
});
