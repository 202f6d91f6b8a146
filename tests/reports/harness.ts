/**
 * Shared set-up of the report integration tests: a throwaway PostgreSQL database with an analyst
 * API token and a one-scan demo cluster, RAMPART_DATA_DIR in a temporary directory, and `call`,
 * which invokes a route handler as Next.js does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { seedClusterHistory, type SeededHistory } from '../dashboard/seed';

export interface ReportHarness {
  t: TestDatabase;
  /** Temporary directory; RAMPART_DATA_DIR is `<root>/a` until a test changes it. */
  root: string;
  demo: SeededHistory;
  token: string;
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Registers beforeAll / afterAll; the returned object is filled in before the first test. */
export function useReportHarness(env: Record<string, string> = {}): ReportHarness {
  const h = {} as ReportHarness;
  const saved = { ...process.env };
  beforeAll(async () => {
    h.t = await createTestDatabase();
    h.root = await mkdtemp(path.join(os.tmpdir(), 'rampart-reports-'));
    Object.assign(process.env, { DATABASE_URL: h.t.url, RAMPART_DATA_DIR: path.join(h.root, 'a'), ...env });
    resetConfigForTests();
    useAuthDatabaseForTests(h.t.db);
    const u = await h.t.db.user.create({ data: { name: 'Ana Lyst', email: 'analyst@example.com', role: 'analyst' } });
    h.token = (await createApiToken(h.t.db, { id: u.id, email: u.email, name: u.name, role: 'analyst' }, { name: 'test' })).token;
    h.demo = await seedClusterHistory(h.t.db, { name: 'demo', scans: 1, days: 1 });
  }, 180_000);
  afterAll(async () => {
    useAuthDatabaseForTests(undefined);
    await closeDb();
    await h.t?.drop();
    process.env = saved;
    resetConfigForTests();
    if (h.root) await rm(h.root, { recursive: true, force: true });
  }, 60_000);
  return h;
}

/** Calls a route handler with the harness's analyst token; a body makes it a POST. */
export async function callRoute(h: ReportHarness, handler: unknown, urlPath: string, init: { body?: unknown; params?: Record<string, string> } = {}) {
  const headers = new Headers({ authorization: `Bearer ${h.token}` });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const req = new NextRequest(`http://localhost:3000${urlPath}`, { method: init.body === undefined ? 'GET' : 'POST', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const res = await (handler as Handler)(req, { params: Promise.resolve(init.params ?? {}) });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, json: () => JSON.parse(buf.toString('utf8')) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

/** Polls until `probe` returns a truthy value (never a timing assertion: gives up after `tries`). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, tries = 2400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
