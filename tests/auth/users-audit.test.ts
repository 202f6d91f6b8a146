import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '@/lib/auth/audit-log';
import { recordAudit } from '@/lib/auth/audit';
import { createUser, deleteUser, listUsers, resetUserPassword, updateUser } from '@/lib/auth/users';
import { BASE_URL, makeUser, setUpAuth, signIn, signInRequest, tearDownAuth, type AuthFixture } from './helpers';

let fixture: AuthFixture;
beforeAll(async () => {
  // 5, not better-auth's built-in 3 per 10 s for sign-in: the test proves our rule is the one applied.
  fixture = await setUpAuth({ RAMPART_LOGIN_RATE_LIMIT: '5' });
});
afterAll(() => tearDownAuth(fixture));

describe('user management', () => {
  it('creates a user with a scrypt-hashed password, validates input, refuses duplicates, audits', async () => {
    const { db } = fixture.database;
    const user = await createUser(db, fixture.auth, fixture.system, {
      email: '  Alice@Example.COM ',
      name: 'Alice',
      role: 'analyst',
      password: 'alice-initial-password',
    });
    expect(user).toMatchObject({ email: 'alice@example.com', role: 'analyst', mustChangePassword: true, disabled: false });
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.password).not.toBe('alice-initial-password');
    expect(account.password).not.toContain('alice-initial-password');
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/); // better-auth scrypt salt:key

    await expect(
      createUser(db, fixture.auth, fixture.system, { email: 'alice@example.com', name: 'A', role: 'viewer', password: 'another-long-password' }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      createUser(db, fixture.auth, fixture.system, { email: 'bob@example.com', name: 'Bob', role: 'superuser', password: 'long-enough-password' }),
    ).rejects.toThrow(/role/);
    await expect(
      createUser(db, fixture.auth, fixture.system, { email: 'bob@example.com', name: 'Bob', role: 'viewer', password: 'short' }),
    ).rejects.toThrow(/at least 12/);

    const [event] = (await listAuditEvents(db, { action: 'user.created', targetId: user.id })).events;
    expect(event).toMatchObject({ actorEmail: fixture.system.email, targetType: 'user', targetName: 'alice@example.com', details: { email: 'alice@example.com', role: 'analyst' } });
    expect(JSON.stringify(event)).not.toContain('alice-initial-password');
  });

  it('changes roles (validated), disables and re-enables, resets passwords, deletes — all audited', async () => {
    const { db } = fixture.database;
    const admin = await makeUser(fixture, 'admin');
    const actor = { id: admin.id, email: admin.email, name: admin.name, role: 'admin' as const };
    const target = await makeUser(fixture, 'viewer');

    expect(await updateUser(db, actor, target.id, { role: 'analyst' })).toMatchObject({ role: 'analyst' });
    await expect(updateUser(db, actor, target.id, { role: 'root' })).rejects.toThrow();

    const cookie = await signIn(fixture.auth, target.email, target.password);
    const disabled = await updateUser(db, actor, target.id, { disabled: true, disabledReason: 'left the team' });
    expect(disabled).toMatchObject({ disabled: true, disabledReason: 'left the team' });
    // Signed out everywhere, and cannot sign in again.
    expect(await fixture.auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    const refused = await signInRequest(fixture.auth, target.email, target.password, '203.0.113.50');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('BANNED_USER');

    expect(await updateUser(db, actor, target.id, { disabled: false })).toMatchObject({ disabled: false });
    await resetUserPassword(db, fixture.auth, actor, target.id, { password: 'a-brand-new-password' });
    expect((await signInRequest(fixture.auth, target.email, target.password, '203.0.113.51')).status).toBe(401);
    const fresh = await signInRequest(fixture.auth, target.email, 'a-brand-new-password', '203.0.113.52');
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);

    await deleteUser(db, actor, target.id);
    expect(await db.user.findUnique({ where: { id: target.id } })).toBeNull();

    const events = (await listAuditEvents(db, { targetId: target.id, limit: 50 })).events;
    // The log names the user, not its id, even once the user is gone.
    expect(new Set(events.map((e) => e.targetName))).toEqual(new Set([target.email]));
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.role_changed', 'user.disabled', 'user.enabled', 'user.password_reset', 'user.deleted']),
    );
    expect((await listUsers(db)).some((u) => u.id === target.id)).toBe(false);
  });

  it('never lets an admin lock themselves out or remove the last enabled admin', async () => {
    const { db } = fixture.database;
    const admins = await db.user.findMany({ where: { role: 'admin' } });
    // Demote every admin but one, leaving exactly one enabled admin.
    const keeper = admins[0]!;
    const keeperActor = { id: keeper.id, email: keeper.email, name: keeper.name, role: 'admin' as const };
    for (const other of admins.slice(1)) await updateUser(db, keeperActor, other.id, { role: 'viewer' });

    await expect(updateUser(db, keeperActor, keeper.id, { role: 'viewer' })).rejects.toMatchObject({ status: 409 });
    await expect(updateUser(db, keeperActor, keeper.id, { disabled: true })).rejects.toMatchObject({ status: 409 });
    await expect(deleteUser(db, keeperActor, keeper.id)).rejects.toMatchObject({ status: 409 });
    // Another (non-self) actor still cannot remove the last admin.
    await expect(deleteUser(db, fixture.system, keeper.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/last enabled admin/) });
  });
});

describe('audit trail of authentication', () => {
  it('records sign-in success and failure (with the tried email, never the password) and sign-out', async () => {
    const { db } = fixture.database;
    const user = await makeUser(fixture, 'viewer');
    await signInRequest(fixture.auth, user.email, 'definitely-not-the-password', '192.0.2.10');
    const ok = await signInRequest(fixture.auth, user.email, user.password, '192.0.2.11');
    const cookie = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const failed = (await listAuditEvents(db, { action: 'auth.sign_in_failed', actor: user.email })).events;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorId: null, details: { method: 'password', reason: 'INVALID_EMAIL_OR_PASSWORD' }, ip: '192.0.2.10' });
    expect(JSON.stringify(failed)).not.toContain('definitely-not-the-password');

    const signedIn = (await listAuditEvents(db, { action: 'auth.signed_in', actor: user.email })).events;
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]).toMatchObject({ actorId: user.id, ip: '192.0.2.11' });

    const out = await fixture.auth.handler(
      new Request(`${BASE_URL}/api/auth/sign-out`, { method: 'POST', headers: { cookie, origin: BASE_URL, 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(out.status).toBe(200);
    expect((await listAuditEvents(db, { action: 'auth.signed_out', actor: user.email })).events).toHaveLength(1);
  });

  it('rate-limits sign-in per address (RAMPART_LOGIN_RATE_LIMIT per minute)', async () => {
    const user = await makeUser(fixture, 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInRequest(fixture.auth, user.email, 'wrong-password-xxxxx', '192.0.2.99')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password is refused until the window passes; another address is not affected.
    expect((await signInRequest(fixture.auth, user.email, user.password, '192.0.2.99')).status).toBe(429);
    expect((await signInRequest(fixture.auth, user.email, user.password, '192.0.2.100')).status).toBe(200);
  });

  it('redacts secret-looking keys from audit details', async () => {
    const { db } = fixture.database;
    await recordAudit(db, { action: 'test.redaction', details: { name: 'x', password: 'p', nested: { apiToken: 't', kubeconfig: 'k' } } });
    const [event] = (await listAuditEvents(db, { action: 'test.redaction' })).events;
    expect(event!.details).toEqual({ name: 'x', password: '[redacted]', nested: { apiToken: '[redacted]', kubeconfig: '[redacted]' } });
  });

  it('pages the audit log newest first with a cursor', async () => {
    const { db } = fixture.database;
    for (let i = 0; i < 5; i++) await recordAudit(db, { action: 'test.paging', details: { i } });
    const first = await listAuditEvents(db, { action: 'test.paging', limit: 2 });
    const second = await listAuditEvents(db, { action: 'test.paging', limit: 2, cursor: first.nextCursor! });
    const third = await listAuditEvents(db, { action: 'test.paging', limit: 2, cursor: second.nextCursor! });
    const order = [...first.events, ...second.events, ...third.events].map((e) => (e.details as { i: number }).i);
    expect(order).toEqual([4, 3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
  });
});
