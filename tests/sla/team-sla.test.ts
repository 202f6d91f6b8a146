/**
 * Remediation SLAs per team on real PostgreSQL: a finding's due date follows its owning team
 * (lib/teams/ownership.ts, the most specific scope wins) in one rule: the rows' findingDue and the
 * SQL forms (slaWhere, slaSql, dueWhere) select the same findings at every instant of a sweep, with
 * overlapping scopes of teams with and without overrides. (Setting the days over HTTP:
 * tests/teams/admin-api.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { findingDue, SLA_FILTERS, SLA_SEVERITIES, type InstantRange, type SlaOverrides } from '@/lib/sla/policy';
import { loadSlaRules } from '@/lib/sla/settings';
import { dueSql, dueWhere, slaSql, slaWhere, type SlaRules } from '@/lib/sla/where';
import { getSlaNumbers, getTeamSlaCompliance } from '@/lib/sla/compliance';
import { accessScopeFor, findingsVisibleWhere } from '@/lib/teams/scope';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import { ownerBuckets } from '@/lib/teams/owner-where';
import { ownersOfFindings } from '@/lib/teams/owners';
import { seedTeamsFleet, type TeamsFleet } from '../teams/fixture';

let t: TestDatabase;
let fleet: TeamsFleet;
let prodTeam = '';
const DAY = 86_400_000;
const T0 = new Date('2026-06-01T00:00:00.000Z');

const setSla = (teamId: string, overrides: SlaOverrides) => t.db.team.update({ where: { id: teamId }, data: { slaOverrides: Object.keys(overrides).length ? overrides : Prisma.DbNull } });

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await seedTeamsFleet(t.db);
  // Overlaps: Prod operations' glob ties with Payments' (the team name decides: Payments) and its
  // namespace loses to Ingress' resource label; Staging web's namespace wins over Platform's cluster.
  prodTeam = (await t.db.team.create({ data: { name: 'Prod operations', scopes: { create: [{ clusterId: fleet.prod, kind: 'namespace_glob', value: '*-us' }, { clusterId: fleet.prod, kind: 'namespace', value: 'edge' }] } } })).id;
  await t.db.team.create({ data: { name: 'Staging web', scopes: { create: [{ clusterId: fleet.staging, kind: 'namespace', value: 'web' }] } } });
  // Every SLA severity, first seen days apart, so a sweep of instants crosses every due date.
  const rows = await t.db.finding.findMany({ orderBy: { fingerprint: 'asc' }, select: { id: true } });
  for (const [i, r] of rows.entries()) {
    await t.db.finding.update({ where: { id: r.id }, data: { severity: SLA_SEVERITIES[i % 4], firstSeenAt: new Date(T0.getTime() - (i * 5 + 1) * DAY) } });
  }
}, 60_000);

afterAll(() => t?.drop(), 60_000);

const ROW = { id: true, clusterId: true, resourceNamespace: true, resourceName: true, manifestHash: true, severity: true, firstSeenAt: true } as const;
const all = () => t.db.finding.findMany({ select: ROW, orderBy: [{ fingerprint: 'asc' }, { clusterId: 'asc' }] });
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
const viaPrisma = async (where: Prisma.FindingWhereInput) => ids(await t.db.finding.findMany({ where, select: { id: true } }));
const viaSql = async (sql: Prisma.Sql) => ids(await t.db.$queryRaw<Array<{ id: string }>>`SELECT f.id FROM findings f WHERE ${sql}`);

describe('due dates per owning team: one rule in JS and SQL', () => {
  let rules: SlaRules;

  beforeAll(async () => {
    // Overrides on teams that win (Payments, Ingress) and on the teams they win over (Prod
    // operations; Platform, whose staging web namespace belongs to a team without overrides), and
    // one that equals the instance policy (Shop).
    await setSla(fleet.teams.payments, { critical: 3, medium: 12 });
    await setSla(prodTeam, { critical: 20, high: 4, low: 40 });
    await setSla(fleet.teams.ingress, { high: 60 });
    await setSla(fleet.teams.platform, { critical: 2, medium: 45 });
    await setSla(fleet.teams.shop, { critical: 7 });
    rules = await loadSlaRules(t.db);
    expect(rules.owners.length).toBeGreaterThan(0);
  });

  it('the per-team buckets select the findings whose owner ownersOfFindings names', async () => {
    const rows = await all();
    const owners = await ownersOfFindings(t.db, rows);
    expect(new Set([...owners.values()].map((o) => o?.teamName ?? 'unowned'))).toEqual(new Set(['Payments', 'Shop', 'Ingress', 'Platform', 'Prod operations', 'Staging web', 'unowned']));
    const buckets = ownerBuckets(rules.owners, (rule) => rule.teamId, 'unowned');
    for (const [team, cond] of buckets) {
      const want = ids(rows.filter((r) => (owners.get(r.id)?.teamId ?? 'unowned') === team));
      expect(await viaPrisma(cond.where), team).toEqual(want);
      expect(await viaSql(cond.sql), team).toEqual(want);
    }
  });

  it('overdue and due soon select, at every instant of a sweep, exactly the findings findingDue puts there', async () => {
    const rows = await all();
    const owners = await ownersOfFindings(t.db, rows);
    let states = 0;
    for (let hours = -24; hours <= 60 * 24; hours += 37) {
      const now = new Date(T0.getTime() + hours * 3_600_000);
      for (const filter of SLA_FILTERS) {
        const want = ids(rows.filter((r) => findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, rules.policies, now).sla === filter));
        states += want.length;
        expect(await viaPrisma(slaWhere(filter, rules, now)), `${filter} at ${now.toISOString()}`).toEqual(want);
        expect(await viaSql(slaSql(filter, rules, now)), `${filter} at ${now.toISOString()} (SQL)`).toEqual(want);
      }
    }
    expect(states, 'the sweep meets overdue and due-soon findings').toBeGreaterThan(20);
  });

  it('a due-date range (what finding.overdue events use) agrees too, boundaries included', async () => {
    const rows = await all();
    const owners = await ownersOfFindings(t.db, rows);
    const dueOf = (r: (typeof rows)[number]) => findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, rules.policies, T0).dueAt;
    const dues = rows.map(dueOf).filter((d): d is string => d !== null).sort();
    const from = new Date(dues[2]!);
    const to = new Date(dues[dues.length - 3]!);
    for (const range of [{ gte: from, lt: to }, { gt: from, lte: to }] as InstantRange[]) {
      const inside = (d: string | null) => {
        if (!d) return false;
        const x = new Date(d).getTime();
        return (!range.gte || x >= range.gte.getTime()) && (!range.gt || x > range.gt.getTime()) && (!range.lt || x < range.lt.getTime()) && (!range.lte || x <= range.lte.getTime());
      };
      const want = ids(rows.filter((r) => inside(dueOf(r))));
      expect(want.length).toBeGreaterThan(2);
      expect(await viaPrisma(dueWhere(rules, range))).toEqual(want);
      expect(await viaSql(dueSql(rules, range))).toEqual(want);
    }
  });

  it('SLA numbers per team count each finding for its owner with its due date, and state what they count', async () => {
    // One accepted risk (not tracked) and some findings resolved before and after their due date.
    const rows = await all();
    const owners = await ownersOfFindings(t.db, rows);
    const accepted = rows[0]!;
    await acceptRisk(t.db, { findingIds: [accepted.id], reason: 'Accepted for the per-team SLA test', expiresAt: new Date(T0.getTime() + 400 * DAY) }, new Date(T0.getTime() - 40 * DAY));
    const dueOf = (r: (typeof rows)[number]) => new Date(findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, rules.policies, T0).dueAt!);
    const resolvedAt = new Map<string, Date>();
    // Resolved a day early, a day late, at the due instant itself; and one before the window.
    for (const [i, r] of rows.slice(2, 5).entries()) resolvedAt.set(r.id, new Date(dueOf(r).getTime() + [-DAY, DAY, 0][i]!));
    const since = new Date(Math.min(...[...resolvedAt.values()].map((d) => d.getTime())));
    resolvedAt.set(rows[1]!.id, new Date(since.getTime() - 1));
    for (const [id, at] of resolvedAt) await t.db.finding.update({ where: { id }, data: { status: 'resolved', resolvedAt: at } });
    const now = new Date(Math.max(...[...resolvedAt.values()].map((d) => d.getTime()), T0.getTime()) + DAY);

    const got = await getTeamSlaCompliance(t.db, { clusterIds: null, since, now });
    const want = new Map<string, { tracked: number; overdue: number; dueSoon: number; closed: number; onTime: number }>();
    for (const r of rows) {
      const team = owners.get(r.id)?.teamName ?? 'Unowned';
      const w = want.get(team) ?? { tracked: 0, overdue: 0, dueSoon: 0, closed: 0, onTime: 0 };
      want.set(team, w);
      const closedAt = resolvedAt.get(r.id);
      if (closedAt) {
        if (closedAt >= since && closedAt <= now) {
          w.closed++;
          if (closedAt <= dueOf(r)) w.onTime++;
        }
      } else if (r.id !== accepted.id) {
        w.tracked++;
        const state = findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, rules.policies, now).sla;
        if (state === 'overdue') w.overdue++;
        if (state === 'due-soon') w.dueSoon++;
      }
    }
    const teams = await t.db.team.findMany({ select: { name: true } });
    expect(got.teams.map((r) => r.teamName)).toEqual([...teams.map((x) => x.name).sort(), 'Unowned']);
    expect(want.get('Unowned'), 'unowned findings closed in the window').toMatchObject({ closed: 1 });
    for (const r of got.teams) {
      const w = want.get(r.teamName) ?? { tracked: 0, overdue: 0, dueSoon: 0, closed: 0, onTime: 0 };
      expect({ tracked: r.tracked, overdue: r.overdueTotal, dueSoon: r.dueSoonTotal, closed: r.closed, onTime: r.closedOnTime }, r.teamName).toEqual(w);
      expect(r.compliance, r.teamName).toBe(w.tracked ? (w.tracked - w.overdue) / w.tracked : null);
      expect(r.closedOnTimeRatio, r.teamName).toBe(w.closed ? w.onTime / w.closed : null);
    }
    const sum = (k: 'tracked' | 'overdue' | 'closed' | 'onTime') => [...want.values()].reduce((n, w) => n + w[k], 0);
    // Four resolved (the earliest before the window), one accepted.
    expect({ tracked: sum('tracked'), closed: sum('closed') }).toEqual({ tracked: rows.length - 5, closed: 3 });
    expect(sum('overdue')).toBeGreaterThan(0);
    expect(sum('onTime')).toBe(2);
    expect(got.teams.find((r) => r.teamName === 'Payments')!.policy).toEqual({ ...rules.policies.global, critical: 3, medium: 12 });
    // Narrowed to one cluster, the numbers are the rows of that cluster only.
    const staging = await getTeamSlaCompliance(t.db, { clusterIds: [fleet.staging], since, now });
    expect(staging.teams.filter((r) => r.tracked + r.closed > 0).map((r) => r.teamName).sort()).toEqual(['Platform', 'Staging web'].filter((n) => want.has(n)));
  });

  it("a team member's SLA numbers count their teams' findings only and list their teams", async () => {
    const user = await t.db.user.create({ data: { name: 'pay', email: 'pay@team-sla.test', role: 'viewer', fleetAccess: false, teamMemberships: { create: [{ teamId: fleet.teams.payments, role: 'viewer' }] } } });
    const access = await accessScopeFor(t.db, { id: user.id, role: 'viewer' });
    expect(access.kind).toBe('teams');
    const now = new Date(T0.getTime() + 30 * DAY);
    const mine = await getSlaNumbers(t.db, { clusterIds: null, now, access, teams: { closedSince: new Date(0), onlyWithTeams: true } });
    const fleetWide = await getSlaNumbers(t.db, { clusterIds: null, now, teams: { closedSince: new Date(0), onlyWithTeams: true } });
    const visible = await t.db.finding.findMany({ where: { AND: [findingsVisibleWhere(access), { status: 'open', exceptionId: null }] }, select: { id: true } });
    expect(visible.length).toBeGreaterThan(0);
    expect(mine.fleet.tracked).toBe(visible.length);
    expect(mine.fleet.tracked).toBeLessThan(fleetWide.fleet.tracked);
    expect(mine.teams.map((r) => r.teamName)).toEqual(['Payments']);
    expect(mine.teams[0]).toEqual(fleetWide.teams.find((r) => r.teamName === 'Payments'));
  });

  it('without team overrides the condition needs no ownership', async () => {
    for (const id of [fleet.teams.payments, prodTeam, fleet.teams.ingress, fleet.teams.platform, fleet.teams.shop]) await setSla(id, {});
    expect((await loadSlaRules(t.db)).owners).toEqual([]);
  });
});
