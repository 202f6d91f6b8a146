/**
 * Remediation reports for team members (route handlers and the view model, real API tokens, real
 * PostgreSQL, PDFs read back with pdftotext): a member's report covers their teams' findings only,
 * keeps cluster-wide scores only for clusters their teams own whole, names its teams and is recorded
 * for them; another cluster is a 404; a report made for other teams (or the fleet) is not found to
 * them, in the list, the status and the download. Fleet reports are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as reportsRoute from '@/app/api/reports/route';
import * as reportRoute from '@/app/api/reports/[id]/route';
import * as downloadRoute from '@/app/api/reports/[id]/download/route';
import * as pdfRoute from '@/app/api/reports/pdf/route';
import * as schedulesRoute from '@/app/api/reports/schedules/route';
import { createApiToken } from '@/lib/auth/api-tokens';
import { reportParamsSchema } from '@/lib/reports/params';
import { buildReportViewModel } from '@/lib/reports/view-model';
import { renderReportPdf } from '@/lib/reports/pdf/render';
import { recordTeamSlaPoints } from '@/lib/sla/history';
import { accessScopeFor, FLEET } from '@/lib/teams/scope';
import { getCheck } from '@/lib/checks';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { capLabel } from '@/lib/scoring';
import { clusterViewOf } from '@/lib/teams/cluster-view';
import { until } from '../reports/harness';
import { failing, persistFleetScan } from './fixture';
import { useTeamsCallers, type Caller } from './callers';

/** Analysts of other teams: Shop (namespaces labelled team=shop) and Platform (all of staging). */
const others = { shop: { bearer: '' }, platform: { bearer: '' } };
const ids = { shop: '', platform: '' };

const h = useTeamsCallers(async ({ t, fleet }) => {
  for (const [key, team] of [['shop', fleet.teams.shop], ['platform', fleet.teams.platform]] as const) {
    const u = await t.db.user.create({ data: { name: key, email: `${key}-analyst@teams.test`, role: 'viewer', fleetAccess: false, teamMemberships: { create: { teamId: team, role: 'analyst' } } } });
    ids[key] = u.id;
    others[key].bearer = (await createApiToken(t.db, { id: u.id, email: u.email, name: key, role: 'viewer' }, { name: 'test' })).token;
  }
});

const PROD_NAMESPACES: Array<{ name: string; labels: Record<string, string> }> = [
  { name: 'payments-eu', labels: {} },
  { name: 'payments-us', labels: {} },
  { name: 'web', labels: { team: 'shop' } },
  { name: 'edge', labels: {} },
  { name: 'kube-system', labels: {} },
];
const text = (pdf: Buffer) => execFileSync('/usr/bin/pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const resources = (vm: Awaited<ReturnType<typeof buildReportViewModel>>) =>
  vm.sections.flatMap((s) => s.checks.flatMap((c) => c.findings.map((f) => `${f.clusterName}/${f.resource.namespace ?? '-'}/${f.resource.name}`))).sort();
type Who = Caller | { bearer: string };
const post = (who: Who, handler: unknown, url: string, body: unknown) => h.call(handler, who, 'POST', url, {}, body);
const getReport = (who: Who, id: string) => h.call(reportRoute.GET, who, 'GET', `/api/reports/${id}`, { id });
const download = (who: Who, id: string) => h.call(downloadRoute.GET, who, 'GET', `/api/reports/${id}/download`, { id });
const listed = async (who: Who) => ((await h.call(reportsRoute.GET, who, 'GET', '/api/reports')).json.reports as Array<{ id: string }>).map((r) => r.id);

describe('report view model', () => {
  it("covers a team's findings only; of a cluster the team owns in part, the part's scores", async () => {
    const params = reportParamsSchema.parse({});
    const member = await buildReportViewModel(h.t.db, params, { access: await accessScopeFor(h.t.db, { id: h.ids.member, role: 'viewer' }) });
    expect(member.clusters.map((c) => c.name)).toEqual(['prod']);
    expect(resources(member)).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker']);
    expect(member.totals.findings).toBe(2);
    expect(member.overall.score).not.toBeNull();
    expect(member.partScores).toEqual([{ cluster: 'prod', namespaces: ['payments-eu', 'payments-us'] }]);
    expect(member.withheldScores).toEqual([]);
    expect(member.scope).toMatch(/^Teams: Payments \(their clusters and namespaces only\); scores, trends and changes of prod are those of payments-eu, payments-us, which they own in part/);
    // Ingress owns prod's resources labelled app=ingress only: no namespace of its own, so no score.
    const ingress = await h.t.db.user.create({ data: { name: 'ingress', email: 'ingress-viewer@teams.test', role: 'viewer', fleetAccess: false, teamMemberships: { create: { teamId: h.fleet.teams.ingress, role: 'viewer' } } } });
    const labelOnly = await buildReportViewModel(h.t.db, params, { access: await accessScopeFor(h.t.db, { id: ingress.id, role: 'viewer' }) });
    expect(labelOnly.overall.score).toBeNull();
    expect(labelOnly.clusters[0]!.lastScan).toMatchObject({ score: null, grade: null });
    expect(labelOnly.withheldScores).toEqual(['prod']);
    expect(labelOnly.scope).toMatch(/prod, owned in part, has no score of their namespaces yet/);

    const platform = await buildReportViewModel(h.t.db, params, { access: await accessScopeFor(h.t.db, { id: ids.platform, role: 'viewer' }) });
    expect(platform.clusters.map((c) => c.name)).toEqual(['staging']);
    expect(platform.overall.score).not.toBeNull();
    expect(platform.withheldScores).toEqual([]);

    const fleet = await buildReportViewModel(h.t.db, params, { access: FLEET });
    expect(fleet.totals.findings).toBe(9);
    expect(fleet.teams).toBeUndefined();
    expect(fleet.overall.score).not.toBeNull();
    expect(fleet).toEqual(await buildReportViewModel(h.t.db, params, { now: new Date(fleet.generatedAt) }));
  });

  it("shows a team member's report the recorded SLA trend of their own teams only", async () => {
    const now = new Date();
    await recordTeamSlaPoints(h.t.db, new Date(now.getTime() - 2 * 86_400_000));
    const params = reportParamsSchema.parse({});
    const fleet = await buildReportViewModel(h.t.db, params, { access: FLEET, now });
    expect(Object.keys(fleet.sla!.trends!).sort()).toEqual(fleet.sla!.teams.map((t) => t.teamId ?? '').sort());
    expect(Object.keys(fleet.sla!.trends!)).toContain('');
    const member = await buildReportViewModel(h.t.db, params, { access: await accessScopeFor(h.t.db, { id: h.ids.member, role: 'viewer' }), now });
    expect(member.sla!.teams.length).toBeGreaterThan(0);
    expect(Object.keys(member.sla!.trends!)).toEqual([h.fleet.teams.payments]);
    expect(member.sla!.trends![h.fleet.teams.payments]).toEqual(fleet.sla!.trends![h.fleet.teams.payments]);
    expect(member.sla!.trends![h.fleet.teams.payments]).toHaveLength(1);
    await h.t.db.teamSlaPoint.deleteMany({});
  });
});

describe('report routes', () => {
  it("stream a team member's PDF over their findings, recorded with their teams; another cluster is a 404", async () => {
    const direct = await post('member', pdfRoute.POST, '/api/reports/pdf', {});
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-type')).toBe('application/pdf');
    const pdf = text(direct.bytes);
    expect(pdf).toMatch(/Teams: Payments/);
    expect(pdf).toMatch(/pay-api/);
    expect(pdf).toMatch(/pay-worker/);
    for (const other of ['storefront', 'coredns', 'node-agent', 'router', 'staging']) expect(pdf).not.toContain(other);
    const audit = await h.t.db.auditEvent.findFirstOrThrow({ where: { action: 'report.generated', actorEmail: 'member@teams.test' } });
    expect(audit.details).toMatchObject({ mode: 'direct', clusters: ['prod'], teams: ['Payments'], findings: 2 });

    const outside = await post('member', pdfRoute.POST, '/api/reports/pdf', { clusters: [h.fleet.staging] });
    expect(outside.status).toBe(404);
    expect(outside.json.error).toMatch(/No cluster with id/);
    expect((await post('memberViewer', pdfRoute.POST, '/api/reports/pdf', {})).status).toBe(403);
    // Schedules: their teams' only (tests/teams/report-schedules.test.ts).
    expect((await h.call(schedulesRoute.GET, 'member', 'GET', '/api/reports/schedules')).json).toEqual({ schedules: [] });
  });

  it("keep a team's stored reports to its members: another team's or the fleet's report is not found", async () => {
    const queued = await post('member', reportsRoute.POST, '/api/reports', {});
    expect(queued.status).toBe(202);
    const id = queued.json.report.id as string;
    expect(queued.json.report).toMatchObject({ teamIds: [h.fleet.teams.payments], teams: ['Payments'], clusterNames: ['prod'] });
    await until('the report to render', async () => (await getReport('member', id)).json.report?.status === 'succeeded');
    const fleetQueued = await post('admin', reportsRoute.POST, '/api/reports', {});
    await until('the fleet report to render', async () => (await getReport('admin', fleetQueued.json.report.id)).json.report?.status === 'succeeded');

    const mine = await download('member', id);
    expect(mine.status).toBe(200);
    expect(text(mine.bytes)).toMatch(/pay-worker/);
    expect(text(mine.bytes)).not.toContain('storefront');
    expect(await listed('member')).toEqual([id]);

    for (const who of [others.shop, others.platform]) {
      expect(await listed(who)).toEqual([]);
      expect((await getReport(who, id)).status).toBe(404);
      expect((await download(who, id)).status).toBe(404);
    }
    expect((await download('member', fleetQueued.json.report.id)).status).toBe(404);
    expect((await getReport('member', fleetQueued.json.report.id)).status).toBe(404);
    // The fleet reads every report.
    expect((await listed('admin')).sort()).toEqual([id, fleetQueued.json.report.id].sort());
    expect((await download('admin', id)).status).toBe(200);
    expect(text((await download('admin', fleetQueued.json.report.id)).bytes)).toContain('storefront');
  }, 120_000);
});

// Last: it scans prod again (pay-worker fixed).
describe('report of a cluster owned in part', () => {
  it("a member's report of a cluster their team owns in part shows what the member's cluster page shows", async () => {
    const scope = await accessScopeFor(h.t.db, { id: h.ids.member, role: 'viewer' });
    const view = clusterViewOf(scope, h.fleet.prod)!;
    expect(view.kind).toBe('part');
    // A second scan: pay-worker fixed, so the part's scores move and the report has a baseline and a change.
    const stillFailing = [failing('pay-api', 'payments-eu'), failing('storefront', 'web'), failing('router', 'edge', { app: 'ingress' }), failing('cache', 'edge'), failing('coredns', 'kube-system'), failing('node-agent', null)];
    await persistFleetScan(h.t.db, h.fleet.prod, stillFailing, PROD_NAMESPACES, [{ checkId: 'privileged-container', section: 'workloads', severity: 'high', status: 'pass', namespace: 'payments-us', count: 1 }]);
    const now = new Date();
    const vm = await buildReportViewModel(h.t.db, reportParamsSchema.parse({ clusters: [h.fleet.prod], days: 30 }), { access: scope, now });
    const page = (await getClusterScorecards(h.t.db, h.fleet.prod, (id) => getCheck(id)?.title, now, view))!;
    expect(page.part!.namespaces).toEqual(['payments-eu', 'payments-us']);
    expect({ score: vm.overall.score, grade: vm.overall.grade, cap: vm.overall.cap }).toEqual({ score: page.scan!.score, grade: page.scan!.grade, cap: capLabel(page.scan!.cap) });
    expect(vm.clusters[0]!.lastScan).toMatchObject({ score: page.scan!.score, grade: page.scan!.grade });
    expect(vm.scorecards.map((c) => ({ id: c.id, score: c.score, grade: c.grade, passed: c.passed, failed: c.failed, excepted: c.excepted, open: c.open }))).toEqual(
      page.sections.map((c) => ({ id: c.section, score: c.score, grade: c.grade, passed: c.passed, failed: c.failed, excepted: c.excepted, open: c.open })),
    );
    // The fleet's numbers of prod differ: the report reads the part, not the cluster.
    const fleetPage = (await getClusterScorecards(h.t.db, h.fleet.prod, (id) => getCheck(id)?.title, now))!;
    expect(fleetPage.scan!.failed).not.toBe(page.scan!.failed);
    // The trend: the part's score at each scan, as the cluster page's trend reads it.
    const trends = await getClusterTrends(h.t.db, h.fleet.prod, { from: new Date(now.getTime() - 30 * 86_400_000), to: now }, undefined, view);
    expect(vm.trend.at(-1)!.overall).toBe(trends.points.at(-1)!.score);
    expect(vm.trend.at(-1)!.overall).toBe(page.scan!.score);
    // What got better since the first scan: one failing result fewer of the check, in the part.
    expect(vm.improved).toContainEqual(expect.objectContaining({ kind: 'check', id: 'privileged-container', from: 2, to: 1 }));
    // The PDF says so (tmp/reports/member-part-report.pdf).
    const pdf = await renderReportPdf(vm);
    mkdirSync('tmp/reports', { recursive: true });
    writeFileSync('tmp/reports/member-part-report.pdf', pdf);
    const flat = text(pdf).replace(/\s+/g, ' ');
    expect(flat).toContain(`Overall grade ${page.scan!.grade} (${page.scan!.score}/100)`);
    expect(flat).toContain('scores, trends and changes of prod are those of payments-eu, payments-us');
  });
});
