/**
 * PDF rendering runs outside the web process: while reports render, the same process keeps
 * answering /api/health, lists and new report requests; renders are bounded
 * (RAMPART_REPORT_RENDER_CONCURRENCY) and a renderer that dies or runs out of memory fails its
 * report, not the server. Real PostgreSQL, real renderer child processes, route handlers as
 * Next.js calls them. Deterministic: a renderer is held with SIGSTOP while the process is
 * probed, so the order of events never depends on timing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { rendererPids } from '@/lib/reports/pdf/isolated';
import * as health from '@/app/api/health/route';
import * as reports from '@/app/api/reports/route';
import { seedClusterHistory, type SeededHistory } from '../dashboard/seed';

let t: TestDatabase;
let dataDir: string;
let demo: SeededHistory;
let token: string;
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-render-'));
  process.env.DATABASE_URL = t.url;
  process.env.RAMPART_DATA_DIR = dataDir;
  process.env.RAMPART_REPORT_RENDER_CONCURRENCY = '1';
  resetConfigForTests();
  useAuthDatabaseForTests(t.db);
  const u = await t.db.user.create({ data: { name: 'Ana Lyst', email: 'analyst@example.com', role: 'analyst' } });
  token = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role: 'analyst' }, { name: 'test' })).token;
  demo = await seedClusterHistory(t.db, { name: 'demo', scans: 1, days: 1 });
}, 180_000);

afterAll(async () => {
  for (const pid of rendererPids()) process.kill(pid, 'SIGKILL');
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await t?.drop();
  process.env = saved;
  resetConfigForTests();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: unknown, urlPath: string, body?: unknown) {
  const headers = new Headers({ authorization: `Bearer ${token}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const req = new NextRequest(`http://localhost:3000${urlPath}`, { method: body === undefined ? 'GET' : 'POST', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const res = await (handler as Handler)(req, { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
}

const small = () => ({ clusters: [demo.clusterId], severities: ['critical'] });
const pause = () => new Promise((r) => setTimeout(r, 50));

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, tries = 2400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v) return v;
    await pause();
  }
  throw new Error(`gave up waiting for ${what}`);
}

const statusOf = async (id: string) => (await t.db.report.findUniqueOrThrow({ where: { id } })).status;
const allFinished = async (ids: string[]) => (await t.db.report.count({ where: { id: { in: ids }, status: { in: ['succeeded', 'failed'] } } })) === ids.length;

describe('PDF rendering outside the web process', () => {
  it('answers health, lists and new report requests while reports render, one renderer at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(reports.POST, '/api/reports', small());
      expect(r.status).toBe(202);
      ids.push(r.json.report.id as string);
    }
    const [pid] = await until('a renderer process', () => rendererPids().length > 0 && rendererPids());
    process.kill(pid, 'SIGSTOP'); // the renderer cannot finish until we let it
    try {
      expect(await statusOf(ids[0])).toBe('running');
      const h = await health.GET();
      expect(h.status).toBe(200);
      const listed = await call(reports.GET, '/api/reports');
      expect(listed.status).toBe(200);
      const byId = new Map((listed.json.reports as Array<{ id: string; status: string }>).map((r) => [r.id, r.status]));
      expect(ids.map((id) => byId.get(id))).toEqual(['running', 'queued', 'queued']);
      // A new request is accepted (its transaction commits) while the render is in progress.
      const another = await call(reports.POST, '/api/reports', small());
      expect(another.status).toBe(202);
      ids.push(another.json.report.id as string);
      expect(await statusOf(ids[0])).toBe('running'); // all of the above happened mid-render
      expect(rendererPids()).toEqual([pid]); // concurrency 1: the others wait
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    let most = 0;
    await until('every report to finish', async () => {
      most = Math.max(most, rendererPids().length);
      return allFinished(ids);
    });
    expect(most).toBeLessThanOrEqual(1);
    const rows = await t.db.report.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.status, r.error])).toEqual(ids.map(() => ['succeeded', null]));
  }, 240_000);

  it('a renderer that dies fails its report with a message; the next report still renders', async () => {
    const doomed = (await call(reports.POST, '/api/reports', small())).json.report.id as string;
    const next = (await call(reports.POST, '/api/reports', small())).json.report.id as string;
    const [pid] = await until('a renderer process', () => rendererPids().length > 0 && rendererPids());
    process.kill(pid, 'SIGKILL');
    await until('both reports to finish', () => allFinished([doomed, next]));
    const failed = await t.db.report.findUniqueOrThrow({ where: { id: doomed } });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/PDF renderer stopped unexpectedly \(signal SIGKILL\)/);
    expect(await statusOf(next)).toBe('succeeded');
    expect((await health.GET()).status).toBe(200);
  }, 240_000);

  it('a renderer over its memory cap fails the report (out of memory), not the server', async () => {
    process.env.RAMPART_REPORT_RENDER_MEMORY_MB = '24';
    resetConfigForTests();
    try {
      const id = (await call(reports.POST, '/api/reports', { clusters: [demo.clusterId] })).json.report.id as string;
      await until('the report to finish', () => allFinished([id]));
      const row = await t.db.report.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/ran out of memory \(limit 24 MB/);
      expect((await health.GET()).status).toBe(200);
    } finally {
      delete process.env.RAMPART_REPORT_RENDER_MEMORY_MB;
      resetConfigForTests();
    }
  }, 240_000);
});
