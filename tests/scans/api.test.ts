/**
 * The scan API as Next.js calls it: real API tokens, real PostgreSQL, the process-wide pg-boss
 * (getBoss) and a worker in this process scanning kube-sim over HTTPS.
 */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { resetConfigForTests } from '@/lib/config';
import { closeDb, getDb } from '@/lib/db/client';
import { getBoss, startScanWorker, stopBoss, type ScanWorker } from '@/lib/jobs';
import * as clusterScans from '@/app/api/clusters/[id]/scans/route';
import * as scanItem from '@/app/api/scans/[id]/route';
import { registerSimCluster, setUpScanFixture, waitFor, type ScanFixture } from './helpers';

let f: ScanFixture;
let worker: ScanWorker | undefined;
const tokens = {} as Record<Role, string>;
const users = {} as Record<Role, string>;
let clusterId: string;

beforeAll(async () => {
  f = await setUpScanFixture();
  process.env.DATABASE_URL = f.t.url;
  resetConfigForTests();
  useAuthDatabaseForTests(f.t.db);
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await f.t.db.user.create({ data: { name: `${role} user`, email: `${role}@example.com`, role } });
    users[role] = u.id;
    tokens[role] = (await createApiToken(f.t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  clusterId = await registerSimCluster(f, 'api-demo');
}, 60_000);

afterAll(async () => {
  await worker?.stop({ wait: true });
  await stopBoss(5_000);
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await f?.restore();
}, 60_000);

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, role: Role | null, method: string, path: string, params: Record<string, string>) {
  const headers = new Headers();
  if (role) headers.set('authorization', `Bearer ${tokens[role]}`);
  const res = await handler(new NextRequest(`http://localhost:3000${path}`, { method, headers }), { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper reads arbitrary JSON
}

describe('scan API', () => {
  let scanId = '';

  it('viewers cannot start scans; anonymous callers are rejected', async () => {
    expect((await call(clusterScans.POST as Handler, 'viewer', 'POST', `/api/clusters/${clusterId}/scans`, { id: clusterId })).status).toBe(403);
    expect((await call(clusterScans.POST as Handler, null, 'POST', `/api/clusters/${clusterId}/scans`, { id: clusterId })).status).toBe(401);
    expect(await f.t.db.scan.count()).toBe(0);
  });

  it('an analyst starts a scan (202, audited); pressing again returns the same scan', async () => {
    const res = await call(clusterScans.POST as Handler, 'analyst', 'POST', `/api/clusters/${clusterId}/scans`, { id: clusterId });
    expect(res.status).toBe(202);
    expect(res.json.created).toBe(true);
    expect(res.json.scan).toMatchObject({ clusterId, status: 'queued', trigger: 'api', triggeredBy: { id: users.analyst, name: 'analyst user' }, clusterName: 'api-demo' });
    scanId = res.json.scan.id;
    const again = await call(clusterScans.POST as Handler, 'admin', 'POST', `/api/clusters/${clusterId}/scans`, { id: clusterId });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ created: false, scan: { id: scanId } });
    const audits = await f.t.db.auditEvent.findMany({ where: { action: 'scan.triggered' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: users.analyst, targetType: 'scan', targetId: scanId });
  });

  it('GET /api/scans/[id] shows live progress, then the outcome', async () => {
    f.sim.setLatency(60);
    worker = await startScanWorker({ db: await getDb(), boss: await getBoss(), concurrency: 1, pollingIntervalSeconds: 0.5, schedules: false, run: { progressIntervalMs: 100 } });
    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const res = await call(scanItem.GET as Handler, 'viewer', 'GET', `/api/scans/${scanId}`, { id: scanId });
      expect(res.status).toBe(200);
      const s = res.json.scan as { status: string; phase: string | null; progress: { kindsDone?: number } | null };
      if (s.phase) seen.add(s.phase);
      return s.status === 'succeeded' || s.status === 'failed' ? res.json.scan : null;
    }, 60_000, 'the scan to finish', 100);
    f.sim.setLatency(0);
    expect(done).toMatchObject({ status: 'succeeded', phase: 'done', grade: expect.stringMatching(/^[A-F]$/), error: null });
    expect(done.findingsNew).toBeGreaterThan(0);
    expect(done.progress.kindsDone).toBe(done.progress.kindsTotal);
    expect(seen.has('collect')).toBe(true);
    expect(JSON.stringify(done)).not.toContain(f.sim.token);
  });

  it('GET /api/clusters/[id]/scans lists scans with who, duration, counts and score', async () => {
    const res = await call(clusterScans.GET as Handler, 'viewer', 'GET', `/api/clusters/${clusterId}/scans?limit=10`, { id: clusterId });
    expect(res.status).toBe(200);
    expect(res.json.scans).toEqual([
      expect.objectContaining({ id: scanId, status: 'succeeded', trigger: 'api', triggeredBy: expect.objectContaining({ email: 'analyst@example.com' }), durationMs: expect.any(Number), score: expect.any(Number) }),
    ]);
    expect(res.text).not.toContain(f.sim.token);
  });

  it('unknown clusters and scans are 404; disabled clusters are 409', async () => {
    expect((await call(clusterScans.GET as Handler, 'viewer', 'GET', '/api/clusters/nope/scans', { id: 'nope' })).status).toBe(404);
    expect((await call(clusterScans.POST as Handler, 'analyst', 'POST', '/api/clusters/nope/scans', { id: 'nope' })).status).toBe(404);
    expect((await call(scanItem.GET as Handler, 'viewer', 'GET', '/api/scans/nope', { id: 'nope' })).status).toBe(404);
    await f.t.db.cluster.update({ where: { id: clusterId }, data: { enabled: false } });
    const res = await call(clusterScans.POST as Handler, 'analyst', 'POST', `/api/clusters/${clusterId}/scans`, { id: clusterId });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatch(/disabled/);
  });
});
