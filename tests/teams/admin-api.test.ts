/**
 * Settings → Teams over HTTP (route handlers, real API tokens, real PostgreSQL): admins create and
 * edit teams, set members with a role and add or remove scopes; every change is audited with the
 * admin as actor; bad input is a 400 with a message; non-admins get 403; turning a user's fleet
 * access off limits them to their teams at once; a team's remediation SLA days (audited with before
 * and after) set the due dates of the findings it owns.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/test-utils';
import * as teamsRoute from '@/app/api/teams/route';
import * as teamRoute from '@/app/api/teams/[id]/route';
import * as membersRoute from '@/app/api/teams/[id]/members/route';
import * as memberRoute from '@/app/api/teams/[id]/members/[userId]/route';
import * as scopesRoute from '@/app/api/teams/[id]/scopes/route';
import * as scopeRoute from '@/app/api/teams/[id]/scopes/[scopeId]/route';
import * as teamSlaRoute from '@/app/api/teams/[id]/sla/route';
import * as accessRoute from '@/app/api/users/[id]/access/route';
import * as findingsRoute from '@/app/api/findings/route';
import { callRoute, tokenUser, useRouteDatabase } from '../helpers/routes';
import { seedTeamsFleet, type TeamsFleet } from './fixture';

let t: TestDatabase;
let fleet: TeamsFleet;
const tokens = { admin: '', analyst: '' };
let analystId = '';
const env = useRouteDatabase();

beforeAll(async () => {
  t = env.t;
  fleet = await seedTeamsFleet(t.db);
  for (const role of ['admin', 'analyst'] as const) {
    const u = await tokenUser(t.db, { name: role, email: `${role}@admin-api.test`, role });
    if (role === 'analyst') analystId = u.id;
    tokens[role] = u.token;
  }
}, 60_000);

const call = (handler: unknown, who: keyof typeof tokens, method: string, urlPath: string, params: Record<string, string> = {}, body?: unknown) =>
  callRoute(handler, urlPath, { method, bearer: tokens[who], params, body });

const audits = (action: string) => t.db.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });

describe('teams API', () => {
  it('creates, edits and deletes teams, members and scopes, audited; refuses bad input with a message', async () => {
    expect((await call(teamsRoute.GET, 'analyst', 'GET', '/api/teams')).status).toBe(403);
    expect((await call(teamsRoute.POST, 'analyst', 'POST', '/api/teams', {}, { name: 'Nope' })).status).toBe(403);
    const bad = await call(teamsRoute.POST, 'admin', 'POST', '/api/teams', {}, { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/Enter a team name/);
    expect((await call(teamsRoute.POST, 'admin', 'POST', '/api/teams', {}, { name: 'Payments' })).status).toBe(409);

    const created = await call(teamsRoute.POST, 'admin', 'POST', '/api/teams', {}, { name: 'Search', description: 'Search and indexing' });
    expect(created.status).toBe(201);
    const id = created.json.team.id as string;
    const p = { id };
    expect((await call(teamRoute.PATCH, 'admin', 'PATCH', `/api/teams/${id}`, p, { name: 'Search & Discovery' })).json.team.name).toBe('Search & Discovery');
    expect((await call(teamRoute.PATCH, 'admin', 'PATCH', `/api/teams/${id}`, p, {})).status).toBe(400);

    const member = await call(membersRoute.PUT, 'admin', 'PUT', `/api/teams/${id}/members`, p, { userId: analystId, role: 'analyst' });
    expect(member.json.team.members).toMatchObject([{ email: 'analyst@admin-api.test', role: 'analyst', source: 'manual' }]);
    const badRole = await call(membersRoute.PUT, 'admin', 'PUT', `/api/teams/${id}/members`, p, { userId: analystId, role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.json.error).toMatch(/admin, analyst or viewer/);
    expect((await call(membersRoute.PUT, 'admin', 'PUT', `/api/teams/${id}/members`, p, { userId: 'ghost', role: 'viewer' })).status).toBe(400);

    const badGlob = await call(scopesRoute.POST, 'admin', 'POST', `/api/teams/${id}/scopes`, p, { clusterId: fleet.prod, kind: 'namespace_glob', value: 'pay*ments' });
    expect(badGlob.status).toBe(400);
    expect(badGlob.json.error).toMatch(/one \* at the start, the end or both/);
    expect((await call(scopesRoute.POST, 'admin', 'POST', `/api/teams/${id}/scopes`, p, { clusterId: 'gone', kind: 'namespace', value: 'web' })).status).toBe(400);
    const scoped = await call(scopesRoute.POST, 'admin', 'POST', `/api/teams/${id}/scopes`, p, { clusterId: fleet.prod, kind: 'namespace', value: 'edge' });
    expect(scoped.status).toBe(201);
    expect(scoped.json.team.scopes).toMatchObject([{ kind: 'namespace', value: 'edge', clusterName: 'prod', summary: 'namespace edge in prod' }]);
    expect((await call(scopesRoute.POST, 'admin', 'POST', `/api/teams/${id}/scopes`, p, { clusterId: fleet.prod, kind: 'namespace', value: 'edge' })).status).toBe(409);

    // The analyst, limited to their teams, now sees the edge namespace only (router is Ingress's, but inside their scope too).
    const access = await call(accessRoute.PUT, 'admin', 'PUT', `/api/users/${analystId}/access`, { id: analystId }, { fleetAccess: false });
    expect(access.json.user).toMatchObject({ fleetAccess: false });
    expect((await call(accessRoute.PUT, 'admin', 'PUT', `/api/users/${analystId}/access`, { id: analystId }, { fleetAccess: 'no' })).status).toBe(400);
    const seen = await call(findingsRoute.GET, 'analyst', 'GET', '/api/findings');
    expect(seen.json.findings.map((f: { resource: { name: string } }) => f.resource.name).sort()).toEqual(['cache', 'router']);
    expect(seen.json.findings.find((f: { resource: { name: string } }) => f.resource.name === 'cache').owner.teamName).toBe('Search & Discovery');

    const scopeId = scoped.json.team.scopes[0].id as string;
    expect((await call(scopeRoute.DELETE, 'admin', 'DELETE', `/api/teams/${id}/scopes/${scopeId}`, { id, scopeId })).json.team.scopes).toEqual([]);
    expect((await call(memberRoute.DELETE, 'admin', 'DELETE', `/api/teams/${id}/members/${analystId}`, { id, userId: analystId })).json.team.members).toEqual([]);
    expect((await call(memberRoute.DELETE, 'admin', 'DELETE', `/api/teams/${id}/members/${analystId}`, { id, userId: analystId })).status).toBe(404);
    expect((await call(teamRoute.DELETE, 'admin', 'DELETE', `/api/teams/${id}`, p)).status).toBe(204);
    expect((await call(teamRoute.GET, 'admin', 'GET', `/api/teams/${id}`, p)).status).toBe(404);

    for (const action of ['team.created', 'team.updated', 'team.member_set', 'team.scope_added', 'team.scope_removed', 'team.member_removed', 'team.deleted', 'user.fleet_access_changed']) {
      const events = await audits(action);
      expect(events.length, action).toBeGreaterThan(0);
      expect(events.every((e) => e.actorEmail === 'admin@admin-api.test'), action).toBe(true);
    }
    expect((await audits('team.scope_added'))[0]!.details).toMatchObject({ team: 'Search & Discovery', kind: 'namespace', value: 'edge', summary: 'namespace edge in prod' });
  });
});

describe('team SLA API', () => {
  const putSla = (who: keyof typeof tokens, teamId: string, body: unknown) => call(teamSlaRoute.PUT, who, 'PUT', `/api/teams/${teamId}/sla`, { id: teamId }, body);

  it('an admin sets and clears a team’s days (audited with before and after); others get 403; bad values are a 400 with a message', async () => {
    const team = fleet.teams.payments;
    expect((await putSla('analyst', team, { critical: 1 })).status).toBe(403);
    for (const [body, message] of [
      [{ critical: 0 }, /critical: at least one day/],
      [{ high: 1.5 }, /high: whole days/],
      [{ medium: '30' }, /medium: give a number of days/],
      [{ low: 4000 }, /low: at most 3650 days/],
      [{ urgent: 3 }, /urgent/],
    ] as const) {
      const bad = await putSla('admin', team, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(String(bad.json.error)).toMatch(message);
    }
    expect((await putSla('admin', 'no-such-team', { critical: 1 })).status).toBe(404);
    expect((await putSla('admin', 'bad id!', { critical: 1 })).status).toBe(400);

    const ok = await putSla('admin', team, { critical: 2, high: null, medium: 10 });
    expect(ok.status).toBe(200);
    expect(ok.json.team.slaOverrides).toEqual({ critical: 2, medium: 10 });
    expect((await putSla('admin', team, { critical: 3, medium: 10 })).json.team.slaOverrides).toEqual({ critical: 3, medium: 10 });
    // The same again changes nothing and records nothing.
    await putSla('admin', team, { critical: 3, medium: 10 });
    const trail = await audits('team.sla_updated');
    expect(trail.map((a) => a.details)).toEqual([
      { team: 'Payments', before: {}, after: { critical: 2, medium: 10 } },
      { team: 'Payments', before: { critical: 2, medium: 10 }, after: { critical: 3, medium: 10 } },
    ]);
    expect(trail.every((a) => a.actorEmail === 'admin@admin-api.test' && a.targetId === team)).toBe(true);
    expect((await putSla('admin', team, {})).json.team.slaOverrides).toEqual({});
    expect((await t.db.team.findUniqueOrThrow({ where: { id: team } })).slaOverrides).toBeNull();
  });

  it("a finding's row shows the due date of its owning team's days", async () => {
    const payApi = await t.db.finding.findFirstOrThrow({ where: { clusterId: fleet.prod, resourceName: 'pay-api' }, select: { id: true, severity: true, firstSeenAt: true } });
    const row = async () => (await call(findingsRoute.GET, 'admin', 'GET', `/api/findings?cluster=${fleet.prod}`)).json.findings.find((f: { id: string }) => f.id === payApi.id);
    const before = await row();
    expect(before.owner.teamName).toBe('Payments');
    expect(before.dueAt).toBe(new Date(payApi.firstSeenAt.getTime() + 30 * 86_400_000).toISOString());
    await putSla('admin', fleet.teams.payments, { [payApi.severity]: 1 });
    expect((await row()).dueAt).toBe(new Date(payApi.firstSeenAt.getTime() + 86_400_000).toISOString());
    await putSla('admin', fleet.teams.payments, {});
  });
});
