import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_EMAIL, ensureInitialAdmin } from '@/lib/auth/bootstrap';
import { setUpAuth, signInRequest, tearDownAuth, testConfig, type AuthFixture } from './helpers';

let fixture: AuthFixture | undefined;
afterEach(async () => {
  await tearDownAuth(fixture);
  fixture = undefined;
});

describe('ensureInitialAdmin', () => {
  it('creates admin@rampart.local with a one-time password printed once, flagged to be changed', async () => {
    fixture = await setUpAuth();
    const { db } = fixture.database;
    const printed: string[] = [];
    const result = await ensureInitialAdmin(db, fixture.auth, { config: testConfig(), print: (t) => printed.push(t) });

    expect(result).toMatchObject({ created: true, email: DEFAULT_ADMIN_EMAIL, passwordSource: 'generated' });
    expect(printed).toHaveLength(1);
    const password = /one-time password:\s+(\S+)/.exec(printed[0]!)?.[1];
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(20);

    const user = await db.user.findUniqueOrThrow({ where: { email: DEFAULT_ADMIN_EMAIL }, include: { accounts: true } });
    expect(user.role).toBe('admin');
    expect(user.mustChangePassword).toBe(true);
    const stored = user.accounts.find((a) => a.providerId === 'credential')?.password;
    expect(stored).toBeTruthy();
    expect(stored).not.toContain(password!);

    // The printed password signs in; the user is told to change it.
    const response = await signInRequest(fixture.auth, DEFAULT_ADMIN_EMAIL, password!);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { mustChangePassword: boolean; role: string } };
    expect(body.user).toMatchObject({ mustChangePassword: true, role: 'admin' });

    // The creation is audited without the password.
    const events = await db.auditEvent.findMany({ where: { action: 'user.created' } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.details)).not.toContain(password!);

    // Idempotent: a second start prints and creates nothing.
    const again = await ensureInitialAdmin(db, fixture.auth, { config: testConfig(), print: (t) => printed.push(t) });
    expect(again).toEqual({ created: false });
    expect(printed).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
  });

  it('uses RAMPART_ADMIN_EMAIL / RAMPART_ADMIN_PASSWORD when set, prints nothing, needs no change', async () => {
    const env = { RAMPART_ADMIN_EMAIL: 'Boss@Example.com', RAMPART_ADMIN_PASSWORD: 'a-very-long-operator-password' };
    fixture = await setUpAuth(env);
    const { db } = fixture.database;
    const printed: string[] = [];
    const result = await ensureInitialAdmin(db, fixture.auth, { config: testConfig(env), print: (t) => printed.push(t) });

    expect(result).toMatchObject({ created: true, email: 'boss@example.com', passwordSource: 'environment' });
    expect(printed).toEqual([]);
    const user = await db.user.findUniqueOrThrow({ where: { email: 'boss@example.com' }, include: { accounts: true } });
    expect(user).toMatchObject({ role: 'admin', mustChangePassword: false });
    expect(user.accounts[0]!.password).not.toBe(env.RAMPART_ADMIN_PASSWORD);
    expect((await signInRequest(fixture.auth, 'boss@example.com', env.RAMPART_ADMIN_PASSWORD)).status).toBe(200);
    expect((await signInRequest(fixture.auth, 'boss@example.com', 'wrong-password-123456')).status).toBe(401);
  });

  it('does nothing when any user already exists, and two concurrent starts create one admin', async () => {
    fixture = await setUpAuth();
    const { db } = fixture.database;
    const printed: string[] = [];
    const print = (t: string) => printed.push(t);
    const results = await Promise.all([
      ensureInitialAdmin(db, fixture.auth, { config: testConfig(), print }),
      ensureInitialAdmin(db, fixture.auth, { config: testConfig(), print }),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(printed).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
  });
});
