/**
 * The scan page's read model on real scans: kube-sim serves a copy of the demo cluster, a workload is
 * added, removed and added again between scans, and each scan says what it opened, resolved and
 * reopened, how long its phases took, and what is new or fixed against any earlier scan (a finding
 * that came and went in between is neither).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getScanDetail } from '@/lib/scans/detail';
import { runScan } from '@/lib/scans/run';
import { DEMO_CLUSTER_DIR, queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from './helpers';

const DRIFT_POD = `apiVersion: v1
kind: Pod
metadata:
  name: drift-debug
  namespace: default
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

let f: ScanFixture;
let dir: string;
let clusterId: string;
const scans: string[] = [];
const collect = { retries: 1, backoffBaseMs: 20, timeoutMs: 5_000 };

async function scanNow(): Promise<string> {
  await f.sim.reload();
  const id = await queuedScan(f, clusterId);
  await runScan(f.t.db, id, { collect });
  scans.push(id);
  return id;
}

const driftFile = () => path.join(dir, '99-drift.yaml');
const isDrift = (r: { resource: { name: string } }) => r.resource.name === 'drift-debug';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rampart-scan-detail-'));
  cpSync(DEMO_CLUSTER_DIR, dir, { recursive: true });
  f = await setUpScanFixture({ dir });
  clusterId = await registerSimCluster(f, 'drift');
  await scanNow(); // 0: baseline
  writeFileSync(driftFile(), DRIFT_POD);
  await scanNow(); // 1: the pod appears
  rmSync(driftFile());
  await scanNow(); // 2: it is gone
  writeFileSync(driftFile(), DRIFT_POD);
  await scanNow(); // 3: it is back
}, 240_000);
afterAll(async () => {
  await f?.restore();
  rmSync(dir, { recursive: true, force: true });
});

describe('getScanDetail', () => {
  it('lists what a scan opened, with phase durations and the default comparison with the scan before', async () => {
    const d = (await getScanDetail(f.t.db, scans[1]!))!;
    expect(d.scan.id).toBe(scans[1]);
    const opened = d.opened.items.filter(isDrift);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.map((r) => r.checkId)).toContain('privileged-container');
    expect(d.opened.total).toBe((await f.t.db.findingEvent.count({ where: { scanId: scans[1], type: 'opened' } })));
    expect(d.resolved.total).toBe(0);
    for (const phase of ['connect', 'collect', 'evaluate', 'persist'] as const) expect(d.phaseDurations[phase]).toBeGreaterThanOrEqual(0);
    expect(Object.keys(d.phaseDurations)).toHaveLength(4);
    expect(d.objectCounts.pods).toBeGreaterThan(0);
    expect(d.comparison?.scan.id).toBe(scans[0]);
    expect(d.comparison?.newSince.items.filter(isDrift).length).toBe(opened.length);
    expect(d.earlier.map((s) => s.id)).toEqual([scans[0]]);
  });

  it('lists what a scan resolved and reopened', async () => {
    const gone = (await getScanDetail(f.t.db, scans[2]!))!;
    const openedBefore = (await getScanDetail(f.t.db, scans[1]!))!.opened.items.filter(isDrift).map((r) => r.id).sort();
    expect(gone.resolved.items.filter(isDrift).map((r) => r.id).sort()).toEqual(openedBefore);
    expect(gone.comparison?.resolvedSince.items.filter(isDrift).map((r) => r.id).sort()).toEqual(openedBefore);
    const back = (await getScanDetail(f.t.db, scans[3]!))!;
    expect(back.reopened.items.filter(isDrift).map((r) => r.id).sort()).toEqual(openedBefore);
    expect(back.opened.items.filter(isDrift)).toEqual([]);
    expect(back.earlier.map((s) => s.id)).toEqual([scans[2], scans[1], scans[0]]);
  });

  it('compares with any earlier scan by net change: what came and went in between is neither new nor fixed', async () => {
    // Open at scan 1, resolved at 2, back at 3: unchanged between 1 and 3.
    const vs1 = (await getScanDetail(f.t.db, scans[3]!, { compareTo: scans[1] }))!;
    expect(vs1.comparison?.scan.id).toBe(scans[1]);
    expect(vs1.comparison?.newSince.items.filter(isDrift)).toEqual([]);
    expect(vs1.comparison?.resolvedSince.items.filter(isDrift)).toEqual([]);
    // Not there at scan 0: new since then, however often it changed in between.
    const vs0 = (await getScanDetail(f.t.db, scans[3]!, { compareTo: scans[0] }))!;
    expect(vs0.comparison?.newSince.items.filter(isDrift).length).toBeGreaterThan(0);
    expect(vs0.comparison?.sections.map((s) => s.section)).toEqual(['cluster', 'authentication', 'authorization', 'images', 'workloads', 'secrets']);
    // A later scan or another cluster's scan is no comparison.
    const later = (await getScanDetail(f.t.db, scans[1]!, { compareTo: scans[3] }))!;
    expect(later.comparison?.scan.id).toBe(scans[0]);
  });

  it('returns null for an unknown scan, and no comparison for a cluster\'s first scan', async () => {
    expect(await getScanDetail(f.t.db, 'no-such-scan')).toBeNull();
    const first = (await getScanDetail(f.t.db, scans[0]!))!;
    expect(first.comparison).toBeNull();
    expect(first.earlier).toEqual([]);
  });
});
