/**
 * runScan end to end: real PostgreSQL, kube-sim over HTTPS serving the demo cluster, the
 * cluster's credentials decrypted from the registry. Then the API server misbehaves (5xx, 429,
 * hangs, truncated bodies, rejected credentials) and the scan must fail with a clear reason and
 * code, or go back to the queue when the failure is transient — never touching earlier data.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RBAC_ARTIFACT_KIND, buildRbacModel, isRbacArtifact, type RbacArtifact } from '../../lib/rbac/explorer';
import { loadManifestDirectory, parseManifestText } from '@/e2e/kube-sim';
import { runScan, ScanRunError } from '@/lib/scans/run';
import { DEMO_CLUSTER_DIR, queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from './helpers';

let f: ScanFixture;
let clusterId: string;
/** Fast collector settings: few retries, short backoff, short timeouts. */
const collect = { retries: 2, backoffBaseMs: 20, timeoutMs: 2_000 };

beforeAll(async () => {
  f = await setUpScanFixture();
  clusterId = await registerSimCluster(f, 'demo');
});
afterAll(() => f?.restore());
beforeEach(() => {
  f.sim.setFaults([]);
  f.sim.setLatency(0);
});

async function snapshotOfData() {
  const db = f.t.db;
  const [findings, events, sections, checks, artifacts, docs] = await Promise.all([
    db.finding.findMany({ orderBy: { fingerprint: 'asc' }, select: { fingerprint: true, status: true, lastSeenScanId: true, resolvedScanId: true } }),
    db.findingEvent.count(),
    db.scanSectionAggregate.count(),
    db.scanCheckAggregate.count(),
    db.scanArtifact.count(),
    db.resourceDocument.count(),
  ]);
  return { findings, events, sections, checks, artifacts, docs };
}

describe('runScan', () => {
  let firstScanId = '';

  it('connects, collects, evaluates and persists: findings, aggregates, manifests, RBAC graph, progress', async () => {
    const scanId = await queuedScan(f, clusterId);
    const phases = new Set<string>();
    const poll = setInterval(() => {
      void f.t.db.scan.findUnique({ where: { id: scanId }, select: { phase: true } }).then((s) => s?.phase && phases.add(s.phase));
    }, 20);
    f.sim.setLatency(30); // slow enough for progress writes to be seen
    const { summary } = await runScan(f.t.db, scanId, { collect, progressIntervalMs: 50 });
    clearInterval(poll);
    firstScanId = scanId;

    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({ status: 'succeeded', phase: 'done', kubernetesVersion: 'v1.30.4', error: null, errorCode: null });
    expect(scan.startedAt).toBeInstanceOf(Date);
    expect(scan.durationMs).toBeGreaterThan(0);
    expect(scan.score).toBe(summary.scores.overall.score);
    expect(scan.findingsNew).toBeGreaterThan(10);
    expect((scan.objectCounts as Record<string, number>).pods).toBeGreaterThan(0);
    const progress = scan.progress as Record<string, number>;
    expect(progress.kindsTotal).toBeGreaterThan(10);
    expect(progress.kindsDone).toBe(progress.kindsTotal);
    expect(progress.checksDone).toBe(progress.checksTotal);
    expect(progress.objects).toBeGreaterThan(0);
    expect(phases.has('collect')).toBe(true);

    expect(await f.t.db.finding.count({ where: { clusterId, status: 'open' } })).toBe(scan.findingsNew);
    expect(await f.t.db.scanSectionAggregate.count({ where: { scanId } })).toBe(6);
    // The RBAC explorer's data for this scan: it rebuilds the same analysis as the snapshot.
    const artifact = await f.t.db.scanArtifact.findUniqueOrThrow({ where: { scanId_kind: { scanId, kind: RBAC_ARTIFACT_KIND } } });
    expect(isRbacArtifact(artifact.data)).toBe(true);
    const model = buildRbacModel(artifact.data as unknown as RbacArtifact);
    expect(model.analysis.bindings.length).toBeGreaterThan(0);
    expect(JSON.stringify(artifact.data)).not.toMatch(/"data":\{/);

    // Manifests of failing resources are stored; never managedFields, never Secret values.
    const withManifest = await f.t.db.finding.findFirstOrThrow({ where: { clusterId, resourceKind: 'Deployment', manifestHash: { not: null } }, include: { manifest: true } });
    expect((withManifest.manifest?.body as { kind?: string }).kind).toBe('Deployment');
    const docs = await f.t.db.resourceDocument.findMany({ where: { kind: 'Secret' } });
    for (const d of docs) expect(Object.keys(d.body as object).sort()).toEqual(expect.not.arrayContaining(['data', 'stringData']));
    expect(JSON.stringify(await f.t.db.resourceDocument.findMany())).not.toContain('managedFields');
  });

  it('a second scan of an unchanged cluster opens and resolves nothing', async () => {
    const scanId = await queuedScan(f, clusterId);
    await runScan(f.t.db, scanId, { collect });
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({ status: 'succeeded', findingsNew: 0, findingsResolved: 0 });
  });

  const faults: Array<{ name: string; rules: Parameters<ScanFixture['sim']['setFaults']>[0]; code: string; message: RegExp }> = [
    { name: 'API server 500 on every pods list', rules: [{ match: '/api/v1/pods', action: { type: 'status', code: 500, message: 'etcd leader changed' } }], code: 'server', message: /kept failing GET \/api\/v1\/pods.*500/ },
    { name: '429 that never lets up', rules: [{ match: '/apis/apps/v1/deployments', action: { type: 'rate-limit', retryAfterSeconds: 0 } }], code: 'server', message: /429/ },
    { name: 'a list that hangs', rules: [{ match: '/api/v1/services', action: { type: 'hang' } }], code: 'timeout', message: /did not answer GET \/api\/v1\/services/ },
    { name: 'a body truncated mid-list', rules: [{ match: '/api/v1/namespaces?', action: { type: 'truncate' } }], code: 'invalid-response', message: /unreadable body|unreachable|Cannot reach/ },
  ];

  for (const c of faults) {
    it(`${c.name}: fails with code "${c.code}" and a clear reason; earlier data intact`, async () => {
      const before = await snapshotOfData();
      f.sim.setFaults(c.rules);
      const scanId = await queuedScan(f, clusterId);
      const err = await runScan(f.t.db, scanId, { collect: { ...collect, timeoutMs: 500 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ScanRunError);
      const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
      expect(scan.status).toBe('failed');
      // A truncated body surfaces either as unparseable JSON or as a connection closed mid-response.
      if (c.code === 'invalid-response') expect(['invalid-response', 'unreachable']).toContain(scan.errorCode);
      else expect(scan.errorCode).toBe(c.code);
      expect(scan.error).toMatch(c.message);
      expect(scan.error).not.toContain(f.sim.token);
      expect(scan.finishedAt).toBeInstanceOf(Date);
      expect(await snapshotOfData()).toEqual(before);
      expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: firstScanId } })).toMatchObject({ status: 'succeeded' });
    });
  }

  it.each([
    ['never answers', { type: 'hang' as const }],
    ['sends headers and part of a list, then stalls', { type: 'stall' as const, bytes: 64 }],
  ])('an API server that %s fails the scan once the stall bound is spent, without going back to the queue', async (_name, action) => {
    f.sim.setFaults([{ match: '/api/v1/pods', action }]);
    f.sim.clearRequestLog();
    const scanId = await queuedScan(f, clusterId);
    // Many retries of a short per-request timeout: without the bound they would go on for each of them, then the queue would retry the scan.
    const err = (await runScan(f.t.db, scanId, { collect: { ...collect, retries: 50, timeoutMs: 200, stallBudgetMs: 1_000 }, retryTransient: true, attempt: 1 }).catch((e: unknown) => e)) as ScanRunError;
    expect(err).toBeInstanceOf(ScanRunError);
    expect(err.retrying).toBe(false);
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({ status: 'failed', errorCode: 'timeout' });
    expect(scan.error).toMatch(/stopped answering/);
    expect(scan.error).toMatch(/RAMPART_SCAN_STALL_SECONDS/);
    // Each stalled request is cut at the per-request timeout and retried only while the bound lasts.
    const podRequests = f.sim.requestLog.filter((r) => r.path === '/api/v1/pods').length;
    expect(podRequests).toBeGreaterThanOrEqual(1);
    expect(podRequests).toBeLessThan(50);
  });

  it('a transient failure with retryTransient goes back to the queue (and says so)', async () => {
    f.sim.setFaults([{ match: '/api/v1/pods', action: { type: 'status', code: 503 } }]);
    const scanId = await queuedScan(f, clusterId);
    const err = (await runScan(f.t.db, scanId, { collect, retryTransient: true, attempt: 1 }).catch((e: unknown) => e)) as ScanRunError;
    expect(err).toBeInstanceOf(ScanRunError);
    expect(err.retrying).toBe(true);
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({ status: 'queued', phase: 'retrying', errorCode: 'server' });
    expect(scan.error).toMatch(/^Attempt 1 failed: .*Retrying\.$/);

    // The retry succeeds once the API server recovers.
    f.sim.setFaults([]);
    await runScan(f.t.db, scanId, { collect, retryTransient: true, attempt: 2 });
    expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ status: 'succeeded', error: null, errorCode: null });
  });

  it('429 for a few requests is absorbed by the collector: the scan succeeds', async () => {
    f.sim.setFaults([{ match: '/api/v1/pods', times: 2, action: { type: 'rate-limit', retryAfterSeconds: 0 } }]);
    const scanId = await queuedScan(f, clusterId);
    await runScan(f.t.db, scanId, { collect });
    expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ status: 'succeeded' });
    expect(f.sim.faultHits()).toEqual([2]);
  });

  it('rejected credentials (401) fail at once and are never retried', async () => {
    const badCluster = await registerSimCluster(f, 'bad-token', { token: 'not-a-valid-token' });
    const scanId = await queuedScan(f, badCluster);
    const err = (await runScan(f.t.db, scanId, { collect, retryTransient: true }).catch((e: unknown) => e)) as ScanRunError;
    expect(err.retrying).toBe(false);
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });
    expect(scan.error).toMatch(/rejected the credentials \(401 Unauthorized\)/);
    expect(scan.error).not.toContain('not-a-valid-token');
  });

  it('undecryptable stored credentials fail with code "credentials"', async () => {
    const other = await registerSimCluster(f, 'broken-creds');
    await f.t.db.cluster.update({ where: { id: other }, data: { credentials: 'v1:nokey:AAAA:BBBB:CCCC' } });
    const scanId = await queuedScan(f, other);
    await runScan(f.t.db, scanId, { collect, retryTransient: true }).catch(() => undefined);
    expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ status: 'failed', errorCode: 'credentials' });
  });

  it('a scanner denied secrets, RBAC and nodes/proxy still scans; the gaps are recorded on the scan', async () => {
    const restricted = await registerSimCluster(f, 'restricted', { token: f.sim.restrictedToken });
    const scanId = await queuedScan(f, restricted);
    await runScan(f.t.db, scanId, { collect });
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan.status).toBe('succeeded');
    const gaps = scan.coverageGaps as Array<{ resource: string; reason: string; message: string }>;
    expect(gaps.map((g) => g.resource)).toEqual(expect.arrayContaining(['secrets']));
    expect(gaps.every((g) => g.reason && g.message)).toBe(true);
  });

  it('a scan that already finished is not run again', async () => {
    await expect(runScan(f.t.db, firstScanId)).rejects.toThrow(/already finished/);
  });

  it('the cluster changes: the next scan opens findings for the new problem and resolves the fixed ones', async () => {
    await runScan(f.t.db, await queuedScan(f, clusterId), { collect }); // baseline of the unchanged cluster
    const objects = await loadManifestDirectory(DEMO_CLUSTER_DIR);
    // fraud-scorer (NET_ADMIN) is "fixed" by removing it with its ReplicaSet, Pods and ServiceAccount.
    const fixed = objects.filter((o) => !(o.metadata?.namespace === 'payments' && String(o.metadata?.name).startsWith('fraud-scorer')));
    const added = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: debug-shell, namespace: payments}
spec:
  selector: {matchLabels: {app: debug-shell}}
  template:
    metadata: {labels: {app: debug-shell}}
    spec:
      hostPID: true
      containers:
        - name: shell
          image: busybox:latest
          securityContext: {privileged: true}
`);
    f.sim.replaceObjects([...fixed, ...added]);
    try {
      const scanId = await queuedScan(f, clusterId);
      await runScan(f.t.db, scanId, { collect });
      const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
      expect(scan.status).toBe('succeeded');
      expect(scan.findingsNew).toBeGreaterThan(0);
      expect(scan.findingsResolved).toBeGreaterThan(0);
      const opened = await f.t.db.finding.findMany({ where: { clusterId, firstSeenScanId: scanId } });
      expect(opened.every((x) => x.resourceName === 'debug-shell')).toBe(true);
      expect(opened.map((x) => x.checkId)).toContain('privileged-container');
      const resolved = await f.t.db.finding.findMany({ where: { clusterId, resolvedScanId: scanId } });
      expect(resolved.some((x) => x.resourceName === 'fraud-scorer')).toBe(true);
      expect(await f.t.db.findingEvent.count({ where: { scanId } })).toBe(scan.findingsNew + scan.findingsResolved);
    } finally {
      await f.sim.reload();
    }
  });
});
