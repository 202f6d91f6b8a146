/**
 * Scoped access on the cluster surfaces, against real PostgreSQL: the overview, the cluster's
 * scorecards, trends, scans and scan detail, the section page, the check catalog and compliance
 * (API routes called as Next.js calls them, with real API tokens; pages through the read models
 * they render). prod is scanned twice through the real pipeline, the second scan with passing
 * results per namespace.
 *
 * - member (Payments: payments-* in prod) sees prod with the numbers of payments-eu and
 *   payments-us only, scored together as the scoring functions score those results; staging is
 *   a 404.
 * - memberViewer (Shop: the namespace web of prod) gets exactly the web namespace's scorecard.
 * - platform (the whole of staging) sees staging exactly as the fleet does.
 * - fleet users and admins see the cluster-wide numbers, as before.
 */
import { describe, expect, it } from 'vitest';
import * as checksRoute from '@/app/api/checks/route';
import * as scorecardsRoute from '@/app/api/clusters/[id]/scorecards/route';
import * as clusterScansRoute from '@/app/api/clusters/[id]/scans/route';
import * as trendsRoute from '@/app/api/clusters/[id]/trends/route';
import * as complianceRoute from '@/app/api/compliance/route';
import * as evidenceRoute from '@/app/api/compliance/evidence/route';
import * as scanRoute from '@/app/api/scans/[id]/route';
import { getFleetOverview } from '@/lib/dashboard/fleet';
import { getNamespacePosture } from '@/lib/dashboard/namespaces';
import { getSectionDetail } from '@/lib/dashboard/section';
import { getScanDetail } from '@/lib/scans/detail';
import { scoreResults, type ScorableResult } from '@/lib/scoring';
import { clusterViewOf } from '@/lib/teams/cluster-view';
import { accessScopeFor } from '@/lib/teams/scope';
// prod's second scan: pay-worker fixed, coredns now also runs as root, and passing results in most namespaces.
import { persistFleetScan, PROD_LATER_PASSES as PASSES, PROD_LATER_RESULTS as LATER, PROD_NAMESPACE_LABELS as PROD_NAMESPACES, ROOT_CHECK as ROOT } from './fixture';
import { useTeamsCallers, type Caller } from './callers';

/** What the scoring functions make of prod's second scan, over the namespaces `keep` accepts. */
function expectedScore(keep: (namespace: string | null) => boolean): number {
  const results: ScorableResult[] = [...LATER.filter((r) => keep(r.resource.namespace ?? null)).map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, status: 'fail' as const })), ...PASSES.filter((p) => keep(p.namespace ?? null))];
  return scoreResults(results).overall.score;
}
const paymentsOnly = (ns: string | null) => Boolean(ns?.startsWith('payments-'));

let scans: { first: string; later: string; staging: string };
const h = useTeamsCallers(async ({ t: { db }, fleet }) => {
  const first = (await db.scan.findFirstOrThrow({ where: { clusterId: fleet.prod } })).id;
  const staging = (await db.scan.findFirstOrThrow({ where: { clusterId: fleet.staging } })).id;
  scans = { first, staging, later: await persistFleetScan(db, fleet.prod, LATER, PROD_NAMESPACES, PASSES) };
});

const scopeOf = async (who: Caller) => accessScopeFor(h.t.db, { id: h.ids[who], role: who === 'admin' ? 'admin' : who === 'memberViewer' ? 'analyst' : 'viewer' });

describe('the overview (getFleetOverview, as the page reads it)', () => {
  it("shows a team member their clusters only, a part of one by their namespaces' numbers, and the fleet everything", async () => {
    const all = await getFleetOverview(h.t.db, {}, await scopeOf('fleetViewer'));
    const prodAll = all.clusters.find((c) => c.name === 'prod')!;
    expect(all.clusters.map((c) => c.name).sort()).toEqual(['prod', 'staging']);
    expect(prodAll.part).toBeNull();
    expect(prodAll.latestScore!.score).toBe(expectedScore(() => true));
    expect(prodAll.openFindings.high).toBe(7);

    const mine = await getFleetOverview(h.t.db, {}, await scopeOf('member'));
    expect(mine.clusters.map((c) => c.name)).toEqual(['prod']);
    const prod = mine.clusters[0]!;
    expect(prod.part).toEqual({ namespaces: ['payments-eu', 'payments-us'] });
    expect(prod.latestScore!.score).toBe(expectedScore(paymentsOnly));
    expect(prod.latestScore!.score).not.toBe(prodAll.latestScore!.score);
    // Open now: pay-api (pay-worker was fixed by the second scan).
    expect(prod.openFindings).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
    expect(mine.totals.openFindings.high).toBe(1);
    // The sparkline of a part has the last scan of each day: both scans ran today.
    expect(prod.history.map((p) => p.score)).toEqual([expectedScore(paymentsOnly)]);
    expect(prod.sectionScores!.workloads.score).toBe(expectedScore(paymentsOnly));

    // One namespace of theirs: its scorecard's score.
    const shop = (await getFleetOverview(h.t.db, {}, await scopeOf('memberViewer'))).clusters;
    const web = (await getNamespacePosture(h.t.db, h.fleet.prod)).namespaces.find((n) => n.name === 'web')!;
    expect(shop.map((c) => [c.name, c.part, c.latestScore?.score])).toEqual([['prod', { namespaces: ['web'] }, web.score]]);

    // A whole cluster reads exactly as for the fleet.
    const platform = await getFleetOverview(h.t.db, {}, await scopeOf('platform'));
    expect(platform.clusters).toEqual([all.clusters.find((c) => c.name === 'staging')]);
  });
});

describe('GET /api/clusters/:id/scorecards', () => {
  it("gives a team member their part's scorecards, another cluster 404; the fleet's are unchanged", async () => {
    const get = (who: Caller, id: string) => h.call(scorecardsRoute.GET, who, 'GET', `/api/clusters/${id}/scorecards`, { id });
    const mine = await get('member', h.fleet.prod);
    expect(mine.status).toBe(200);
    expect(mine.json.part).toEqual({ namespaces: ['payments-eu', 'payments-us'] });
    expect(mine.json.scan).toMatchObject({ id: scans.later, score: expectedScore(paymentsOnly), passed: 11, failed: 1, excepted: 0 });
    expect(mine.json.previous).toMatchObject({ id: scans.first, score: 0 });
    const workloads = mine.json.sections.find((s: { section: string }) => s.section === 'workloads');
    expect(workloads.open.high).toBe(1);
    expect(workloads.worst.map((f: { resource: { name: string } }) => f.resource.name)).toEqual(['pay-api']);

    expect((await get('member', h.fleet.staging)).status).toBe(404);
    expect((await get('member', 'no-such-cluster')).status).toBe(404);

    const all = await get('fleetViewer', h.fleet.prod);
    const stored = await h.t.db.scan.findUniqueOrThrow({ where: { id: scans.later } });
    expect(all.json.part).toBeNull();
    expect(all.json.scan).toMatchObject({ score: stored.score, passed: stored.resultsPassed, failed: stored.resultsFailed });
    expect(all.json.sections.find((s: { section: string }) => s.section === 'workloads').open.high).toBe(7);
    expect((await get('platform', h.fleet.staging)).json).toEqual((await get('fleetViewer', h.fleet.staging)).json);
  });
});

describe('GET /api/clusters/:id/trends', () => {
  it("draws a team member's part from their namespaces' scores and findings; another cluster is a 404", async () => {
    const get = (who: Caller, id: string) => h.call(trendsRoute.GET, who, 'GET', `/api/clusters/${id}/trends?range=30d`, { id });
    const mine = await get('member', h.fleet.prod);
    expect(mine.status).toBe(200);
    expect(mine.json.points.map((p: { scanId: string; score: number; opened: number; resolved: number }) => [p.scanId, p.score, p.opened, p.resolved])).toEqual([
      [scans.first, 0, 2, 0],
      [scans.later, expectedScore(paymentsOnly), 0, 1],
    ]);
    expect(mine.json.points[1].open.high).toBe(1);
    expect(mine.json.mttr.high.resolved).toBe(1);
    expect((await get('member', h.fleet.staging)).status).toBe(404);

    const all = await get('fleetViewer', h.fleet.prod);
    expect(all.json.points.at(-1)).toMatchObject({ scanId: scans.later, score: expectedScore(() => true), opened: 1, resolved: 1 });
    const [platform, fleetView] = [await get('platform', h.fleet.staging), await get('fleetViewer', h.fleet.staging)];
    expect([platform.json.points, platform.json.mttr]).toEqual([fleetView.json.points, fleetView.json.mttr]);
  });
});

describe('GET /api/clusters/:id/scans and GET /api/scans/:id', () => {
  it("shows a team member each scan's numbers over their part; another cluster's scans are 404", async () => {
    const list = await h.call(clusterScansRoute.GET, 'member', 'GET', `/api/clusters/${h.fleet.prod}/scans`, { id: h.fleet.prod });
    expect(list.status).toBe(200);
    const later = list.json.scans.find((s: { id: string }) => s.id === scans.later);
    expect(later).toMatchObject({ score: expectedScore(paymentsOnly), resultsPassed: 11, resultsFailed: 1, findingsNew: 0, findingsResolved: 1 });
    expect(list.json.scans.find((s: { id: string }) => s.id === scans.first)).toMatchObject({ score: 0, findingsNew: 2, findingsResolved: 0 });
    const one = await h.call(scanRoute.GET, 'member', 'GET', `/api/scans/${scans.later}`, { id: scans.later });
    expect(one.json.scan).toEqual(later);

    expect((await h.call(clusterScansRoute.GET, 'member', 'GET', `/api/clusters/${h.fleet.staging}/scans`, { id: h.fleet.staging })).status).toBe(404);
    const hidden = await h.call(scanRoute.GET, 'member', 'GET', `/api/scans/${scans.staging}`, { id: scans.staging });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error).toBe((await h.call(scanRoute.GET, 'member', 'GET', '/api/scans/no-such-scan', { id: 'no-such-scan' })).json.error.replace('no-such-scan', scans.staging));

    const all = (await h.call(clusterScansRoute.GET, 'fleetViewer', 'GET', `/api/clusters/${h.fleet.prod}/scans`, { id: h.fleet.prod })).json.scans.find((s: { id: string }) => s.id === scans.later);
    expect(all).toMatchObject({ score: expectedScore(() => true), findingsNew: 1, findingsResolved: 1 });
    expect((await h.call(scanRoute.GET, 'platform', 'GET', `/api/scans/${scans.staging}`, { id: scans.staging })).json).toEqual((await h.call(scanRoute.GET, 'fleetViewer', 'GET', `/api/scans/${scans.staging}`, { id: scans.staging })).json);
  });
});

describe('the scan page (getScanDetail)', () => {
  it("lists a team member's findings only, compares their part's scores, and does not find another cluster's scan", async () => {
    const names = (l: { items: Array<{ checkId: string; resource: { name: string } }> }) => l.items.map((f) => `${f.checkId}/${f.resource.name}`).sort();
    const mine = (await getScanDetail(h.t.db, scans.later, { scope: await scopeOf('member') }))!;
    expect(mine.part).toBe(true);
    expect(names(mine.opened)).toEqual([]);
    expect(names(mine.resolved)).toEqual(['privileged-container/pay-worker']);
    expect(mine.comparison!.scan).toMatchObject({ id: scans.first, score: 0 });
    expect(mine.comparison!.sections.find((s) => s.section === 'workloads')).toEqual({ section: 'workloads', before: 0, after: expectedScore(paymentsOnly) });
    expect(names(mine.comparison!.resolvedSince)).toEqual(['privileged-container/pay-worker']);
    expect(mine.objectCounts).toEqual({});
    expect(await getScanDetail(h.t.db, scans.staging, { scope: await scopeOf('member') })).toBeNull();

    const all = (await getScanDetail(h.t.db, scans.later, { scope: await scopeOf('fleetViewer') }))!;
    expect(all.part).toBe(false);
    expect(names(all.opened)).toEqual([`${ROOT}/coredns`]);
    expect(all.objectCounts).toEqual({ Deployment: LATER.length });
    expect(await getScanDetail(h.t.db, scans.later)).toEqual(all);
  });
});

describe('the section page (getSectionDetail)', () => {
  it("shows a team member each check's results and open findings over their part", async () => {
    const member = await scopeOf('member');
    const mine = (await getSectionDetail(h.t.db, h.fleet.prod, 'workloads', new Date(), clusterViewOf(member, h.fleet.prod)!))!;
    const row = (d: typeof mine, id: string) => d.checks.find((c) => c.checkId === id)!;
    expect(mine.part).toEqual({ namespaces: ['payments-eu', 'payments-us'] });
    expect(mine.score).toMatchObject({ score: expectedScore(paymentsOnly), passed: 11, failed: 1, delta: expectedScore(paymentsOnly) });
    expect(row(mine, 'privileged-container')).toMatchObject({ passed: 5, failed: 1, openFindings: 1 });
    expect(row(mine, ROOT)).toMatchObject({ passed: 6, failed: 0, openFindings: 0 });
    expect(mine.findings.map((f) => f.resource.name)).toEqual(['pay-api']);
    expect(mine.findingsTotal).toBe(1);
    expect(clusterViewOf(member, h.fleet.staging)).toBeNull();

    const all = (await getSectionDetail(h.t.db, h.fleet.prod, 'workloads'))!;
    expect(all.part).toBeNull();
    expect(row(all, 'privileged-container')).toMatchObject({ passed: 11, failed: 6, openFindings: 6 });
    expect(row(all, ROOT)).toMatchObject({ passed: 6, failed: 1, openFindings: 1 });
    expect(await getSectionDetail(h.t.db, h.fleet.prod, 'workloads', new Date(), clusterViewOf(await scopeOf('admin'), h.fleet.prod)!)).toEqual(all);
  });
});

describe('GET /api/checks', () => {
  it("sums a team member's results over their clusters and namespaces only", async () => {
    const check = (json: Record<string, unknown>, id: string) => (json.checks as Array<{ id: string; fleet: unknown }>).find((c) => c.id === id)!.fleet;
    const mine = await h.call(checksRoute.GET, 'member', 'GET', '/api/checks');
    expect(mine.status).toBe(200);
    expect(mine.json.clustersScanned).toBe(1);
    expect(check(mine.json, 'privileged-container')).toEqual({ passed: 5, failed: 1, excepted: 0, clustersFailing: 1, clustersScanned: 1 });
    expect(check(mine.json, ROOT)).toEqual({ passed: 6, failed: 0, excepted: 0, clustersFailing: 0, clustersScanned: 1 });

    const all = await h.call(checksRoute.GET, 'fleetViewer', 'GET', '/api/checks');
    expect(all.json.clustersScanned).toBe(2);
    expect(check(all.json, 'privileged-container')).toEqual({ passed: 11, failed: 8, excepted: 0, clustersFailing: 2, clustersScanned: 2 });
    expect(check(all.json, ROOT)).toEqual({ passed: 6, failed: 1, excepted: 0, clustersFailing: 1, clustersScanned: 2 });
    const platform = await h.call(checksRoute.GET, 'platform', 'GET', '/api/checks');
    expect(check(platform.json, 'privileged-container')).toEqual({ passed: 0, failed: 2, excepted: 0, clustersFailing: 1, clustersScanned: 1 });
    expect(check(platform.json, ROOT)).toBeNull();
  });
});

describe('GET /api/compliance and /api/compliance/evidence', () => {
  it("judges a team member's controls on their results only; another cluster is a 404; evidence packs need the fleet view", async () => {
    const control = (json: { evaluation?: { controls: Array<{ id: string; status: string }> }; controls?: Array<{ id: string; status: string }> }, id: string) => (json.evaluation?.controls ?? json.controls)!.find((c) => c.id === id)!.status;
    const get = (who: Caller, query: string) => h.call(complianceRoute.GET, who, 'GET', `/api/compliance?framework=cis-1.10${query}`);
    const mine = await get('member', `&cluster=${h.fleet.prod}`);
    expect(mine.status).toBe(200);
    expect(mine.json.part).toBe(true);
    // 5.2.7 (non-root): only coredns, outside their namespaces, runs as root. 5.2.2 (privileged): pay-api is privileged.
    expect(control(mine.json, '5.2.7')).toBe('passed');
    expect(control(mine.json, '5.2.2')).toBe('failed');
    const fleetView = await get('member', '');
    expect(fleetView.json.clusters.map((c: { name: string; part: boolean }) => [c.name, c.part])).toEqual([['prod', true]]);
    expect(control(fleetView.json, '5.2.7')).toBe('passed');
    expect((await get('member', `&cluster=${h.fleet.staging}`)).status).toBe(404);

    const all = await get('fleetViewer', `&cluster=${h.fleet.prod}`);
    expect(all.json.part).toBe(false);
    expect(control(all.json, '5.2.7')).toBe('failed');
    expect((await get('fleetViewer', '')).json.clusters).toHaveLength(2);
    expect((await get('platform', `&cluster=${h.fleet.staging}`)).json).toEqual((await get('fleetViewer', `&cluster=${h.fleet.staging}`)).json);

    const evidence = await h.call(evidenceRoute.GET, 'member', 'GET', `/api/compliance/evidence?framework=cis-1.10&cluster=${h.fleet.prod}`);
    expect(evidence.status).toBe(403);
    expect(evidence.json.error).toMatch(/Evidence packs need the fleet view/);
    expect((await h.call(evidenceRoute.GET, 'admin', 'GET', `/api/compliance/evidence?framework=cis-1.10&cluster=${h.fleet.prod}`)).status).toBe(200);
  });
});
