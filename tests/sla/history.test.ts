/**
 * The history of SLA numbers per team on real PostgreSQL: nothing is recorded before teams exist;
 * a day's point holds the numbers per owning team as they were when recorded (the first record of a
 * UTC day stays, whatever changes later that day); the next day records what is true then; the
 * hourly pg-boss job records through the same function.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { createBoss } from '@/lib/jobs/boss';
import { SLA_RECORD_QUEUE, startSlaWorker } from '@/lib/jobs/sla';
import { getSlaNumbers } from '@/lib/sla/compliance';
import { getTeamSlaHistory, getTeamSlaTrends, recordTeamSlaPoints, UNOWNED_KEY } from '@/lib/sla/history';
import { scopeOfTeams } from '@/lib/teams/scope';
import { seedTeamsFleet, type TeamsFleet } from '../teams/fixture';

let t: TestDatabase;
let fleet: TeamsFleet;
const DAY = 86_400_000;
const day1 = new Date('2026-11-02T09:15:00.000Z');

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await seedTeamsFleet(t.db);
  // The fixture's findings are high; first seen 20 days before day 1 (within the 30-day SLA).
  await t.db.finding.updateMany({ data: { firstSeenAt: new Date(day1.getTime() - 20 * DAY) } });
}, 60_000);
afterAll(() => t?.drop(), 60_000);

const numbersAt = async (now: Date) => (await getSlaNumbers(t.db, { clusterIds: null, now, teams: { closedSince: new Date(now.getTime() - 30 * DAY) } })).teams;

describe('SLA history per team', () => {
  it('records nothing while no team exists', async () => {
    const saved = await t.db.team.findMany({ include: { scopes: true } });
    await t.db.team.deleteMany({});
    expect(await recordTeamSlaPoints(t.db, day1)).toBe(0);
    expect(await t.db.teamSlaPoint.count()).toBe(0);
    for (const team of saved) {
      await t.db.team.create({ data: { id: team.id, name: team.name, scopes: { create: team.scopes.map((s) => ({ clusterId: s.clusterId, kind: s.kind, value: s.value })) } } });
    }
  });

  it("keeps the day's first record: later changes that day move no point, the next day records them", async () => {
    const want1 = await numbersAt(day1);
    expect(await recordTeamSlaPoints(t.db, day1)).toBe(want1.length);
    // Later that day Payments gets 10 days for high findings: its findings are overdue from now on.
    await t.db.team.update({ where: { id: fleet.teams.payments }, data: { slaOverrides: { high: 10 } } });
    const later = new Date(day1.getTime() + 5 * 3_600_000);
    expect(await recordTeamSlaPoints(t.db, later)).toBe(0);
    const day2 = new Date(day1.getTime() + DAY);
    const want2 = await numbersAt(day2);
    expect(await recordTeamSlaPoints(t.db, day2)).toBe(want2.length);

    const history = await getTeamSlaHistory(t.db, { from: new Date(day1.getTime() - DAY), to: day2 });
    const keyOf = (r: { teamId: string | null }) => r.teamId ?? UNOWNED_KEY;
    expect([...history.keys()].sort()).toEqual(want1.map(keyOf).sort());
    for (const [i, want] of [want1, want2].entries()) {
      for (const r of want) {
        const p = history.get(keyOf(r))![i]!;
        expect({ day: p.day, tracked: p.tracked, overdue: p.overdue, compliance: p.compliance, closed: p.closed }, `${r.teamName} day ${i + 1}`).toEqual({
          day: (i ? day2 : day1).toISOString().slice(0, 10),
          tracked: r.tracked,
          overdue: r.overdueTotal,
          compliance: r.compliance,
          closed: r.closed,
        });
      }
    }
    const payments = history.get(fleet.teams.payments)!;
    expect(payments.map((p) => p.compliance)).toEqual([1, 0]);
    expect(payments[0]!.at).toBe(day1.toISOString());
    // Narrowed to some teams, and to a window.
    expect([...(await getTeamSlaHistory(t.db, { from: day2, to: day2 }, [fleet.teams.payments])).entries()].map(([k, v]) => [k, v.length])).toEqual([[fleet.teams.payments, 1]]);
  });

  it("a fleet user follows every row's record; a team member their own teams' only", async () => {
    const day2 = new Date(day1.getTime() + DAY);
    const rows = await numbersAt(day2);
    const keyOf = (r: { teamId: string | null }) => r.teamId ?? UNOWNED_KEY;
    expect(rows.map(keyOf)).toContain(UNOWNED_KEY);
    const window = { from: day1, to: day2 };
    const all = await getTeamSlaTrends(t.db, rows, window);
    expect([...all.keys()].sort()).toEqual(rows.map(keyOf).sort());
    expect(all.get(fleet.teams.payments)!.map((p) => p.compliance)).toEqual([1, 0]);
    const member = await scopeOfTeams(t.db, [fleet.teams.payments]);
    const own = await getTeamSlaTrends(t.db, rows, window, member);
    expect([...own.keys()]).toEqual([fleet.teams.payments]);
    expect(own.get(fleet.teams.payments)).toEqual(all.get(fleet.teams.payments));
    // Nothing recorded in the window: the row is readable, its trend empty.
    expect([...(await getTeamSlaTrends(t.db, rows, { from: new Date(day1.getTime() - 9 * DAY), to: new Date(day1.getTime() - 2 * DAY) }, member))]).toEqual([[fleet.teams.payments, []]]);
  });

  it('the hourly job records through the same function', async () => {
    await t.db.teamSlaPoint.deleteMany({});
    const boss = await createBoss({ connectionString: t.url });
    try {
      const worker = await startSlaWorker({ db: t.db, boss, pollingIntervalSeconds: 0.5, schedule: false });
      await boss.send(SLA_RECORD_QUEUE, {});
      let n = 0;
      for (let i = 0; i < 60 && n === 0; i++) {
        await new Promise((res) => setTimeout(res, 500));
        n = await t.db.teamSlaPoint.count();
      }
      expect(n).toBe((await numbersAt(new Date())).length);
      await worker.stop();
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  }, 60_000);
});
