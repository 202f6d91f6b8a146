/**
 * The callers of the teams route tests, with real API tokens over the teams fixture (./fixture.ts)
 * in a throwaway database: an admin, a fleet viewer, `member` (analyst in Payments: payments-* in
 * prod), `memberViewer` (viewer in Shop: the namespaces labelled team=shop; global role analyst,
 * which does not count), `platform` (viewer in Platform: the whole of staging) and `loner` (no
 * fleet view, no team). `call` runs a route handler as Next.js does.
 */
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { seedTeamsFleet, type TeamsFleet } from './fixture';

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type Caller = 'admin' | 'fleetViewer' | 'member' | 'memberViewer' | 'platform' | 'loner';

export interface CallResult {
  status: number;
  text: string;
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  headers: Headers;
  bytes: Buffer;
}

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
  const saved = { url: process.env.DATABASE_URL, key: process.env.RAMPART_SECRET_KEY };
  const h = { tokens: {}, ids: {} } as { t: TestDatabase; fleet: TeamsFleet; tokens: Record<Caller, string>; ids: Record<Caller, string> } & Pick<TeamsCallers, 'call'>;

  h.call = async (handler, who, method, urlPath, params = {}, body) => {
    const headers = new Headers();
    if (who) headers.set('authorization', `Bearer ${typeof who === 'string' ? h.tokens[who] : who.bearer}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const req = new NextRequest(`http://localhost:3000${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const res = await (handler as Handler)(req, { params: Promise.resolve(params) });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json: CallResult['json'] = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      // CSV, metrics
    }
    return { status: res.status, text, json, headers: res.headers, bytes };
  };

  beforeAll(async () => {
    h.t = await createTestDatabase();
    process.env.DATABASE_URL = h.t.url;
    process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
    resetConfigForTests();
    resetSecretKeysForTests();
    useAuthDatabaseForTests(h.t.db);
    h.fleet = await seedTeamsFleet(h.t.db);
    for (const [name, u] of Object.entries(USERS) as Array<[Caller, (typeof USERS)[Caller]]>) {
      const row = await h.t.db.user.create({ data: { name, email: `${name}@teams.test`, role: u.role, fleetAccess: u.fleetAccess } });
      h.ids[name] = row.id;
      h.tokens[name] = (await createApiToken(h.t.db, { id: row.id, email: row.email, name, role: u.role }, { name: 'test' })).token;
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

  afterAll(async () => {
    useAuthDatabaseForTests(undefined);
    await closeDb();
    await h.t?.drop();
    for (const [k, env] of [['url', 'DATABASE_URL'], ['key', 'RAMPART_SECRET_KEY']] as const) {
      if (saved[k] === undefined) delete process.env[env];
      else process.env[env] = saved[k];
    }
    resetConfigForTests();
    resetSecretKeysForTests();
  }, 60_000);

  return h;
}
