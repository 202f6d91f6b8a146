/**
 * Report schedules for team members (route handlers, real PostgreSQL, real rendering): a team
 * analyst schedules a report of their teams; it is recorded for those teams (ReportSchedule.teamIds,
 * like an on-demand report's Report.teamIds), each run makes a report of their teams' part of the
 * fleet recorded for them, and only a webhook narrowed to their team gets its report.ready.
 * Another team's members neither list nor delete it; fleet users see every schedule.
 */
import { describe, expect, it } from 'vitest';
import * as schedulesRoute from '@/app/api/reports/schedules/route';
import * as scheduleRoute from '@/app/api/reports/schedules/[id]/route';
import * as reportRoute from '@/app/api/reports/[id]/route';
import { runDueReportSchedules } from '@/lib/reports/service';
import { tokenUser } from '../helpers/routes';
import { useTeamsCallers } from './callers';

let shopAnalyst = '';
const h = useTeamsCallers(async (h) => {
  const user = await tokenUser(h.t.db, { name: 'shopper', email: 'shopper@teams.test', role: 'viewer', fleetAccess: false });
  await h.t.db.teamMember.create({ data: { teamId: h.fleet.teams.shop, userId: user.id, role: 'analyst' } });
  shopAnalyst = user.token;
});

const hook = (name: string, teamId?: string) => h.t.db.webhook.create({ data: { name, url: 'http://127.0.0.1:9/hook', events: ['report.ready'], ...(teamId ? { teamId } : {}) } });

describe('report schedules of a team', () => {
  it("lets a team analyst schedule a report of their teams, recorded for them, delivered to their team's webhook only", async () => {
    const payments = await hook('payments-hook', h.fleet.teams.payments);
    const fleetHook = await hook('fleet-hook');
    const shopHook = await hook('shop-hook', h.fleet.teams.shop);

    // Only a webhook narrowed to their team: not a fleet receiver, not another team's.
    for (const webhookId of [fleetHook.id, shopHook.id]) {
      const refused = await h.call(schedulesRoute.POST, 'member', 'POST', '/api/reports/schedules', {}, { name: 'nope', frequency: 'weekly', webhookId });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatch(/webhook/);
    }
    // A cluster outside their teams is not there for them.
    expect((await h.call(schedulesRoute.POST, 'member', 'POST', '/api/reports/schedules', {}, { name: 'nope', frequency: 'weekly', params: { clusters: [h.fleet.staging] } })).status).toBe(400);

    const created = await h.call(schedulesRoute.POST, 'member', 'POST', '/api/reports/schedules', {}, { name: 'payments weekly', frequency: 'weekly', webhookId: payments.id });
    expect(created.status).toBe(201);
    expect(created.json.schedule).toMatchObject({ name: 'payments weekly', teams: ['Payments'], webhook: { id: payments.id } });
    const id = created.json.schedule.id as string;
    expect((await h.t.db.reportSchedule.findUniqueOrThrow({ where: { id } })).teamIds).toEqual([h.fleet.teams.payments]);
    expect(await h.t.db.auditEvent.count({ where: { action: 'report_schedule.created', targetId: id, actorEmail: 'member@teams.test' } })).toBe(1);

    // Listing: the member and the fleet see it; another team's analyst does not, nor can delete it.
    const names = async (who: Parameters<typeof h.call>[1]) => (await h.call(schedulesRoute.GET, who, 'GET', '/api/reports/schedules')).json.schedules.map((s: { name: string }) => s.name);
    expect(await names('member')).toEqual(['payments weekly']);
    expect(await names('admin')).toEqual(['payments weekly']);
    expect(await names({ bearer: shopAnalyst })).toEqual([]);
    expect((await h.call(scheduleRoute.DELETE, { bearer: shopAnalyst }, 'DELETE', `/api/reports/schedules/${id}`, { id })).status).toBe(404);
    // A viewer within their team may not schedule.
    expect((await h.call(schedulesRoute.POST, 'platform', 'POST', '/api/reports/schedules', {}, { name: 'x', frequency: 'weekly' })).status).toBe(403);

    // A run: the report covers the team's part, is recorded for the team, and reaches its webhook.
    await h.t.db.reportSchedule.update({ where: { id }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    const [run] = await runDueReportSchedules(h.t.db);
    expect(run).toMatchObject({ scheduleId: id, status: 'succeeded', deliveryId: expect.any(String) });
    const report = await h.t.db.report.findUniqueOrThrow({ where: { id: run!.reportId! } });
    expect(report.teamIds).toEqual([h.fleet.teams.payments]);
    expect(report.params).toMatchObject({ clusterNames: ['prod'], teamNames: ['Payments'] });
    expect((await h.call(reportRoute.GET, 'member', 'GET', `/api/reports/${report.id}`, { id: report.id })).status).toBe(200);
    expect((await h.call(reportRoute.GET, { bearer: shopAnalyst }, 'GET', `/api/reports/${report.id}`, { id: report.id })).status).toBe(404);
    const delivery = await h.t.db.webhookDelivery.findUniqueOrThrow({ where: { id: run!.deliveryId! } });
    expect(delivery.webhookId).toBe(payments.id);
    expect(JSON.stringify(delivery.payload)).not.toContain('staging');

    expect((await h.call(scheduleRoute.DELETE, 'member', 'DELETE', `/api/reports/schedules/${id}`, { id })).status).toBe(204);
  }, 120_000);

  it('skips the run of a schedule whose teams are all gone, instead of reporting on the fleet', async () => {
    const team = await h.t.db.team.create({ data: { name: 'Gone' } });
    const schedule = await h.t.db.reportSchedule.create({ data: { name: 'orphan', cron: '0 6 * * 1', teamIds: [team.id], createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    await h.t.db.team.delete({ where: { id: team.id } });
    const [run] = await runDueReportSchedules(h.t.db);
    expect(run).toMatchObject({ scheduleId: schedule.id, status: 'failed', error: expect.stringMatching(/teams/) });
    expect(await h.t.db.report.count({ where: { scheduleId: schedule.id } })).toBe(0);
  });
});
