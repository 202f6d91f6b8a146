/**
 * report.ready for webhooks narrowed to a team (real PostgreSQL, real report rendering): a team's
 * webhook gets the link to a report made for that team only, never a fleet report (its summary
 * names every cluster in it); an unfiltered webhook, or one narrowed to a framework, gets it.
 * A schedule cannot be pointed at a team's webhook it would never deliver to.
 */
import { describe, expect, it } from 'vitest';
import * as schedulesRoute from '@/app/api/reports/schedules/route';
import { runDueReportSchedules } from '@/lib/reports/service';
import { useTeamsCallers } from './callers';

const h = useTeamsCallers();
const WEEK_AGO = () => new Date(Date.now() - 8 * 86_400_000);

async function hook(name: string, filter: { teamId?: string; framework?: string } = {}) {
  return h.t.db.webhook.create({ data: { name, url: 'http://127.0.0.1:9/hook', events: ['report.ready'], ...filter } });
}

describe('report.ready of a scheduled report', () => {
  it("reaches an unfiltered or framework webhook, never a team's webhook, for a fleet report", async () => {
    const payments = await hook('payments', { teamId: h.fleet.teams.payments });
    const plain = await hook('plain');
    const cis = await hook('cis', { framework: 'cis' });
    const schedules = await Promise.all(
      [payments, plain, cis].map((w) => h.t.db.reportSchedule.create({ data: { name: `weekly ${w.name}`, cron: '0 6 * * 1', params: { severities: ['critical'] }, webhookId: w.id, createdAt: WEEK_AGO() } })),
    );
    const runs = await runDueReportSchedules(h.t.db);
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const delivered = await h.t.db.webhookDelivery.findMany({ where: { event: 'report.ready' }, select: { webhookId: true, payload: true } });
    expect(delivered.map((d) => d.webhookId).sort()).toEqual([plain.id, cis.id].sort());
    const toPayments = runs.find((r) => r.scheduleId === schedules[0]!.id)!;
    expect(toPayments.deliveryId).toBeUndefined();
    expect(toPayments.deliverySkipped).toMatch(/narrowed to team Payments/);
    // The framework webhook's payload names its filter, like every filtered delivery.
    expect(delivered.find((d) => d.webhookId === cis.id)!.payload).toMatchObject({ data: { filter: { framework: 'cis', team: null } } });
  }, 120_000);

  it("refuses to point a fleet schedule at a team's webhook, saying why", async () => {
    const shop = await hook('shop', { teamId: h.fleet.teams.shop });
    const res = await h.call(schedulesRoute.POST, 'admin', 'POST', '/api/reports/schedules', {}, { name: 'fleet weekly', frequency: 'weekly', webhookId: shop.id });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/narrowed to team Shop/);
    expect(await h.t.db.reportSchedule.count({ where: { name: 'fleet weekly' } })).toBe(0);
  });
});
