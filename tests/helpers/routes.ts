/**
 * Route handlers called as Next.js calls them, over a throwaway PostgreSQL database:
 *
 *   const env = useRouteDatabase();                    // beforeAll / afterAll of the suite
 *   const admin = await tokenUser(env.t.db, { name: 'admin', email: 'admin@example.com', role: 'admin' });
 *   const res = await callRoute(route.POST, '/api/teams', { bearer: admin.token, body: { name: 'Search' } });
 *
 * useRouteDatabase points the process at the database (DATABASE_URL, a fresh RAMPART_SECRET_KEY and
 * any extra variables; config and secret keys reset; better-auth on it) and puts everything back
 * afterwards. Register it before the suite's own beforeAll, which then sees the database.
 */
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import type { Db } from '@/lib/db';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteResult {
  status: number;
  text: string;
  /** The body as JSON; {} when it is empty or not JSON (CSV, metrics). */
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  headers: Headers;
  bytes: Buffer;
}

export interface RouteCall {
  /** Default GET. */
  method?: string;
  /** The API token sent as "Authorization: Bearer …"; none when absent or null. */
  bearer?: string | null;
  /** The route's path parameters. */
  params?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with a JSON content type (malformed bodies). */
  rawBody?: string;
}

/** Calls a route handler with a request for `urlPath` (path and query). */
export async function callRoute(handler: unknown, urlPath: string, init: RouteCall = {}): Promise<RouteResult> {
  const headers = new Headers();
  if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers.set('content-type', 'application/json');
  const req = new NextRequest(`http://localhost:3000${urlPath}`, { method: init.method ?? 'GET', headers, body });
  const res = await (handler as Handler)(req, { params: Promise.resolve(init.params ?? {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: RouteResult['json'] = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // CSV, metrics
  }
  return { status: res.status, text, json, headers: res.headers, bytes };
}

export interface RouteDatabase {
  /** Set in beforeAll. */
  readonly t: TestDatabase;
}

/** Registers the suite's database set-up and tear-down (see the file header); `env`: extra variables for the suite. */
export function useRouteDatabase(env: Record<string, string> = {}): RouteDatabase {
  const names = ['DATABASE_URL', 'RAMPART_SECRET_KEY', ...Object.keys(env)];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  const h = {} as { t: TestDatabase };
  beforeAll(async () => {
    h.t = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: h.t.url, RAMPART_SECRET_KEY: randomBytes(32).toString('base64'), ...env });
    resetConfigForTests();
    resetSecretKeysForTests();
    useAuthDatabaseForTests(h.t.db);
  }, 60_000);
  afterAll(async () => {
    useAuthDatabaseForTests(undefined);
    await closeDb();
    await h.t?.drop();
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
    resetConfigForTests();
    resetSecretKeysForTests();
  }, 60_000);
  return h;
}

/** A user with an API token. */
export async function tokenUser(db: Db, user: { name: string; email: string; role: Role; fleetAccess?: boolean }, tokenName = 'test'): Promise<{ id: string; token: string }> {
  const row = await db.user.create({ data: { name: user.name, email: user.email, role: user.role, ...(user.fleetAccess === undefined ? {} : { fleetAccess: user.fleetAccess }) } });
  const { token } = await createApiToken(db, { id: row.id, email: row.email, name: row.name, role: user.role }, { name: tokenName });
  return { id: row.id, token };
}
