import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOidcSettings } from '@/lib/auth/auth';
import { mapGroups } from '@/lib/teams/oidc';
import { listAuditEvents } from '@/lib/auth/audit-log';
import { BASE_URL, setUpAuth, tearDownAuth, testConfig, type AuthFixture } from './helpers';

/** A minimal OpenID provider: discovery, authorization (not called), token and userinfo endpoints. */
async function startFakeIdp(profile: Record<string, unknown>) {
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/token' && req.method === 'POST') {
      res.end(JSON.stringify({ access_token: 'fake-access-token', token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile' }));
    } else if (req.url === '/userinfo') {
      res.end(JSON.stringify(profile));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

let fixture: AuthFixture;
let idp: Awaited<ReturnType<typeof startFakeIdp>>;

beforeAll(async () => {
  idp = await startFakeIdp({ sub: 'idp-user-1', email: 'Olivia@Corp.example', email_verified: true, name: 'Olivia OIDC', groups: ['payments-devs', 'all-staff'] });
  fixture = await setUpAuth({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: 'rampart',
    OIDC_CLIENT_SECRET: 'client-secret-value',
    OIDC_DEFAULT_ROLE: 'analyst',
    OIDC_GROUP_TEAMS: 'payments-devs=Payments:analyst, search-devs=Search:viewer',
    OIDC_GROUP_ROLES: 'secops=analyst',
  });
});
afterAll(async () => {
  await tearDownAuth(fixture);
  await idp.close();
});

describe('OIDC group mapping', () => {
  it('is read from the configuration, each entry checked, and maps groups to a fleet role and team roles (highest wins)', () => {
    const config = testConfig({ OIDC_GROUP_ROLES: 'secops=analyst, platform=admin', OIDC_GROUP_TEAMS: 'pay=Payments team:viewer,pay-leads=Payments team:admin' });
    expect(config.OIDC_GROUP_ROLES).toEqual([{ group: 'secops', role: 'analyst' }, { group: 'platform', role: 'admin' }]);
    expect(mapGroups(['pay', 'pay-leads'], config)).toEqual({ fleetRole: null, teams: new Map([['Payments team', 'admin']]) });
    expect(mapGroups(['secops', 'platform'], config).fleetRole).toBe('admin');
    expect(() => testConfig({ OIDC_GROUP_ROLES: 'secops=root' })).toThrow(/OIDC_GROUP_ROLES: "secops=root": the role is admin, analyst or viewer/);
    expect(() => testConfig({ OIDC_GROUP_TEAMS: 'pay=Payments' })).toThrow(/write group=Team name:role/);
  });
});

describe('OIDC sign-in', () => {
  it('is enabled only when issuer, client id and secret are all set', () => {
    expect(getOidcSettings(testConfig())).toBeNull();
    expect(getOidcSettings(testConfig({ OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'x' }))).toBeNull();
    expect(getOidcSettings(testConfig({ OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' }))).toMatchObject({
      issuer: 'https://idp.example',
      name: 'Single sign-on',
    });
  });

  it('redirects to the provider with PKCE, and creates a new user with OIDC_DEFAULT_ROLE on callback', async () => {
    const start = await fixture.auth.handler(
      new Request(`${BASE_URL}/api/auth/sign-in/social`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE_URL },
        body: JSON.stringify({ provider: 'oidc', callbackURL: '/', disableRedirect: true }),
      }),
    );
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(`${idp.issuer}/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('rampart');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/api/auth/callback/oidc`);
    const state = authorize.searchParams.get('state')!;
    const cookies = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const callback = await fixture.auth.handler(
      new Request(`${BASE_URL}/api/auth/callback/oidc?code=abc&state=${encodeURIComponent(state)}`, { headers: { cookie: cookies } }),
    );
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/');
    expect(callback.headers.getSetCookie().some((c) => c.includes('session_token='))).toBe(true);

    const user = await fixture.database.db.user.findUniqueOrThrow({ where: { email: 'olivia@corp.example' } });
    expect(user).toMatchObject({ name: 'Olivia OIDC', role: 'analyst', mustChangePassword: false });
    const events = (await listAuditEvents(fixture.database.db, { action: 'auth.signed_in', actor: 'olivia@corp.example' })).events;
    expect(events[0]).toMatchObject({ details: { method: 'oidc' } });

    // Group claims → teams: in payments-devs (a team group) and in no role group, so limited to the Payments team.
    expect(user.fleetAccess).toBe(false);
    const memberships = await fixture.database.db.teamMember.findMany({ where: { userId: user.id }, include: { team: true } });
    expect(memberships.map((m) => ({ team: m.team.name, role: m.role, source: m.source }))).toEqual([{ team: 'Payments', role: 'analyst', source: 'oidc' }]);
    const applied = (await listAuditEvents(fixture.database.db, { action: 'user.oidc_groups_applied', actor: 'olivia@corp.example' })).events;
    expect(applied[0]).toMatchObject({ details: { groups: ['payments-devs', 'all-staff'], teamsSet: ['Payments:analyst'], fleetAccess: { from: true, to: false } } });
  });
});
