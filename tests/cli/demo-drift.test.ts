/**
 * The drifting demo estate: every scripted step changes what Rampart finds (a mistake adds failing
 * results, a fix removes some, the cycle returns to the start), a first start records backdated
 * history with real scans, and the served estate moves one step after each succeeded scan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, loadManifestDirectory, type KubeObject } from '@/e2e/kube-sim';
import { loadManifests } from '@/lib/k8s/load/manifests';
import { runScan } from '@/lib/scans/run';
import { evaluateSnapshot } from '@/lib/evaluation/evaluate';
import { DRIFT_STATES, DRIFT_STEPS, driftState, followDrift, seedDemoHistory } from '@/bin/commands/demo-drift';
import { DEMO_CLUSTER_DIR, registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from '../scans/helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'rampart-drift-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function failing(objects: KubeObject[], i: number): Set<string> {
  const file = path.join(tmp, `state-${i}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const { snapshot, errors } = loadManifests(file);
  expect(errors).toEqual([]);
  return new Set(evaluateSnapshot(snapshot, undefined, { clusterKey: 'demo' }).results.filter((r) => r.status === 'fail').map((r) => r.fingerprint));
}

describe('demo drift', () => {
  let base: KubeObject[];
  beforeAll(async () => {
    base = await loadManifestDirectory(DEMO_CLUSTER_DIR);
  });

  it('each step changes the findings the way it says: mistakes add failing results, fixes remove some', () => {
    const states = Array.from({ length: DRIFT_STATES + 1 }, (_, i) => failing(driftState(base, i), i));
    for (const [i, step] of DRIFT_STEPS.entries()) {
      const before = states[i]!;
      const after = states[i + 1]!;
      const added = [...after].filter((f) => !before.has(f));
      const removed = [...before].filter((f) => !after.has(f));
      if (step.kind === 'mistake') expect(added.length, step.title).toBeGreaterThan(0);
      else expect(removed.length, step.title).toBeGreaterThan(0);
    }
    // The cycle closes: after the last step, the estate is the unchanged one again.
    expect([...states[DRIFT_STATES]!].sort()).toEqual([...states[0]!].sort());
    // The base estate is never modified by computing a state.
    expect(failing(base, 99)).toEqual(states[0]);
  });

  describe('on a real cluster and database', () => {
    let f: ScanFixture;
    let clusterId: string;
    beforeAll(async () => {
      f = await setUpScanFixture();
      clusterId = await registerSimCluster(f, 'demo');
    }, 60_000);
    afterAll(() => f?.restore());

    it('seeds backdated history with real scans of successive states, then follows each new scan with the next state', async () => {
      const now = new Date('2026-12-07T12:00:00Z');
      const seeded = await seedDemoHistory(f.t.db, clusterId, f.sim, base, { now, daysAgo: [10, 6, 2] });
      expect(seeded).toBe(3);
      const scans = await f.t.db.scan.findMany({ where: { clusterId }, orderBy: { finishedAt: 'asc' } });
      expect(scans.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(scans.map((s) => s.startedAt!.toISOString().slice(0, 10))).toEqual(['2026-11-27', '2026-12-01', '2026-12-05']);
      expect(scans.every((s) => s.finishedAt! < now)).toBe(true);
      // Trend points sit on those days; the second scan opened the first step's findings.
      const points = await f.t.db.scanSectionAggregate.findMany({ where: { clusterId, section: 'workloads' }, orderBy: { scannedAt: 'asc' } });
      expect(points.map((p) => p.scannedAt.toISOString().slice(0, 10))).toEqual(['2026-11-27', '2026-12-01', '2026-12-05']);
      expect(scans[1]!.findingsNew).toBeGreaterThan(0);
      expect(scans[2]!.findingsResolved).toBeGreaterThan(0);
      // A cluster with scans is not seeded again.
      expect(await seedDemoHistory(f.t.db, clusterId, f.sim, base, { now, daysAgo: [1] })).toBe(0);

      // The next scan sees state 3; once it succeeded, the one after sees state 4.
      const notes: string[] = [];
      const drift = followDrift(f.t.db, clusterId, f.sim, base, { intervalMs: 50, onStep: (n) => notes.push(n) });
      await drift.ready;
      const crbs = BUILTIN_RESOURCES.find((t) => t.plural === 'clusterrolebindings')!;
      const served = () => f.sim.store.list(crbs).items.some((o) => o.metadata.name === 'ci-deployer-admin');
      expect(served()).toBe(true); // step 3 adds the binding
      const next = await f.t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'queued' } });
      const { summary } = await runScan(f.t.db, next.id);
      expect(summary.findingsNew).toBeGreaterThan(0);
      await waitFor(async () => notes.length > 0, 10_000, 'the next drift step');
      drift.stop();
      expect(notes[0]).toContain(DRIFT_STEPS[3]!.title);
    }, 240_000);
  });
});
