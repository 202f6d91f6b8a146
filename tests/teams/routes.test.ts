/**
 * Scoped access through the route handlers, as Next.js calls them, with real API tokens and real
 * PostgreSQL: a team member (no fleet view) gets their teams' findings, clusters and exports only,
 * assigns within their teams, scrapes /metrics for their teams only (tests/teams/metrics.test.ts), and gets 403 from every other route (each
 * route file on disk is called, so a new route is covered without editing this file). Fleet users
 * and admins keep the fleet.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as findingsRoute from '@/app/api/findings/route';
import * as assigneeRoute from '@/app/api/findings/[id]/assignee/route';
import * as exportRoute from '@/app/api/exports/findings/route';
import * as clustersRoute from '@/app/api/clusters/route';
import * as clusterRoute from '@/app/api/clusters/[id]/route';
import * as metricsRoute from '@/app/metrics/route';
import * as exceptionsRoute from '@/app/api/exceptions/route';
import { useTeamsCallers, type Caller, type Handler } from './callers';

const ROOT = path.resolve(__dirname, '../..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Routes that limit themselves to the caller's teams (withAuth `teams: true`) or need no user. */
const TEAM_ROUTES = new Set([
  'GET /api/findings',
  'GET /api/exports/findings',
  'GET /api/exports/vulnerabilities',
  'GET /api/clusters',
  'GET /api/clusters/[id]',
  'GET /api/clusters/[id]/rbac',
  'GET /api/clusters/[id]/rbac/changes',
  'GET /api/clusters/[id]/rbac/escalations',
  'GET /api/clusters/[id]/rbac/graph',
  'GET /api/clusters/[id]/rbac/risky',
  'GET /api/clusters/[id]/rbac/subjects/[key]',
  'GET /api/clusters/[id]/rbac/who-can',
  'GET /api/clusters/[id]/scorecards',
  'GET /api/clusters/[id]/trends',
  'GET /api/clusters/[id]/scans',
  'GET /api/scans/[id]',
  'GET /api/checks',
  'GET /api/compliance',
  'GET /api/compliance/attestations',
  'POST /api/compliance/evidence',
  'PUT /api/findings/[id]/assignee',
  'GET /api/exceptions',
  'POST /api/exceptions',
  'GET /api/exceptions/stale',
  'GET /api/exceptions/[id]',
  'GET /api/reports',
  'POST /api/reports',
  'GET /api/reports/[id]',
  'GET /api/reports/[id]/download',
  'POST /api/reports/pdf',
  'GET /api/reports/schedules',
  'POST /api/reports/schedules',
  'DELETE /api/reports/schedules/[id]',
  'PUT /api/findings/ticket',
  'POST /api/findings/ticket-request',
  'GET /api/users/me',
  'GET /api/users/me/tokens',
  'POST /api/users/me/tokens',
  'DELETE /api/users/me/tokens/[tokenId]',
  'GET /api/users/me/notifications',
  'PUT /api/users/me/notifications',
  'GET /api/openapi.json',
  'GET /api/health',
]);

const h = useTeamsCallers();
const { call } = h;

const places = (findings: Array<{ resource: { namespace: string | null; name: string }; clusterName: string }>) => findings.map((f) => `${f.clusterName}/${f.resource.namespace ?? '-'}/${f.resource.name}`).sort();

describe('GET /api/findings', () => {
  it("gives a team member their teams' findings only, each with its owner; the fleet keeps everything", async () => {
    const mine = await call(findingsRoute.GET, 'member', 'GET', '/api/findings?limit=200');
    expect(mine.status).toBe(200);
    expect(places(mine.json.findings)).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker']);
    expect(mine.json.findings.map((f: { owner: { teamName: string } }) => f.owner.teamName)).toEqual(['Payments', 'Payments']);
    expect(mine.json.total).toEqual({ count: 2, exact: true });
    // Another cluster, or another team's filter, narrows within the scope: never beyond it.
    expect((await call(findingsRoute.GET, 'member', 'GET', `/api/findings?cluster=${h.fleet.staging}`)).json.findings).toEqual([]);
    expect((await call(findingsRoute.GET, 'member', 'GET', `/api/findings?team=${h.fleet.teams.platform}`)).json.findings).toEqual([]);
    const grouped = await call(findingsRoute.GET, 'member', 'GET', '/api/findings?group=namespace');
    expect(grouped.json.groups.map((g: { namespace: { name: string } }) => g.namespace.name).sort()).toEqual(['payments-eu', 'payments-us']);

    const all = await call(findingsRoute.GET, 'fleetViewer', 'GET', '/api/findings?limit=200');
    expect(all.json.findings).toHaveLength(9);
    const unowned = await call(findingsRoute.GET, 'admin', 'GET', '/api/findings?team=unowned&limit=200');
    expect(places(unowned.json.findings)).toEqual(['prod/-/node-agent', 'prod/edge/cache', 'prod/kube-system/coredns']);
    expect(unowned.json.findings.every((f: { owner: unknown }) => f.owner === null)).toBe(true);
    const shop = await call(findingsRoute.GET, 'admin', 'GET', `/api/findings?team=${h.fleet.teams.shop}`);
    expect(places(shop.json.findings)).toEqual(['prod/web/storefront']);
    expect((await call(findingsRoute.GET, 'admin', 'GET', '/api/findings?team=no%20such')).status).toBe(400);
  });

  it('answers a user without fleet access who is in no team with 403', async () => {
    const res = await call(findingsRoute.GET, 'loner', 'GET', '/api/findings');
    expect(res.status).toBe(403);
    expect(res.json.error).toMatch(/in no team/);
  });
});

describe('GET /api/exports/findings', () => {
  it("exports a team member's findings only (CSV; JSON and SARIF with the part's scores: tests/teams/exports.test.ts)", async () => {
    const csv = await call(exportRoute.GET, 'member', 'GET', '/api/exports/findings?format=csv');
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes('payments-') && l.endsWith(',Payments,'))).toBe(true);
    expect(csv.text).not.toContain('storefront');
    const json = await call(exportRoute.GET, 'member', 'GET', '/api/exports/findings?format=json');
    expect(json.status).toBe(200);
    expect(json.text).not.toContain('storefront');
    // A viewer-role team member cannot export at all (analyst and up, within the team).
    expect((await call(exportRoute.GET, 'memberViewer', 'GET', '/api/exports/findings?format=csv')).status).toBe(403);
    expect(await h.t.db.auditEvent.count({ where: { action: 'export.downloaded', actorEmail: 'member@teams.test' } })).toBe(2);
  });
});

describe('GET /api/clusters', () => {
  it('lists the clusters a team member touches; another cluster is a 404', async () => {
    const list = await call(clustersRoute.GET, 'member', 'GET', '/api/clusters');
    expect(list.json.clusters.map((c: { name: string }) => c.name)).toEqual(['prod']);
    expect((await call(clusterRoute.GET, 'member', 'GET', `/api/clusters/${h.fleet.prod}`, { id: h.fleet.prod })).status).toBe(200);
    expect((await call(clusterRoute.GET, 'member', 'GET', `/api/clusters/${h.fleet.staging}`, { id: h.fleet.staging })).status).toBe(404);
    expect((await call(clustersRoute.GET, 'fleetViewer', 'GET', '/api/clusters')).json.clusters).toHaveLength(2);
  });
});

describe('PUT /api/findings/:id/assignee', () => {
  it('lets an analyst of the owning team assign a person who can see the finding, audited; refuses the rest', async () => {
    const byName = async (name: string) => h.t.db.finding.findFirstOrThrow({ where: { resourceName: name, clusterId: h.fleet.prod } });
    const payApi = await byName('pay-api');
    const storefront = await byName('storefront');
    const put = (who: Caller, id: string, body: unknown) => call(assigneeRoute.PUT, who, 'PUT', `/api/findings/${id}/assignee`, { id }, body);

    const ok = await put('member', payApi.id, { assigneeId: h.ids.member });
    expect(ok.status).toBe(200);
    expect(ok.json.assignee).toMatchObject({ email: 'member@teams.test' });
    expect(await h.t.db.auditEvent.findFirstOrThrow({ where: { action: 'finding.assigned', targetId: payApi.id } })).toMatchObject({ actorEmail: 'member@teams.test', details: { from: null, to: 'member@teams.test' } });
    const listed = await call(findingsRoute.GET, 'member', 'GET', '/api/findings?q=pay-api');
    expect(listed.json.findings[0].assignee).toMatchObject({ email: 'member@teams.test' });

    // Outside the caller's teams the finding does not exist for them.
    expect((await put('member', storefront.id, { assigneeId: h.ids.member })).status).toBe(404);
    // A viewer within their team may not assign.
    expect((await put('memberViewer', storefront.id, { assigneeId: h.ids.memberViewer })).status).toBe(403);
    // Nobody is asked to fix what they cannot see.
    const blind = await put('admin', storefront.id, { assigneeId: h.ids.member });
    expect(blind.status).toBe(400);
    expect(blind.json.error).toMatch(/cannot see this finding/);
    expect((await put('admin', payApi.id, { assigneeId: 'nobody-here' })).status).toBe(400);
    expect((await put('admin', payApi.id, { assignee: h.ids.member })).status).toBe(400);
    const cleared = await put('admin', payApi.id, { assigneeId: null });
    expect(cleared.json.assignee).toBeNull();
    expect(await h.t.db.auditEvent.count({ where: { action: 'finding.assigned', targetId: payApi.id } })).toBe(2);
  });
});

describe('POST /api/exceptions', () => {
  it("lets a team analyst request acceptance for their teams' findings only", async () => {
    const byName = (name: string) => h.t.db.finding.findFirstOrThrow({ where: { resourceName: name, clusterId: h.fleet.prod } });
    const body = (findingIds: string[]) => ({ findingIds, reason: 'Legacy worker, isolated network', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    const mine = await call(exceptionsRoute.POST, 'member', 'POST', '/api/exceptions', {}, body([(await byName('pay-worker')).id]));
    expect(mine.status).toBe(201);
    expect(mine.json.exceptions[0]).toMatchObject({ status: 'requested' });
    expect((await call(exceptionsRoute.POST, 'member', 'POST', '/api/exceptions', {}, body([(await byName('storefront')).id]))).status).toBe(404);
    expect((await call(exceptionsRoute.POST, 'memberViewer', 'POST', '/api/exceptions', {}, body([(await byName('storefront')).id]))).status).toBe(403);
    const broad = await call(exceptionsRoute.POST, 'member', 'POST', '/api/exceptions', {}, { checkId: 'privileged-container', reason: 'everything', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(broad.status).toBe(403);
  });
});

describe('/metrics', () => {
  it("gives a team member their teams' series (tests/teams/metrics.test.ts), refuses a user in no team with the reason; fleet users scrape it unchanged", async () => {
    const scraped = await call(metricsRoute.GET, 'fleetViewer', 'GET', '/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain(`rampart_open_findings{cluster="staging",cluster_id="${h.fleet.staging}",severity="high"} 2`);
    const mine = await call(metricsRoute.GET, 'member', 'GET', '/metrics');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(`rampart_open_findings{cluster="prod",cluster_id="${h.fleet.prod}",severity="high"} 2`);
    expect(mine.text).not.toContain('staging');
    const refused = await call(metricsRoute.GET, 'loner', 'GET', '/metrics');
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/^Forbidden: .*in no team/);
    expect(refused.text).not.toContain('rampart_');
    expect((await call(metricsRoute.GET, null, 'GET', '/metrics')).status).toBe(401);
  });
});

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [full] : [];
  });
}

describe('every other route', () => {
  it('answers a team member 403 (it shows the whole fleet), and the team routes do not', async () => {
    const problems: string[] = [];
    let swept = 0;
    for (const file of routeFiles(path.join(ROOT, 'app/api'))) {
      const pattern = '/' + path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/');
      if (pattern.startsWith('/api/auth/') || pattern === '/api/agent/v1/snapshots') continue; // not user routes
      const mod = (await import(file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
      for (const method of METHODS) {
        if (!mod[method]) continue;
        const params = Object.fromEntries([...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => [m[1]!, m[1] === 'id' && pattern.startsWith('/api/clusters/') ? h.fleet.staging : 'x']));
        const res = await call(mod[method], 'member', method, pattern.replace(/\[([^\]]+)\]/g, (_m, p: string) => params[p]!), params, method === 'GET' || method === 'DELETE' ? undefined : {});
        swept++;
        const key = `${method} ${pattern}`;
        if (TEAM_ROUTES.has(key)) {
          if (res.status === 403 && /whole fleet/.test(String(res.json.error))) problems.push(`${key}: refused a team member`);
        } else if (res.status !== 403) problems.push(`${key}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(swept).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  }, 120_000);
});
