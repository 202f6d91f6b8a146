/** GET /api/findings, /api/clusters/[id]/trends, /api/clusters/[id]/scorecards and /api/checks as Next.js calls them: API tokens, real PostgreSQL. */
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import * as checksRoute from '@/app/api/checks/route';
import * as findingsRoute from '@/app/api/findings/route';
import * as trendsRoute from '@/app/api/clusters/[id]/trends/route';
import * as scorecardsRoute from '@/app/api/clusters/[id]/scorecards/route';
import { seedClusterHistory, type SeededHistory } from './seed';

let t: TestDatabase;
let h: SeededHistory;
let token = '';
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  resetConfigForTests();
  useAuthDatabaseForTests(t.db);
  const u = await t.db.user.create({ data: { name: 'viewer', email: 'viewer@example.com', role: 'viewer' } });
  token = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role: 'viewer', mustChangePassword: false, via: 'session' }, { name: 'test' })).token;
  h = await seedClusterHistory(t.db, { name: 'prod', scans: 3, days: 10 });
}, 120_000);

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await t?.drop();
  process.env.DATABASE_URL = previousUrl;
  resetConfigForTests();
});

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function get(handler: unknown, path: string, params: Record<string, string> = {}, auth = true) {
  const headers = new Headers();
  if (auth) headers.set('authorization', `Bearer ${token}`);
  const res = await (handler as Handler)(new NextRequest(`http://localhost:3000${path}`, { headers }), { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper reads arbitrary JSON
}

describe('GET /api/findings', () => {
  it('needs a signed-in caller', async () => {
    expect((await get(findingsRoute.GET, '/api/findings', {}, false)).status).toBe(401);
  });

  it('searches, totals and pages back with prevCursor', async () => {
    const first = await get(findingsRoute.GET, `/api/findings?q=PAYMENTS&status=all&limit=2&sort=resource`);
    expect(first.status).toBe(200);
    expect(first.json.total.exact).toBe(true);
    expect(first.json.total.count).toBeGreaterThan(2);
    const second = await get(findingsRoute.GET, `/api/findings?q=PAYMENTS&status=all&limit=2&sort=resource&cursor=${first.json.nextCursor}`);
    const back = await get(findingsRoute.GET, `/api/findings?q=PAYMENTS&status=all&limit=2&sort=resource&before=${second.json.prevCursor}`);
    expect(back.json.findings.map((f: { id: string }) => f.id)).toEqual(first.json.findings.map((f: { id: string }) => f.id));
  });

  it('pages with nextCursor and applies filters', async () => {
    const first = await get(findingsRoute.GET, `/api/findings?cluster=${h.clusterId}&severity=critical,high&limit=5`);
    expect(first.status).toBe(200);
    expect(first.json.findings).toHaveLength(5);
    expect(first.json.findings.every((f: { severity: string }) => ['critical', 'high'].includes(f.severity))).toBe(true);
    const second = await get(findingsRoute.GET, `/api/findings?cluster=${h.clusterId}&severity=critical,high&limit=5&cursor=${first.json.nextCursor}`);
    expect(second.json.findings.map((f: { id: string }) => f.id)).not.toContain(first.json.findings[0].id);
  });

  it('groups, and rejects bad input with 400', async () => {
    const grouped = await get(findingsRoute.GET, `/api/findings?group=check`);
    expect(grouped.status).toBe(200);
    expect(grouped.json.groups.length).toBeGreaterThan(0);
    const bogus = await get(findingsRoute.GET, '/api/findings?status=bogus');
    expect(bogus.status).toBe(400);
    expect(bogus.json.error).toBe('Unknown status "bogus": use open, excepted, resolved or all.');
    const badSort = await get(findingsRoute.GET, '/api/findings?sort=size&limit=0');
    expect(badSort.status).toBe(400);
    expect(badSort.json.error).toContain('Unknown sort order "size": use severity, newest, oldest, resource, check or namespace.');
    expect(badSort.json.error).toContain('Rows per page must be a whole number from 1 to 200');
    expect(JSON.stringify(badSort.json)).not.toMatch(/invalid_value|too_small|issues/);
    expect((await get(findingsRoute.GET, '/api/findings?cursor=garbage')).status).toBe(400);
  });
});

describe('GET /api/clusters/[id]/trends', () => {
  it('returns the series, 404 for an unknown cluster, 400 for a bad range', async () => {
    const ok = await get(trendsRoute.GET, `/api/clusters/${h.clusterId}/trends?range=30d`, { id: h.clusterId });
    expect(ok.status).toBe(200);
    expect(ok.json.points).toHaveLength(3);
    expect(ok.json.mttr.critical).toHaveProperty('resolved');
    expect((await get(trendsRoute.GET, `/api/clusters/nope/trends`, { id: 'nope' })).status).toBe(404);
    expect((await get(trendsRoute.GET, `/api/clusters/${h.clusterId}/trends?range=custom`, { id: h.clusterId })).status).toBe(400);
  });
});

describe('GET /api/clusters/[id]/scorecards', () => {
  it("returns the latest scan's six section scorecards with deltas; 404 for an unknown cluster; 401 anonymous", async () => {
    const ok = await get(scorecardsRoute.GET, `/api/clusters/${h.clusterId}/scorecards`, { id: h.clusterId });
    expect(ok.status).toBe(200);
    const latest = await t.db.scan.findFirstOrThrow({ where: { clusterId: h.clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    expect(ok.json.scan).toMatchObject({ id: latest.id, score: latest.score, grade: latest.grade });
    expect(ok.json.previous).not.toBeNull();
    expect(ok.json.sections.map((s: { section: string }) => s.section)).toEqual(['cluster', 'authentication', 'authorization', 'images', 'workloads', 'secrets']);
    const workloads = await t.db.scanSectionAggregate.findFirstOrThrow({ where: { scanId: latest.id, section: 'workloads' } });
    expect(ok.json.sections.find((s: { section: string }) => s.section === 'workloads')).toMatchObject({ score: workloads.score, failed: workloads.failed });
    expect((await get(scorecardsRoute.GET, `/api/clusters/nope/scorecards`, { id: 'nope' })).status).toBe(404);
    expect((await get(scorecardsRoute.GET, `/api/clusters/${h.clusterId}/scorecards`, { id: h.clusterId }, false)).status).toBe(401);
  });
});

describe('GET /api/checks', () => {
  it('lists the catalog with fleet results', async () => {
    const res = await get(checksRoute.GET, '/api/checks');
    expect(res.status).toBe(200);
    expect(res.json.clustersScanned).toBe(1);
    expect(res.json.checks.some((c: { fleet: { failed: number } | null }) => c.fleet && c.fleet.failed > 0)).toBe(true);
  });
});
