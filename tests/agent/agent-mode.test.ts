/**
 * Agent mode end to end: a cluster registered with the "agent" method, its enrolment token
 * (stored hashed, rotatable, revocable, audited), `rampart agent`'s collect-and-push against
 * kube-sim uploading over HTTP to the ingest route as Next.js calls it, the queued scan of
 * trigger "agent" evaluating the uploaded snapshot (Rampart never connects to that cluster), and
 * the refusals: replayed, revoked, unknown-token, malformed and oversized uploads, each audited.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as snapshotsRoute from '@/app/api/agent/v1/snapshots/route';
import { collectAndPush, AGENT_UPLOAD_PATH } from '@/lib/agent/push';
import { issueAgentToken, revokeAgentTokens } from '@/lib/agent/tokens';
import { registerCluster } from '@/lib/clusters';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { stopBoss } from '@/lib/jobs';
import { runScan } from '@/lib/scans/run';
import { setUpScanFixture, type ScanFixture } from '../scans/helpers';

let f: ScanFixture;
let clusterId: string;
let server: http.Server;
let rampartUrl: string;
const kc = new KubeConfig();

/** The ingest route behind a real HTTP server, as `rampart serve` would expose it. */
function startIngestServer(): Promise<void> {
  server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const response = await snapshotsRoute.POST(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

async function upload(token: string | null, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await snapshotsRoute.POST(new Request(`http://127.0.0.1${AGENT_UPLOAD_PATH}`, { method: 'POST', headers, body }));
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const smallUpload = (sequence: number) =>
  JSON.stringify({
    sequence,
    nonce: 'n'.repeat(32),
    snapshot: { collectedAt: new Date().toISOString(), objects: { pods: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }] } },
  });

const refusals = async () =>
  (await f.t.db.auditEvent.findMany({ where: { action: 'agent.upload_refused' }, orderBy: { at: 'asc' } })).map((e) => (e.details as { reason: string }).reason);

beforeAll(async () => {
  f = await setUpScanFixture();
  process.env.DATABASE_URL = f.t.url;
  resetConfigForTests();
  kc.loadFromString(f.sim.kubeconfig);
  clusterId = (await registerCluster(f.t.db, { name: 'private-eu', environment: 'production', credentials: { authType: 'agent' } }, { actor: null })).id;
  await startIngestServer();
  rampartUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stopBoss(5_000);
  await closeDb();
  await f?.restore();
}, 60_000);

describe('agent mode', () => {
  let token: string;

  it('enrols: the token is shown once, stored only as its hash, and the issue is audited', async () => {
    const issued = await issueAgentToken(f.t.db, clusterId, { actor: null });
    token = issued.token;
    expect(token).toMatch(/^rma_[A-Za-z0-9_-]{43}$/);
    const rows = await f.t.db.agentToken.findMany({ where: { clusterId } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(token.slice(4));
    expect(await f.t.db.auditEvent.count({ where: { action: 'agent.token_issued', targetId: clusterId } })).toBe(1);
    // Rampart itself cannot connect to an agent cluster.
    const cluster = await f.t.db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(cluster).toMatchObject({ authType: 'agent', credentials: null, apiServerUrl: null });
  });

  it('the agent collects and uploads; the queued scan evaluates the uploaded snapshot', async () => {
    f.sim.clearRequestLog();
    const pushed = await collectAndPush(kc, { url: rampartUrl, token, collect: { backoffBaseMs: 10 } });
    expect(pushed.status).toBe(202);
    expect(pushed.objects).toBeGreaterThan(50);
    const scanId = pushed.body.scanId as string;
    expect((await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } })).trigger).toBe('agent');
    const requestsByAgent = f.sim.requestLog.length;
    await runScan(f.t.db, scanId);
    expect(f.sim.requestLog.length).toBe(requestsByAgent); // the scan read the upload, not the API server
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan.status).toBe('succeeded');
    expect(scan.findingsNew).toBeGreaterThan(0);
    expect(await f.t.db.finding.count({ where: { clusterId, checkId: 'privileged-container', status: 'open' } })).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a replayed upload (same sequence), malformed and oversized ones, and unknown tokens — each audited', async () => {
    const seq = Date.now() + 10_000_000;
    expect((await upload(token, smallUpload(seq))).status).toBe(202);
    const replay = await upload(token, smallUpload(seq));
    expect(replay.status).toBe(409);
    expect(String(replay.json.error)).toMatch(/already received/);
    expect((await upload(token, smallUpload(seq - 1))).status).toBe(409);

    expect((await upload(token, '{not json')).status).toBe(400);
    const wrongShape = await upload(token, JSON.stringify({ sequence: seq + 1, nonce: 'short', snapshot: {} }));
    expect(wrongShape.status).toBe(400);
    expect(String(wrongShape.json.error)).toMatch(/nonce|snapshot/);

    process.env.RAMPART_AGENT_MAX_UPLOAD_MB = '1';
    resetConfigForTests();
    try {
      expect((await upload(token, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
    } finally {
      delete process.env.RAMPART_AGENT_MAX_UPLOAD_MB;
      resetConfigForTests();
    }
    expect((await upload(null, smallUpload(seq + 2))).status).toBe(401);
    expect((await upload(`rma_${'A'.repeat(43)}`, smallUpload(seq + 2))).status).toBe(401);
    expect(await refusals()).toEqual(['replay', 'replay', 'malformed', 'malformed', 'too-large', 'no-token', 'unknown-token']);
  });

  it('a revoked token is refused; a rotated token replaces the old one', async () => {
    await revokeAgentTokens(f.t.db, clusterId, { actor: null });
    const revoked = await upload(token, smallUpload(Date.now() + 20_000_000));
    expect(revoked.status).toBe(401);
    expect(String(revoked.json.error)).toMatch(/revoked/);
    expect((await refusals()).at(-1)).toBe('revoked-token');
    expect(await f.t.db.auditEvent.count({ where: { action: 'agent.tokens_revoked', targetId: clusterId } })).toBe(1);

    const rotated = await issueAgentToken(f.t.db, clusterId, { actor: null });
    expect((await upload(rotated.token, smallUpload(Date.now() + 30_000_000))).status).toBe(202);
    await issueAgentToken(f.t.db, clusterId, { actor: null }); // rotation revokes the previous token
    expect((await upload(rotated.token, smallUpload(Date.now() + 40_000_000))).status).toBe(401);
  });
});
