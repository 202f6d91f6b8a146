/**
 * Remediation reports for team members (route handlers and the view model, real API tokens, real
 * PostgreSQL, PDFs read back with pdftotext): a member's report covers their teams' findings only,
 * keeps cluster-wide scores only for clusters their teams own whole, names its teams and is recorded
 * for them; another cluster is a 404; a report made for other teams (or the fleet) is not found to
 * them, in the list, the status and the download. Fleet reports are unchanged.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as reportsRoute from '@/app/api/reports/route';
import * as reportRoute from '@/app/api/reports/[id]/route';
import * as downloadRoute from '@/app/api/reports/[id]/download/route';
import * as pdfRoute from '@/app/api/reports/pdf/route';
import * as schedulesRoute from '@/app/api/reports/schedules/route';
import { createApiToken } from '@/lib/auth/api-tokens';
import { reportParamsSchema } from '@/lib/reports/params';
import { buildReportViewModel } from '@/lib/reports/view-model';
import { recordTeamSlaPoints } from '@/lib/sla/history';
import { accessScopeFor, FLEET } from '@/lib/teams/scope';
import { until } from '../reports/harness';
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

const text = (pdf: Buffer) => execFileSync('/usr/bin/pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const resources = (vm: Awaited<ReturnType<typeof buildReportViewModel>>) =>
  vm.sections.flatMap((s) => s.checks.flatMap((c) => c.findings.map((f) => `${f.clusterName}/${f.resource.namespace ?? '-'}/${f.resource.name}`))).sort();
type Who = Caller | { bearer: string };
const post = (who: Who, handler: unknown, url: string, body: unknown) => h.call(handler, who, 'POST', url, {}, body);
const getReport = (who: Who, id: string) => h.call(reportRoute.GET, who, 'GET', `/api/reports/${id}`, { id });
const download = (who: Who, id: string) => h.call(downloadRoute.GET, who, 'GET', `/api/reports/${id}/download`, { id });
const listed = async (who: Who) => ((await h.call(reportsRoute.GET, who, 'GET', '/api/reports')).json.reports as Array<{ id: string }>).map((r) => r.id);

describe('report view model', () => {
  it("covers a team's findings only, with scores only of the clusters the team owns whole", async () => {
    const params = reportParamsSchema.parse({});
    const member = await buildReportViewModel(h.t.db, params, { access: await accessScopeFor(h.t.db, { id: h.ids.member, role: 'viewer' }) });
    expect(member.clusters.map((c) => c.name)).toEqual(['prod']);
    expect(resources(member)).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker']);
    expect(member.totals.findings).toBe(2);
    expect(member.overall.score).toBeNull();
    expect(member.scorecards.every((c) => c.score === null && c.failed === 0)).toBe(true);
    expect(member.clusters[0]!.lastScan).toMatchObject({ score: null, grade: null });
    expect(member.withheldScores).toEqual(['prod']);
    expect(member.scope).toMatch(/^Teams: Payments \(their clusters and namespaces only\); scores, trends and changes leave out prod/);

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
