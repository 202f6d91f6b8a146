/** The HTTP surface of user management, the audit log and API tokens, called as Next would call the route handlers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as auditGet } from '@/app/api/audit/route';
import { DELETE as userDelete, PATCH as userPatch } from '@/app/api/users/[id]/route';
import { POST as passwordPost } from '@/app/api/users/[id]/password/route';
import { GET as meGet } from '@/app/api/users/me/route';
import { GET as tokensGet, POST as tokensPost } from '@/app/api/users/me/tokens/route';
import { DELETE as tokenDelete } from '@/app/api/users/me/tokens/[tokenId]/route';
import { GET as usersGet, POST as usersPost } from '@/app/api/users/route';
import { apiRequest, makeUser, setUpAuth, signIn, tearDownAuth, type AuthFixture } from './helpers';

let fixture: AuthFixture;
let admin: Awaited<ReturnType<typeof makeUser>>;
let adminCookie: string;
let analystCookie: string;

const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  fixture = await setUpAuth();
  admin = await makeUser(fixture, 'admin');
  const analyst = await makeUser(fixture, 'analyst');
  adminCookie = await signIn(fixture.auth, admin.email, admin.password);
  analystCookie = await signIn(fixture.auth, analyst.email, analyst.password);
});
afterAll(() => tearDownAuth(fixture));

describe('/api/users', () => {
  it('is admin-only', async () => {
    expect((await usersGet(apiRequest('/api/users', { cookie: analystCookie }))).status).toBe(403);
    const post = await usersPost(
      apiRequest('/api/users', { method: 'POST', cookie: analystCookie, body: { email: 'x@y.z', name: 'x', role: 'admin', password: 'long-enough-password' } }),
    );
    expect(post.status).toBe(403);
    expect((await usersGet(apiRequest('/api/users'))).status).toBe(401);
  });

  it('creates, validates, changes, resets and deletes users', async () => {
    const invalid = await usersPost(apiRequest('/api/users', { method: 'POST', cookie: adminCookie, body: { email: 'nope', name: '', role: 'root', password: 'short' } }));
    expect(invalid.status).toBe(400);
    const paths = ((await invalid.json()) as { issues: Array<{ path: string[] }> }).issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['email', 'name', 'role', 'password']));

    const created = await usersPost(
      apiRequest('/api/users', { method: 'POST', cookie: adminCookie, body: { email: 'new.user@rampart.test', name: 'New User', role: 'viewer', password: 'new-user-password-1' } }),
    );
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; role: string; mustChangePassword: boolean } };
    expect(user).toMatchObject({ role: 'viewer', mustChangePassword: true });
    expect(JSON.stringify(user)).not.toContain('new-user-password-1');

    const list = (await (await usersGet(apiRequest('/api/users', { cookie: adminCookie }))).json()) as { users: Array<{ email: string }> };
    expect(list.users.map((u) => u.email)).toContain('new.user@rampart.test');

    const badRole = await userPatch(apiRequest(`/api/users/${user.id}`, { method: 'PATCH', cookie: adminCookie, body: { role: 'superadmin' } }), params({ id: user.id }));
    expect(badRole.status).toBe(400);
    const promoted = await userPatch(apiRequest(`/api/users/${user.id}`, { method: 'PATCH', cookie: adminCookie, body: { role: 'analyst' } }), params({ id: user.id }));
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as { user: { role: string } }).user.role).toBe('analyst');

    const reset = await passwordPost(
      apiRequest(`/api/users/${user.id}/password`, { method: 'POST', cookie: adminCookie, body: { password: 'another-temp-password' } }),
      params({ id: user.id }),
    );
    expect(reset.status).toBe(200);

    const selfDelete = await userDelete(apiRequest(`/api/users/${admin.id}`, { method: 'DELETE', cookie: adminCookie }), params({ id: admin.id }));
    expect(selfDelete.status).toBe(409);
    const deleted = await userDelete(apiRequest(`/api/users/${user.id}`, { method: 'DELETE', cookie: adminCookie }), params({ id: user.id }));
    expect(deleted.status).toBe(204);
    const missing = await userDelete(apiRequest(`/api/users/${user.id}`, { method: 'DELETE', cookie: adminCookie }), params({ id: user.id }));
    expect(missing.status).toBe(404);
  });
});

describe('/api/audit', () => {
  it('lists events for admins only, with filters', async () => {
    expect((await auditGet(apiRequest('/api/audit', { cookie: analystCookie }))).status).toBe(403);
    const response = await auditGet(apiRequest('/api/audit?action=user.&limit=100', { cookie: adminCookie }));
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: Array<{ action: string }> };
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.action.startsWith('user.'))).toBe(true);
    expect((await auditGet(apiRequest('/api/audit?limit=100000', { cookie: adminCookie }))).status).toBe(400);
  });
});

describe('/api/users/me and API tokens', () => {
  it('creates a token from a session, uses it, refuses minting tokens with a token, revokes it', async () => {
    const created = await tokensPost(apiRequest('/api/users/me/tokens', { method: 'POST', cookie: analystCookie, body: { name: 'ci', expiresInDays: 30 } }));
    expect(created.status).toBe(201);
    const { token, summary } = (await created.json()) as { token: string; summary: { id: string } };

    const me = await meGet(apiRequest('/api/users/me', { bearer: token }));
    expect(await me.json()).toMatchObject({ user: { role: 'analyst', via: 'api-token' } });
    const listed = (await (await tokensGet(apiRequest('/api/users/me/tokens', { bearer: token }))).json()) as { tokens: Array<{ id: string; prefix: string }> };
    expect(listed.tokens.map((t) => t.id)).toEqual([summary.id]);
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await tokensPost(apiRequest('/api/users/me/tokens', { method: 'POST', bearer: token, body: { name: 'more' } }))).status).toBe(403);

    // Another user cannot revoke it.
    expect((await tokenDelete(apiRequest('/x', { method: 'DELETE', cookie: adminCookie }), params({ tokenId: summary.id }))).status).toBe(404);
    expect((await tokenDelete(apiRequest('/x', { method: 'DELETE', cookie: analystCookie }), params({ tokenId: summary.id }))).status).toBe(204);
    expect((await meGet(apiRequest('/api/users/me', { bearer: token }))).status).toBe(401);
  });
});
