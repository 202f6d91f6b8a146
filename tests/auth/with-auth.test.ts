import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, parseJsonBody, withAuth } from '@/lib/auth/api';
import { createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { resetConfigForTests } from '@/lib/config';
import { apiRequest, makeUser, setUpAuth, signIn, tearDownAuth, type AuthFixture } from './helpers';

let fixture: AuthFixture;
let viewerCookie: string;
let analystCookie: string;
let adminCookie: string;
let viewer: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  fixture = await setUpAuth();
  viewer = await makeUser(fixture, 'viewer');
  const analyst = await makeUser(fixture, 'analyst');
  const admin = await makeUser(fixture, 'admin');
  viewerCookie = await signIn(fixture.auth, viewer.email, viewer.password);
  analystCookie = await signIn(fixture.auth, analyst.email, analyst.password);
  adminCookie = await signIn(fixture.auth, admin.email, admin.password);
});
afterAll(() => tearDownAuth(fixture));

const echo = (minRole: 'admin' | 'analyst' | 'viewer') =>
  withAuth(minRole, async (_req, { user, params }) => Response.json({ id: user.id, role: user.role, via: user.via, params }));

describe('withAuth', () => {
  it('answers 401 JSON without a session or token', async () => {
    const response = await echo('viewer')(apiRequest('/api/x'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining('Not signed in') });
  });

  it('answers 401 for a forged session cookie', async () => {
    const response = await echo('viewer')(apiRequest('/api/x', { cookie: 'rampart.session_token=forged.value' }));
    expect(response.status).toBe(401);
  });

  it('enforces admin > analyst > viewer', async () => {
    const cases: Array<[string, 'admin' | 'analyst' | 'viewer', number]> = [
      [viewerCookie, 'viewer', 200],
      [viewerCookie, 'analyst', 403],
      [viewerCookie, 'admin', 403],
      [analystCookie, 'analyst', 200],
      [analystCookie, 'admin', 403],
      [adminCookie, 'admin', 200],
      [adminCookie, 'viewer', 200],
    ];
    for (const [cookie, role, status] of cases) {
      const response = await echo(role)(apiRequest('/api/x', { cookie }));
      expect(response.status, `${cookie.slice(0, 30)} → ${role}`).toBe(status);
      if (status === 403) expect((await response.json()).error).toMatch(/needs the \w+ role/);
    }
  });

  it('passes the user and the awaited route params', async () => {
    const response = await echo('viewer')(apiRequest('/api/x/42', { cookie: viewerCookie }), {
      params: Promise.resolve({ id: '42', rest: ['a', 'b'] }),
    });
    expect(await response.json()).toEqual({ id: viewer.id, role: 'viewer', via: 'session', params: { id: '42', rest: 'a/b' } });
  });

  it('turns zod errors into 400 and HttpErrors into their status, and hides other errors', async () => {
    const schema = z.object({ name: z.string().min(3) });
    const parse = withAuth('viewer', async (req) => Response.json(await parseJsonBody(req, schema)));
    const bad = await parse(apiRequest('/api/x', { method: 'POST', cookie: viewerCookie, body: { name: 'x' } }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: ['name'] }] });

    const notJson = await parse(
      apiRequest('/api/x', { method: 'POST', cookie: viewerCookie, headers: { 'content-type': 'application/json' } }),
    );
    expect(notJson.status).toBe(400);

    const missing = withAuth('viewer', async () => {
      throw new HttpError(404, 'No such cluster.');
    });
    expect(await (await missing(apiRequest('/api/x', { cookie: viewerCookie }))).json()).toEqual({ error: 'No such cluster.' });

    const boom = withAuth('viewer', async () => {
      throw new Error('password=hunter2 leaked in a message');
    });
    const original = console.error;
    console.error = () => undefined;
    try {
      const response = await boom(apiRequest('/api/x', { cookie: viewerCookie }));
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('hunter2');
    } finally {
      console.error = original;
    }
  });

  it('refuses cross-site state-changing requests that ride on the cookie', async () => {
    const post = echo('viewer');
    const crossSite = await post(
      apiRequest('/api/x', { method: 'POST', cookie: viewerCookie, body: {}, headers: { origin: 'https://evil.example' } }),
    );
    expect(crossSite.status).toBe(403);
    const sameSite = await post(
      apiRequest('/api/x', { method: 'POST', cookie: viewerCookie, body: {}, headers: { origin: 'http://localhost:3000' } }),
    );
    expect(sameSite.status).toBe(200);
  });

  it('trusts X-Forwarded-Host / -Proto for the origin check only when RAMPART_TRUST_PROXY is set', async () => {
    const post = echo('viewer');
    const forged = () =>
      post(
        apiRequest('/api/x', {
          method: 'POST',
          cookie: viewerCookie,
          body: {},
          headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
        }),
      );
    expect((await forged()).status).toBe(403);
    const saved = process.env.RAMPART_TRUST_PROXY;
    process.env.RAMPART_TRUST_PROXY = 'true';
    resetConfigForTests();
    try {
      // Behind a trusted proxy, the host it forwards is this site's host.
      expect((await forged()).status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.RAMPART_TRUST_PROXY;
      else process.env.RAMPART_TRUST_PROXY = saved;
      resetConfigForTests();
    }
  });

  it('accepts API tokens with the owner’s current role, and not once revoked', async () => {
    const { db } = fixture.database;
    const owner = { id: viewer.id, email: viewer.email, name: viewer.name, role: 'viewer' as const };
    const { token, summary } = await createApiToken(db, owner, { name: 'ci' });
    expect(token).toMatch(/^rmp_/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(stored.tokenHash).not.toContain(token.slice(4));

    const ok = await echo('viewer')(apiRequest('/api/x', { bearer: token }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: viewer.id, via: 'api-token' });
    expect((await echo('analyst')(apiRequest('/api/x', { bearer: token }))).status).toBe(403);
    // API tokens are not cookies: a POST with an Origin is fine.
    expect((await echo('viewer')(apiRequest('/api/x', { method: 'POST', bearer: token, body: {}, headers: { origin: 'https://ci.example' } }))).status).toBe(200);

    expect((await echo('viewer')(apiRequest('/api/x', { bearer: `${token}x` }))).status).toBe(401);
    expect((await echo('viewer')(apiRequest('/api/x', { bearer: 'rmp_' + 'A'.repeat(43) }))).status).toBe(401);

    expect(await revokeApiToken(db, owner, summary.id)).toBe(true);
    expect((await echo('viewer')(apiRequest('/api/x', { bearer: token }))).status).toBe(401);

    const expired = await createApiToken(db, owner, { name: 'old', expiresAt: new Date(Date.now() - 1000) });
    expect((await echo('viewer')(apiRequest('/api/x', { bearer: expired.token }))).status).toBe(401);
  });

  it('blocks everything but the password change while a password change is pending', async () => {
    const pending = await makeUser(fixture, 'admin', { requirePasswordChange: true });
    const cookie = await signIn(fixture.auth, pending.email, pending.password);
    const blocked = await echo('viewer')(apiRequest('/api/x', { cookie }));
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    const allowed = withAuth('viewer', async () => Response.json({ ok: true }), { allowPendingPasswordChange: true });
    expect((await allowed(apiRequest('/api/x', { cookie }))).status).toBe(200);
  });

  it('rejects an account whose stored role is not a Rampart role', async () => {
    const odd = await makeUser(fixture, 'viewer');
    const cookie = await signIn(fixture.auth, odd.email, odd.password);
    await fixture.database.db.user.update({ where: { id: odd.id }, data: { role: 'superuser' } });
    expect((await echo('viewer')(apiRequest('/api/x', { cookie }))).status).toBe(403);
  });
});
