/**
 * kube-sim's watch seen through @kubernetes/client-node 2.0.1: its Watch (newline-delimited JSON
 * events over a chunked 200) and its informer (list, then watch from the list's resourceVersion,
 * relist on 410). Faults: a dropped stream, an API server restart, a compacted history.
 */
import { CoreV1Api, KubeConfig, makeInformer, Watch, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './server';
import type { KubeObject } from './store';

const pod = (name: string, namespace = 'alpha', labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'main', image: 'registry.example.com/app:1.0' }] },
});

interface Seen {
  type: string;
  object: KubernetesObject & { code?: number; reason?: string };
}

/** Waits for a condition on state (no fixed sleeps); fails after a generous deadline. */
async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let sim: KubeSim;
let kc: KubeConfig;
const stops: Array<() => void> = [];

beforeAll(async () => {
  sim = await startKubeSim({ objects: [pod('a'), pod('b'), pod('c', 'beta'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } }], bookmarkIntervalMs: 0 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  sim.setFaults([]);
});
afterAll(async () => {
  await sim.stop();
});

/** Opens a raw watch through client-node's Watch; collects events and how it ended. */
async function watch(path: string, query: Record<string, string | number | boolean>) {
  const events: Seen[] = [];
  let ended: { err: unknown } | undefined;
  const controller = await new Watch(kc).watch(
    path,
    query,
    (type, object) => events.push({ type, object: object as Seen['object'] }),
    (err) => (ended = { err }),
  );
  stops.push(() => controller.abort());
  return { events, ended: () => ended };
}

describe('kube-sim watch', () => {
  it('lists, then streams ADDED / MODIFIED / DELETED after the list resourceVersion, with bookmarks', async () => {
    const list = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'alpha' });
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['a', 'b']);
    const rv = list.metadata?.resourceVersion ?? '';
    const w = await watch('/api/v1/namespaces/alpha/pods', { resourceVersion: rv, allowWatchBookmarks: true });
    await until('the watch to open', () => sim.openWatches > 0);

    sim.applyObject(pod('new'));
    sim.applyObject(pod('other-namespace', 'beta')); // not in the watched namespace
    const changed = sim.applyObject({ ...pod('a'), metadata: { name: 'a', namespace: 'alpha', labels: { changed: 'yes' } } });
    expect(sim.deleteObject({ apiVersion: 'v1', kind: 'Pod', name: 'b', namespace: 'alpha' })).toBe(true);
    sim.sendBookmarks();
    await until('five events', () => w.events.length >= 4 && w.events.at(-1)?.type === 'BOOKMARK');

    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`)).toEqual(['ADDED new', 'MODIFIED a', 'DELETED b', 'BOOKMARK ']);
    const [added, modified, deleted, bookmark] = w.events;
    // Watch events carry full objects with apiVersion and kind, resource versions only grow.
    expect(added.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'alpha', uid: expect.any(String) } });
    expect((modified.object as V1Pod).metadata?.labels).toEqual({ changed: 'yes' });
    expect(modified.object.metadata?.resourceVersion).toBe(changed.metadata.resourceVersion);
    expect(modified.object.metadata?.uid).toBe(list.items[0].metadata?.uid); // a write keeps the uid
    const rvs = w.events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    expect(rvs[1]).toBeGreaterThan(rvs[0]);
    expect(rvs[2]).toBeGreaterThan(rvs[1]);
    expect(bookmark.object).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: deleted.object.metadata?.resourceVersion } });

    // A later list agrees with what the watch said.
    const after = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'alpha' });
    expect(after.items.map((p) => p.metadata?.name)).toEqual(['a', 'new']);
    expect(after.metadata?.resourceVersion).toBe(deleted.object.metadata?.resourceVersion);
  });

  it('replays changes after an older resourceVersion, honours selectors, and answers a too-old one with an ERROR 410 event', async () => {
    const start = sim.store.resourceVersion;
    sim.applyObject(pod('labelled', 'alpha', { tier: 'db' }));
    sim.applyObject(pod('unlabelled'));
    const replay = await watch('/api/v1/pods', { resourceVersion: start, labelSelector: 'tier=db' });
    await until('the replayed change', () => replay.events.length === 1);
    expect(replay.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'labelled' } } });

    sim.compact();
    const old = await watch('/api/v1/pods', { resourceVersion: start });
    const ended = await until('the stream to end', () => old.ended());
    expect(ended.err).toBeNull(); // a clean end, after one ERROR event
    expect(old.events).toHaveLength(1);
    expect(old.events[0].type).toBe('ERROR');
    expect(old.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/too old resource version/) });
  });

  it('sends synthetic ADDED events for every object when no resourceVersion is given, and ends at timeoutSeconds', async () => {
    const w = await watch('/api/v1/namespaces/beta/pods', { timeoutSeconds: 1 });
    const ended = await until('the server to end the watch', () => w.ended());
    expect(ended.err).toBeNull();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED c', 'ADDED other-namespace']);
  });

  it('a dropped stream ends the watch with an error; a restarted server accepts the resumed watch from the same resourceVersion', async () => {
    const rv = sim.store.resourceVersion;
    const w = await watch('/api/v1/pods', { resourceVersion: rv });
    await until('the watch to open', () => sim.openWatches > 0);
    expect(sim.dropWatches()).toBeGreaterThan(0);
    const dropped = await until('the drop to reach the client', () => w.ended());
    expect(dropped.err).toBeTruthy();

    await sim.restart();
    sim.applyObject(pod('after-restart'));
    const resumed = await watch('/api/v1/pods', { resourceVersion: rv });
    await until('the change made across the restart', () => resumed.events.length === 1);
    expect(resumed.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'after-restart' } } });

    // A restart that loses the history: resuming gets 410, as from a fresh watch cache.
    await sim.restart({ compact: true });
    const expired = await watch('/api/v1/pods', { resourceVersion: rv });
    await until('the 410', () => expired.ended());
    expect(expired.events[0].object.code).toBe(410);
  });

  it("client-node's informer keeps its cache current through changes, a 410 (relist) and a dropped connection", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/alpha/pods', () => core.listNamespacedPod({ namespace: 'alpha' }));
    const errors: unknown[] = [];
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    stops.push(() => void informer.stop());
    const names = () => informer.list().map((p) => p.metadata?.name).sort().join(',');
    const initial = names();
    await until('the informer to watch', () => sim.openWatches > 0);

    sim.applyObject(pod('informed'));
    await until('the informer to see the new pod', () => names().includes('informed'));

    // 410: the server ends the stream after an ERROR 410; the informer relists and picks up a change made meanwhile.
    sim.compact();
    sim.dropWatches(); // the informer treats a dropped stream as an error and stops (its documented behaviour) …
    await until('the informer to report the drop', () => errors.length > 0);
    sim.applyObject(pod('while-down'));
    await informer.start(); // … and resumes on start(): its resourceVersion is too old now, so it relists.
    await until('the relisted cache', () => names().includes('while-down'));
    expect(names()).toBe([...initial.split(','), 'informed', 'while-down'].filter(Boolean).sort().join(','));
    expect(sim.requestLog.filter((r) => r.path === '/api/v1/namespaces/alpha/pods' && r.query.watch === undefined).length).toBeGreaterThanOrEqual(2);
  });
});
