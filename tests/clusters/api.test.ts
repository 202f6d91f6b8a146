/**
 * The /api/clusters route handlers, called as Next.js would call them, authenticated with real
 * API tokens against a real PostgreSQL database, connecting to kube-sim over HTTPS. Proves the
 * role rules and that no response ever carries a credential.
 */
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@/e2e/kube-sim';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { closeDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import * as collection from '@/app/api/clusters/route';
import * as item from '@/app/api/clusters/[id]/route';
import * as test from '@/app/api/clusters/[id]/test/route';
import * as parse from '@/app/api/clusters/parse-kubeconfig/route';
import * as testCredentials from '@/app/api/clusters/test-credentials/route';

let sim: KubeSim;
let t: TestDatabase;
const tokens = {} as Record<Role, string>;
const savedEnv = { key: process.env.RAMPART_SECRET_KEY, url: process.env.DATABASE_URL };
const CLIENT_KEY_MARKER = `client-key-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  [sim, t] = await Promise.all([startKubeSim({ version: 'v1.30.4' }), createTestDatabase()]);
  process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
  process.env.DATABASE_URL = t.url;
  resetConfigForTests();
  resetSecretKeysForTests();
  useAuthDatabaseForTests(t.db);
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await t.db.user.create({ data: { name: role, email: `${role}@example.com`, role } });
    tokens[role] = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
});

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await Promise.all([sim?.stop(), t?.drop()]);
  for (const [k, v] of [['RAMPART_SECRET_KEY', savedEnv.key], ['DATABASE_URL', savedEnv.url]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  resetSecretKeysForTests();
});

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, role: Role | null, method: string, path: string, body?: unknown, params: Record<string, string> = {}) {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (role) headers.set('authorization', `Bearer ${tokens[role]}`);
  const req = new NextRequest(`http://localhost:3000${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper reads arbitrary JSON
}

function kubeconfigWithClientKey(): string {
  return sim.kubeconfig.replace(
    /users:\n(\s*)- name: ([^\n]+)\n(\s*)user:\n(\s*)token: [^\n]+/,
    (_m, i1, name, i3, i4) =>
      `users:\n${i1}- name: ${name}\n${i3}user:\n${i4}token: ${sim.token}\n${i4}client-certificate-data: ${Buffer.from(sim.caPem).toString('base64')}\n${i4}client-key-data: ${Buffer.from(`-----BEGIN PRIVATE KEY-----\n${CLIENT_KEY_MARKER}\n-----END PRIVATE KEY-----\n`).toString('base64')}`,
  );
}

describe('/api/clusters', () => {
  let id = '';

  it('admin: parse-kubeconfig returns contexts (names and servers only) and stores nothing', async () => {
    const res = await call(parse.POST as Handler, 'admin', 'POST', '/api/clusters/parse-kubeconfig', { kubeconfig: sim.kubeconfig });
    expect(res.status).toBe(200);
    expect(res.json.contexts).toEqual([expect.objectContaining({ name: 'demo', server: sim.url, usable: true })]);
    expect(res.text).not.toContain(sim.token);
    const bad = await call(parse.POST as Handler, 'admin', 'POST', '/api/clusters/parse-kubeconfig', { kubeconfig: 'clusters: [' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'malformed-yaml', error: expect.stringMatching(/not valid YAML/) });
    expect(await t.db.cluster.count()).toBe(0);
  });

  it('admin: test-credentials reports the version or the precise error, storing nothing', async () => {
    const ok = await call(testCredentials.POST as Handler, 'admin', 'POST', '/api/clusters/test-credentials', { credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig, context: 'demo' } });
    expect(ok.json.result).toMatchObject({ ok: true, version: 'v1.30.4' });
    const bad = await call(testCredentials.POST as Handler, 'admin', 'POST', '/api/clusters/test-credentials', { credentials: { authType: 'token', server: sim.url, token: 'nope', caPem: sim.caPem } });
    expect(bad.json.result).toMatchObject({ ok: false, code: 'unauthorized', message: expect.stringContaining('401 Unauthorized') });
    expect((await call(testCredentials.POST as Handler, 'viewer', 'POST', '/api/clusters/test-credentials', { credentials: { authType: 'in_cluster' } })).status).toBe(403);
    expect(await t.db.cluster.count()).toBe(0);
  });

  it('admin registers; the response never contains the token or the client key', async () => {
    const withKey = await call(collection.POST as Handler, 'admin', 'POST', '/api/clusters', {
      name: 'with-client-key',
      environment: 'staging',
      credentials: { authType: 'kubeconfig', kubeconfig: kubeconfigWithClientKey(), context: 'demo' },
    });
    expect(withKey.status).toBe(201);
    for (const secret of [sim.token, CLIENT_KEY_MARKER, 'credentials', 'v1:']) expect(withKey.text).not.toContain(secret);
    await t.db.cluster.delete({ where: { id: withKey.json.cluster.id } });

    const res = await call(collection.POST as Handler, 'admin', 'POST', '/api/clusters', {
      name: 'prod-eu-1',
      environment: 'production',
      labels: { team: 'platform' },
      credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig, context: 'demo' },
    });
    expect(res.status).toBe(201);
    expect(res.json.cluster).toMatchObject({ name: 'prod-eu-1', apiServerUrl: sim.url, contextName: 'demo' });
    for (const secret of [sim.token, 'credentials', 'v1:']) expect(res.text).not.toContain(secret);
    id = res.json.cluster.id;
    const dup = await call(collection.POST as Handler, 'admin', 'POST', '/api/clusters', { name: 'prod-eu-1', environment: 'production', credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig } });
    expect(dup.status).toBe(409);
  });

  it('rejects an exec-plugin kubeconfig with 400 and stores nothing', async () => {
    const exec = sim.kubeconfig.replace(/token: [^\n]+/, 'exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: aws\n        args: [eks, get-token]');
    const res = await call(collection.POST as Handler, 'admin', 'POST', '/api/clusters', { name: 'eks', environment: 'staging', credentials: { authType: 'kubeconfig', kubeconfig: exec } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'exec-plugin', error: expect.stringContaining('runs `aws` to get a token') });
    expect(await t.db.cluster.count()).toBe(1);
  });

  it('analyst tests the stored connection; the result is recorded', async () => {
    const res = await call(test.POST as Handler, 'analyst', 'POST', `/api/clusters/${id}/test`, undefined, { id });
    expect(res.status).toBe(200);
    expect(res.json.result).toMatchObject({ ok: true, version: 'v1.30.4' });
    expect(res.json.cluster).toMatchObject({ serverVersion: 'v1.30.4', lastConnection: { ok: true } });
    expect((await call(test.POST as Handler, 'viewer', 'POST', `/api/clusters/${id}/test`, undefined, { id })).status).toBe(403);
  });

  it('viewer lists and reads (no credentials) but may not create, change or delete', async () => {
    const list = await call(collection.GET as Handler, 'viewer', 'GET', '/api/clusters');
    expect(list.status).toBe(200);
    expect(list.json.clusters).toHaveLength(1);
    const one = await call(item.GET as Handler, 'viewer', 'GET', `/api/clusters/${id}`, undefined, { id });
    expect(one.json.cluster.name).toBe('prod-eu-1');
    for (const text of [list.text, one.text]) for (const secret of [sim.token, CLIENT_KEY_MARKER, 'v1:']) expect(text).not.toContain(secret);

    expect((await call(collection.POST as Handler, 'viewer', 'POST', '/api/clusters', { name: 'x', environment: 'staging', credentials: { authType: 'in_cluster' } })).status).toBe(403);
    expect((await call(item.PATCH as Handler, 'viewer', 'PATCH', `/api/clusters/${id}`, { enabled: false }, { id })).status).toBe(403);
    expect((await call(item.DELETE as Handler, 'analyst', 'DELETE', `/api/clusters/${id}`, undefined, { id })).status).toBe(403);
    const del = await call(item.DELETE as Handler, 'viewer', 'DELETE', `/api/clusters/${id}`, undefined, { id });
    expect(del.status).toBe(403);
    expect(del.json.error).toMatch(/needs the Admin role/);
    expect((await call(collection.GET as Handler, null, 'GET', '/api/clusters')).status).toBe(401);
    expect(await t.db.cluster.count()).toBe(1);
  });

  it('admin patches (validation errors say what is wrong), disables and deletes', async () => {
    const bad = await call(item.PATCH as Handler, 'admin', 'PATCH', `/api/clusters/${id}`, { scanSchedule: 'every day' }, { id });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/must have 5 fields/);
    const off = await call(item.PATCH as Handler, 'admin', 'PATCH', `/api/clusters/${id}`, { enabled: false, labels: { team: 'sec' } }, { id });
    expect(off.json.cluster).toMatchObject({ enabled: false, labels: { team: 'sec' } });
    const del = await call(item.DELETE as Handler, 'admin', 'DELETE', `/api/clusters/${id}`, undefined, { id });
    expect(del.json.deleted).toEqual({ id, name: 'prod-eu-1' });
    expect((await call(item.GET as Handler, 'admin', 'GET', `/api/clusters/${id}`, undefined, { id })).status).toBe(404);
    const actions = (await t.db.auditEvent.findMany({ where: { targetType: 'cluster', targetId: id }, orderBy: { at: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['cluster.created', 'cluster.connection-tested', 'cluster.updated', 'cluster.deleted']);
  });
});
