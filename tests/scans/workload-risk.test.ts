/**
 * The workload ranking is computed within the scan and stored with it: runScan against kube-sim
 * serving the demo estate writes workload_risks rows (rank order = score order), the "fix first"
 * read model returns them with their links resolved to the scan's findings, and a later scan
 * keeps its own ranking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '@/lib/scans/run';
import { getFixFirst, getWorkloadRisk } from '@/lib/dashboard/fix-first';
import { queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from './helpers';

let f: ScanFixture;
let clusterId: string;
const collect = { retries: 2, backoffBaseMs: 20, timeoutMs: 5_000 };

beforeAll(async () => {
  f = await setUpScanFixture();
  clusterId = await registerSimCluster(f, 'demo');
});
afterAll(() => f?.restore());

describe('workload risk persistence', () => {
  it('stores the ranking of each scan, highest score first, with its attack paths', async () => {
    const scanId = await queuedScan(f, clusterId);
    await runScan(f.t.db, scanId, { collect });
    const rows = await f.t.db.workloadRisk.findMany({ where: { scanId }, orderBy: { rank: 'asc' } });
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
    expect(rows.every((r) => r.clusterId === clusterId)).toBe(true);
    const dashboard = rows.find((r) => r.kind === 'Deployment' && r.name === 'kubernetes-dashboard');
    expect(dashboard?.path).toMatchObject({ target: 'cluster-admin' });

    const second = await queuedScan(f, clusterId);
    await runScan(f.t.db, second, { collect });
    expect(await f.t.db.workloadRisk.count({ where: { scanId } })).toBe(rows.length);
    expect(await f.t.db.workloadRisk.count({ where: { scanId: second } })).toBe(rows.length);
  });

  it('the fix-first read model serves the latest scan, links resolved to open findings', async () => {
    const top = await getFixFirst(f.t.db, { clusterId, limit: 5 });
    expect(top).toHaveLength(5);
    const latest = await f.t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    expect(top.every((r) => r.scanId === latest.id && r.cluster.name === 'demo')).toBe(true);
    for (const r of top) for (const factor of r.factors) for (const l of factor.findings) expect(r.findings[l.fingerprint]?.status, `${factor.id} ${l.checkId}`).toBe('open');

    const fleet = await getFixFirst(f.t.db, { limit: 100 });
    const dashboard = fleet.find((r) => r.resource.name === 'kubernetes-dashboard')!;
    const detail = await getWorkloadRisk(f.t.db, dashboard.id);
    const cut = detail!.path!.cut.finding!;
    const finding = await f.t.db.finding.findUniqueOrThrow({ where: { id: detail!.findings[cut.fingerprint]!.id } });
    expect(finding.checkId).toBe('rbac-cluster-admin-binding');
    expect(await getWorkloadRisk(f.t.db, 'no-such-id')).toBeNull();
  });
});
