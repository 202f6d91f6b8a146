/**
 * The better-auth endpoints as the browser reaches them (app/api/auth/[...all]): only the ones
 * Rampart's UI uses are open; the admin plugin's user management (create-user, set-role, …) and
 * impersonation are closed (Rampart's audited /api/users does that work); a user still on a
 * one-time password can do nothing but change it; session tokens are stored hashed and never
 * appear in a response body a page script could read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as authGet, POST as authPost } from '@/app/api/auth/[...all]/route';
import { authenticateRequest } from '@/lib/auth/api';
import { hashSessionToken } from '@/lib/auth/session-tokens';
import { BASE_URL, makeUser, sessionCookie, setUpAuth, signIn, tearDownAuth, type AuthFixture } from './helpers';

let fixture: AuthFixture;
let admin: Awaited<ReturnType<typeof makeUser>>;
let victim: Awaited<ReturnType<typeof makeUser>>;
let adminCookie: string;

beforeAll(async () => {
  fixture = await setUpAuth();
  admin = await makeUser(fixture, 'admin');
  victim = await makeUser(fixture, 'viewer');
  adminCookie = await signIn(fixture.auth, admin.email, admin.password);
});
afterAll(() => tearDownAuth(fixture));

function post(path: string, cookie: string | null, body: unknown = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: BASE_URL };
  if (cookie) headers.cookie = cookie;
  return authPost(new Request(`${BASE_URL}/api/auth${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

function get(path: string, cookie: string | null) {
  return authGet(new Request(`${BASE_URL}/api/auth${path}`, { headers: cookie ? { cookie } : {} }));
}

const ADMIN_PLUGIN_CALLS: Array<[string, (targetId: string) => unknown]> = [
  ['/admin/create-user', () => ({ email: 'mallory@rampart.test', password: 'mallory-password-1', name: 'M', role: 'admin' })],
  ['/admin/set-role', (userId) => ({ userId, role: 'superuser' })],
  ['/admin/set-user-password', (userId) => ({ userId, newPassword: 'replaced-password-1' })],
  ['/admin/ban-user', (userId) => ({ userId })],
  ['/admin/unban-user', (userId) => ({ userId })],
  ['/admin/remove-user', (userId) => ({ userId })],
  ['/admin/impersonate-user', (userId) => ({ userId })],
  ['/admin/update-user', (userId) => ({ userId, data: { role: 'admin' } })],
  ['/admin/revoke-user-sessions', (userId) => ({ userId })],
];

describe('admin plugin endpoints', () => {
  it.each(ADMIN_PLUGIN_CALLS)('%s is closed to an admin session and changes nothing', async (path, body) => {
    const before = await fixture.database.db.user.findUniqueOrThrow({ where: { id: victim.id }, include: { accounts: true } });
    const response = await post(path, adminCookie, body(victim.id));
    expect(response.status).toBe(404);
    const after = await fixture.database.db.user.findUniqueOrThrow({ where: { id: victim.id }, include: { accounts: true } });
    expect(after).toEqual(before);
    expect(await fixture.database.db.user.count({ where: { email: 'mallory@rampart.test' } })).toBe(0);
    expect(await fixture.database.db.session.count({ where: { impersonatedBy: { not: null } } })).toBe(0);
  });

  it('closes the read endpoints too (list-users, list-user-sessions, has-permission)', async () => {
    expect((await get('/admin/list-users', adminCookie)).status).toBe(404);
    expect((await post('/admin/list-user-sessions', adminCookie, { userId: victim.id })).status).toBe(404);
    expect((await post('/admin/has-permission', adminCookie, { permissions: { user: ['create'] } })).status).toBe(404);
  });

  it('closes the account self-service endpoints Rampart does not use', async () => {
    const viewerCookie = await signIn(fixture.auth, victim.email, victim.password);
    expect((await post('/update-user', viewerCookie, { name: 'x'.repeat(1_000_000) })).status).toBe(404);
    expect((await post('/delete-user', viewerCookie, {})).status).toBe(404);
    expect((await get('/list-sessions', viewerCookie)).status).toBe(404);
    expect((await post('/revoke-sessions', viewerCookie, {})).status).toBe(404);
    expect((await post('/sign-up/email', null, { email: 'x@rampart.test', password: 'long-enough-pass', name: 'x' })).status).toBe(404);
    expect((await fixture.database.db.user.findUniqueOrThrow({ where: { id: victim.id } })).name).toBe(victim.name);
  });

  it('refuses a session that carries an impersonation (none can be started, and an old one grants nothing)', async () => {
    const cookie = await signIn(fixture.auth, victim.email, victim.password);
    await fixture.database.db.session.updateMany({ where: { userId: victim.id }, data: { impersonatedBy: admin.id } });
    const req = new Request(`${BASE_URL}/api/clusters`, { headers: { cookie } });
    expect(await authenticateRequest(req)).toBeNull();
  });
});

describe('forced password change', () => {
  it('leaves a user on a one-time password nothing but changing it (and signing out)', async () => {
    const pending = await makeUser(fixture, 'admin', { requirePasswordChange: true });
    const cookie = await signIn(fixture.auth, pending.email, pending.password);
    const create = await post('/admin/create-user', cookie, { email: 'eve@rampart.test', password: 'eve-password-0001', name: 'Eve', role: 'admin' });
    expect(create.status).toBe(403);
    expect(((await create.json()) as { code?: string }).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await fixture.database.db.user.count({ where: { email: 'eve@rampart.test' } })).toBe(0);
    expect((await post('/admin/set-role', cookie, { userId: victim.id, role: 'admin' })).status).toBe(403);
    expect((await post('/update-user', cookie, { name: 'Renamed' })).status).toBe(403);

    const changed = await post('/change-password', cookie, { currentPassword: pending.password, newPassword: 'my-own-password-123', revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    const newCookie = changed.headers.getSetCookie().some((c) => c.includes('session_token=')) ? sessionCookie(changed) : cookie;
    expect((await fixture.database.db.user.findUniqueOrThrow({ where: { id: pending.id } })).mustChangePassword).toBe(false);
    // Once changed, the closed endpoints say 404 like for everyone else.
    expect((await post('/admin/create-user', newCookie, { email: 'eve@rampart.test', password: 'eve-password-0001', name: 'Eve', role: 'admin' })).status).toBe(404);
  });
});

describe('session tokens', () => {
  it('stored before hashing are hashed by the migration exactly as the adapter hashes them', async () => {
    const user = await makeUser(fixture, 'viewer');
    const plain = 'legacy-plain-session-token-0123456789';
    const row = await fixture.database.db.session.create({ data: { userId: user.id, token: plain, expiresAt: new Date(Date.now() + 3_600_000) } });
    const migration = readFileSync(path.resolve('prisma/migrations/20261207071500_hash_session_tokens/migration.sql'), 'utf8');
    const update = migration.split('\n').find((l) => l.startsWith('UPDATE'))!.replace(/;\s*$/, '');
    await fixture.database.db.$executeRawUnsafe(`${update} WHERE "id" = $1`, row.id);
    expect((await fixture.database.db.session.findUniqueOrThrow({ where: { id: row.id } })).token).toBe(hashSessionToken(plain));
  });

  it('are stored as SHA-256 hashes, still authenticate, and never appear in a response body', async () => {
    const user = await makeUser(fixture, 'analyst');
    const response = await post('/sign-in/email', null, { email: user.email, password: user.password });
    expect(response.status).toBe(200);
    const body = await response.text();
    const cookie = sessionCookie(response);
    const token = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(body).not.toContain(token);
    expect(JSON.parse(body)).toMatchObject({ user: { email: user.email } });

    const rows = await fixture.database.db.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token).not.toBe(token);
    expect(rows[0]!.token).toBe(createHash('sha256').update(token).digest('hex'));

    const caller = await authenticateRequest(new Request(`${BASE_URL}/api/clusters`, { headers: { cookie } }));
    expect(caller).toMatchObject({ id: user.id, role: 'analyst' });
    // A stolen database row is not a session: its stored value as a cookie token is refused.
    const forged = cookie.replace(token, rows[0]!.token);
    expect(await authenticateRequest(new Request(`${BASE_URL}/api/clusters`, { headers: { cookie: forged } }))).toBeNull();

    // The session endpoint (which would hand the token to any page script) is closed.
    expect((await get('/get-session', cookie)).status).toBe(404);

    const changed = await post('/change-password', cookie, { currentPassword: user.password, newPassword: 'another-password-42', revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    const changedBody = await changed.text();
    for (const row of await fixture.database.db.session.findMany({ where: { userId: user.id } })) {
      expect(changedBody).not.toContain(row.token);
    }
    expect(changedBody).not.toMatch(/"token"/);

    const next = changed.headers.getSetCookie().some((c) => c.includes('session_token=')) ? sessionCookie(changed) : cookie;
    expect((await post('/sign-out', next)).status).toBe(200);
    expect(await fixture.database.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
