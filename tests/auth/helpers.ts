/** Shared set-up for the auth integration tests: a throwaway PostgreSQL database and a better-auth instance on it. */
import { NextRequest } from 'next/server';
import { getConfig, type Config } from '@/lib/config';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { useAuthDatabaseForTests, type RampartAuth } from '@/lib/auth/auth';
import { createUser } from '@/lib/auth/users';
import type { Role } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/auth/types';

export const BASE_URL = 'http://localhost:3000';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return getConfig({
    NODE_ENV: 'test',
    RAMPART_BASE_URL: BASE_URL,
    RAMPART_AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    RAMPART_DATA_DIR: 'tmp/auth-tests',
    ...overrides,
  });
}

export interface AuthFixture {
  database: TestDatabase;
  auth: RampartAuth;
  system: SessionUser;
}

export async function setUpAuth(overrides: Record<string, string> = {}): Promise<AuthFixture> {
  const database = await createTestDatabase();
  const auth = useAuthDatabaseForTests(database.db, testConfig(overrides))!;
  // An actor for admin operations in tests (not a row: recordAudit only copies id/email).
  const system: SessionUser = { id: 'test-admin', email: 'tests@rampart.test', name: 'Tests', role: 'admin' };
  return { database, auth, system };
}

export async function tearDownAuth(fixture: AuthFixture | undefined): Promise<void> {
  useAuthDatabaseForTests(undefined);
  await fixture?.database.drop();
}

export async function makeUser(
  fixture: AuthFixture,
  role: Role,
  options: { email?: string; password?: string; requirePasswordChange?: boolean } = {},
) {
  const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@rampart.test`;
  const password = options.password ?? `pw-${role}-0123456789-long`;
  const user = await createUser(fixture.database.db, fixture.auth, fixture.system, {
    email,
    name: `${role} user`,
    role,
    password,
    requirePasswordChange: options.requirePasswordChange ?? false,
  });
  return { ...user, password };
}

/** Signs in through better-auth's HTTP handler (rate limits and hooks included); returns the response. */
export async function signInRequest(auth: RampartAuth, email: string, password: string, ip = '198.51.100.7') {
  return auth.handler(
    new Request(`${BASE_URL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE_URL, 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The `name=value` session cookie a successful sign-in set. */
export function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const session = cookies.find((c) => c.includes('session_token='));
  if (!session) throw new Error(`no session cookie in ${response.status} response`);
  return session;
}

export async function signIn(auth: RampartAuth, email: string, password: string): Promise<string> {
  const response = await signInRequest(auth, email, password);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return sessionCookie(response);
}

export function apiRequest(path: string, init: { method?: string; cookie?: string; bearer?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.bearer) headers.set('authorization', `Bearer ${init.bearer}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new NextRequest(`${BASE_URL}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
