/**
 * Watch mode end to end: the demo cluster served by kube-sim, watch mode switched on through the
 * cluster registry (audited), a WatchManager as `rampart worker` runs it, real PostgreSQL. A
 * privileged Pod created in the cluster becomes an open finding in the findings browser's read
 * model (lib/dashboard/findings.ts) through a scan of trigger "watch", naming the change that
 * opened it; the watch survives a compacted history (410 → relist), dropped connections and an
 * API server restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@/e2e/kube-sim';
import { getCheck } from '@/lib/checks';
import { updateCluster } from '@/lib/clusters';
import { listFindings } from '@/lib/dashboard/findings';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { WatchManager } from '@/lib/watch/manager';
import { registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from '../scans/helpers';

const DEADLINE_MS = 60_000;
let f: ScanFixture;
let clusterId: string;
let manager: WatchManager;

const privilegedPod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'registry.example.com/tools@sha256:' + 'a'.repeat(64), securityContext: { privileged: true } }] },
});

/** The open privileged-container finding on a Pod, as the findings browser lists it. */
async function openFindingOn(podName: string, cluster = clusterId) {
  const page = await listFindings(f.t.db, parseFindingFilters({ cluster, check: 'privileged-container', status: 'open', limit: '200' }), (id) => getCheck(id)?.title);
  return page.findings.find((x) => x.resource.kind === 'Pod' && x.resource.name === podName);
}

const watch = () => manager.watchOf(clusterId);

beforeAll(async () => {
  f = await setUpScanFixture({ bookmarkIntervalMs: 200 });
  clusterId = await registerSimCluster(f, 'watched');
  await updateCluster(f.t.db, clusterId, { watchMode: true }, { actor: null });
  manager = new WatchManager({
    db: f.t.db,
    pollMs: 500,
    watch: { debounceMs: 300, maxDelayMs: 2000, backoffBaseMs: 100, backoffMaxMs: 500, pollMs: 300, collect: { backoffBaseMs: 10 } },
  });
  manager.start();
  // Every watched kind has its stream open (the base collection and the lists are done).
  await waitFor(async () => (watch()?.stats.lists ?? 0) >= 24 && f.sim.openWatches >= 24, DEADLINE_MS, 'the watches to open', 50);
}, 120_000);

afterAll(async () => {
  await manager?.stop();
  await f?.restore();
});

describe('watch mode', () => {
  it('is an audited cluster setting, and one worker holds the cluster', async () => {
    const audit = await f.t.db.auditEvent.findFirst({ where: { action: 'cluster.updated', targetId: clusterId }, orderBy: { at: 'desc' } });
    expect(audit?.details).toMatchObject({ changed: ['watchMode'], watchMode: true });
    const row = await f.t.db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(row.watchLeaseHolder).toBe(manager.holder);
  });

  it('a privileged Pod created in the cluster becomes an open finding that names the change', async () => {
    const created = f.sim.applyObject(privilegedPod('watch-priv-1'));
    const finding = await waitFor(() => openFindingOn('watch-priv-1'), DEADLINE_MS, 'the finding in the findings browser');
    expect(finding.severity).toBe('critical');
    expect(finding.openedByChange).toMatchObject({ type: 'ADDED', kind: 'Pod', namespace: 'default', name: 'watch-priv-1', resourceVersion: created.metadata.resourceVersion });
    expect(Date.parse(finding.openedByChange?.at ?? '')).not.toBeNaN();
    const row = await f.t.db.finding.findUniqueOrThrow({ where: { id: finding.id }, select: { firstSeenScan: { select: { trigger: true, status: true } } } });
    expect(row.firstSeenScan).toEqual({ trigger: 'watch', status: 'succeeded' });
  });

  it('recovers from a compacted history (410 Gone) by relisting', async () => {
    const before = { ...watch()!.stats };
    f.sim.dropWatches();
    f.sim.applyObject(privilegedPod('watch-priv-2')); // made while the watches are down …
    f.sim.compact(); // … and forgotten by the server's history: resuming gets 410, only a relist sees it
    await waitFor(() => openFindingOn('watch-priv-2'), DEADLINE_MS, 'the finding after the relist');
    expect(watch()!.stats.relistsAfterGone).toBeGreaterThan(before.relistsAfterGone);
  });

  it('resumes after dropped connections and an API server restart without relisting', async () => {
    await waitFor(async () => f.sim.openWatches >= 24, DEADLINE_MS, 'the watches to reopen', 50);
    const before = { ...watch()!.stats };
    f.sim.dropWatches();
    f.sim.applyObject(privilegedPod('watch-priv-3'));
    await waitFor(() => openFindingOn('watch-priv-3'), DEADLINE_MS, 'the finding after the drop');

    await f.sim.restart({ downMs: 300 });
    f.sim.applyObject(privilegedPod('watch-priv-4'));
    await waitFor(() => openFindingOn('watch-priv-4'), DEADLINE_MS, 'the finding after the restart');
    const after = watch()!.stats;
    expect(after.reconnects).toBeGreaterThan(before.reconnects);
    expect(after.relistsAfterGone).toBe(before.relistsAfterGone); // resumed from the resourceVersion, no relist needed
  });

  it('an identity that may list but not watch a kind gets it polled by relisting', async () => {
    const listOnly = f.sim.addToken({ user: 'system:serviceaccount:rampart:list-only', deny: [{ resource: 'pods', verb: 'watch' }] });
    const other = await registerSimCluster(f, 'list-only', { token: listOnly });
    await updateCluster(f.t.db, other, { watchMode: true }, { actor: null });
    await waitFor(async () => (manager.watchOf(other)?.stats.polledKinds ?? 0) === 1, DEADLINE_MS, 'pods to be polled', 50);
    f.sim.applyObject(privilegedPod('watch-priv-polled'));
    const finding = await waitFor(() => openFindingOn('watch-priv-polled', other), DEADLINE_MS, 'the finding through polling');
    expect(finding.openedByChange).toMatchObject({ kind: 'Pod', name: 'watch-priv-polled' });
  });

  it('a deleted Pod resolves its finding at the next re-evaluation', async () => {
    f.sim.deleteObject({ apiVersion: 'v1', kind: 'Pod', name: 'watch-priv-1', namespace: 'default' });
    await waitFor(async () => !(await openFindingOn('watch-priv-1')), DEADLINE_MS, 'the finding to resolve');
  });
});
