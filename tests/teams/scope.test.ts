/**
 * The teams area against real PostgreSQL: the Prisma and SQL forms select the same findings for
 * every team and for "unowned"; the owner the resolver names is a team whose area holds the
 * finding, and "unowned" is exactly what no team's area holds; a team-scoped user's scope is the
 * union of their teams, with the fleet kept for admins and fleet users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { findingsInArea, findingsInAreaSql, findingsOutsideArea, findingsOutsideAreaSql } from '@/lib/teams/area';
import { ownersOfFindings } from '@/lib/teams/owners';
import { accessScopeFor, areaFor, canSeeCluster, loadScopeRules, seesNamespace, seesWholeCluster } from '@/lib/teams/scope';
import { seedTeamsFleet, type TeamsFleet } from './fixture';

let t: TestDatabase;
let fleet: TeamsFleet;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await seedTeamsFleet(t.db);
}, 60_000);
afterAll(() => t?.drop(), 60_000);

const label = (f: { clusterId: string; resourceNamespace: string | null; resourceName: string }) =>
  `${f.clusterId === fleet.prod ? 'prod' : 'staging'}/${f.resourceNamespace ?? '-'}/${f.resourceName}`;

async function viaPrisma(where: Prisma.FindingWhereInput): Promise<string[]> {
  return (await t.db.finding.findMany({ where, select: { clusterId: true, resourceNamespace: true, resourceName: true } })).map(label).sort();
}
async function viaSql(where: Prisma.Sql): Promise<string[]> {
  const rows = await t.db.$queryRaw<Array<{ cluster_id: string; resource_namespace: string | null; resource_name: string }>>`SELECT cluster_id, resource_namespace, resource_name FROM findings f WHERE ${where}`;
  return rows.map((r) => label({ clusterId: r.cluster_id, resourceNamespace: r.resource_namespace, resourceName: r.resource_name })).sort();
}

describe('team areas', () => {
  it('select the same findings in Prisma and SQL form, per team and for unowned', async () => {
    const expected: Record<string, string[]> = {
      payments: ['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker'],
      shop: ['prod/web/storefront'],
      ingress: ['prod/edge/router'],
      platform: ['staging/payments-eu/pay-api', 'staging/web/storefront'],
    };
    for (const [key, id] of Object.entries(fleet.teams)) {
      const area = await areaFor(t.db, await loadScopeRules(t.db, [id]));
      expect(await viaPrisma(findingsInArea(area)), key).toEqual(expected[key]);
      expect(await viaSql(findingsInAreaSql(area)), key).toEqual(expected[key]);
    }
    const all = await areaFor(t.db, await loadScopeRules(t.db));
    const unowned = ['prod/-/node-agent', 'prod/edge/cache', 'prod/kube-system/coredns'];
    expect(await viaPrisma(findingsOutsideArea(all))).toEqual(unowned);
    expect(await viaSql(findingsOutsideAreaSql(all))).toEqual(unowned);
  });

  it('names as owner a team whose area holds the finding, and no owner exactly outside every area', async () => {
    const rows = await t.db.finding.findMany({ select: { id: true, clusterId: true, resourceNamespace: true, resourceName: true, manifestHash: true } });
    const owners = await ownersOfFindings(t.db, rows);
    const named = Object.fromEntries(rows.map((r) => [label(r), owners.get(r.id)?.teamName ?? 'unowned']));
    expect(named).toEqual({
      'prod/payments-eu/pay-api': 'Payments',
      'prod/payments-us/pay-worker': 'Payments',
      'prod/web/storefront': 'Shop',
      'prod/edge/router': 'Ingress',
      'prod/edge/cache': 'unowned',
      'prod/kube-system/coredns': 'unowned',
      'prod/-/node-agent': 'unowned',
      'staging/payments-eu/pay-api': 'Platform',
      'staging/web/storefront': 'Platform',
    });
  });
});

describe('accessScopeFor', () => {
  it('keeps the fleet for admins and fleet users, and limits others to the union of their teams with their team roles', async () => {
    const make = (email: string, role: string, fleetAccess: boolean) => t.db.user.create({ data: { email, name: email, role, fleetAccess } });
    const admin = await make('admin@teams.test', 'admin', false);
    const fleetViewer = await make('fleet@teams.test', 'viewer', true);
    const member = await make('member@teams.test', 'viewer', false);
    const loner = await make('loner@teams.test', 'analyst', false);
    await t.db.teamMember.createMany({ data: [{ teamId: fleet.teams.payments, userId: member.id, role: 'analyst' }, { teamId: fleet.teams.shop, userId: member.id, role: 'viewer' }] });

    expect(await accessScopeFor(t.db, { id: admin.id, role: 'admin' })).toEqual({ kind: 'fleet' });
    expect(await accessScopeFor(t.db, { id: fleetViewer.id, role: 'viewer' })).toEqual({ kind: 'fleet' });
    const scope = await accessScopeFor(t.db, { id: member.id, role: 'viewer' });
    expect(scope).toMatchObject({ kind: 'teams', role: 'analyst', teams: [{ name: 'Payments', role: 'analyst' }, { name: 'Shop', role: 'viewer' }] });
    expect(await viaPrisma(findingsInArea(scope.kind === 'teams' ? scope.area : { clauses: [] }))).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker', 'prod/web/storefront']);
    expect(canSeeCluster(scope, fleet.prod)).toBe(true);
    expect(canSeeCluster(scope, fleet.staging)).toBe(false);
    expect(seesWholeCluster(scope, fleet.prod)).toBe(false);
    expect(seesNamespace(scope, fleet.prod, 'payments-eu')).toBe(true);
    expect(seesNamespace(scope, fleet.prod, 'kube-system')).toBe(false);
    expect(await accessScopeFor(t.db, { id: loner.id, role: 'analyst' })).toMatchObject({ kind: 'teams', role: null, teams: [] });
  });
});
