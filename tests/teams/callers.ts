/**
 * The callers of the teams route tests, with real API tokens over the teams fixture (./fixture.ts)
 * in a throwaway database: an admin, a fleet viewer, `member` (analyst in Payments: payments-* in
 * prod), `memberViewer` (viewer in Shop: the namespaces labelled team=shop; global role analyst,
 * which does not count), `platform` (viewer in Platform: the whole of staging) and `loner` (no
 * fleet view, no team). `call` runs a route handler as Next.js does.
 */
import { beforeAll } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { TestDatabase } from '@/lib/db/test-utils';
import { callRoute, tokenUser, useRouteDatabase, type RouteResult } from '../helpers/routes';
import { seedTeamsFleet, type TeamsFleet } from './fixture';

export type { Handler } from '../helpers/routes';
export type Caller = 'admin' | 'fleetViewer' | 'member' | 'memberViewer' | 'platform' | 'loner';

export type CallResult = RouteResult;

export interface TeamsCallers {
  /** Set in beforeAll. */
  readonly t: TestDatabase;
  readonly fleet: TeamsFleet;
  readonly tokens: Record<Caller, string>;
  readonly ids: Record<Caller, string>;
  /** `who`: one of the callers, another API token, or nobody. */
  call(handler: unknown, who: Caller | { bearer: string } | null, method: string, urlPath: string, params?: Record<string, string>, body?: unknown): Promise<CallResult>;
}

const USERS: Record<Caller, { role: Role; fleetAccess: boolean }> = {
  admin: { role: 'admin', fleetAccess: false },
  fleetViewer: { role: 'viewer', fleetAccess: true },
  member: { role: 'viewer', fleetAccess: false },
  memberViewer: { role: 'analyst', fleetAccess: false },
  platform: { role: 'viewer', fleetAccess: false },
  loner: { role: 'analyst', fleetAccess: false },
};

/** Registers the suite's set-up and tear-down; `seed` adds what the suite needs on top of the fleet. */
export function useTeamsCallers(seed?: (h: TeamsCallers) => Promise<void>): TeamsCallers {
  const env = useRouteDatabase();
  const h = { tokens: {}, ids: {} } as { t: TestDatabase; fleet: TeamsFleet; tokens: Record<Caller, string>; ids: Record<Caller, string> } & Pick<TeamsCallers, 'call'>;

  h.call = (handler, who, method, urlPath, params = {}, body) =>
    callRoute(handler, urlPath, { method, bearer: who === null ? null : typeof who === 'string' ? h.tokens[who] : who.bearer, params, body });

  beforeAll(async () => {
    h.t = env.t;
    h.fleet = await seedTeamsFleet(h.t.db);
    for (const [name, u] of Object.entries(USERS) as Array<[Caller, (typeof USERS)[Caller]]>) {
      const user = await tokenUser(h.t.db, { name, email: `${name}@teams.test`, role: u.role, fleetAccess: u.fleetAccess });
      h.ids[name] = user.id;
      h.tokens[name] = user.token;
    }
    await h.t.db.teamMember.createMany({
      data: [
        { teamId: h.fleet.teams.payments, userId: h.ids.member, role: 'analyst' },
        { teamId: h.fleet.teams.shop, userId: h.ids.memberViewer, role: 'viewer' },
        { teamId: h.fleet.teams.platform, userId: h.ids.platform, role: 'viewer' },
      ],
    });
    await seed?.(h);
  }, 60_000);

  return h;
}
