/**
 * The cluster registry end to end below the HTTP layer: real PostgreSQL (createTestDatabase),
 * kube-sim over HTTPS, real encryption. Proves that bad kubeconfigs store nothing, that
 * connection tests are recorded and audited, and that no credential is stored or returned in
 * plaintext.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startKubeSim, type KubeSim } from '@/e2e/kube-sim';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { createTestDatabase, dumpDatabaseAsText, type TestDatabase } from '@/lib/db/test-utils';
import type { SessionUser } from '@/lib/auth/types';
import {
  ClusterError,
  clusterKubeConfig,
  deleteCluster,
  describeKubeconfigContexts,
  getCluster,
  getClusterCredentials,
  listClusters,
  registerCluster,
  setClusterEnabled,
  testClusterConnection,
  testUnsavedCredentials,
  updateCluster,
} from '@/lib/clusters';

let sim: KubeSim;
let t: TestDatabase;
let admin: SessionUser;
const savedKey = process.env.RAMPART_SECRET_KEY;

// A client certificate + key pair, to prove the key is never stored in plaintext either.
const CLIENT_KEY_MARKER = `client-key-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
  resetConfigForTests();
  resetSecretKeysForTests();
  [sim, t] = await Promise.all([startKubeSim({ version: 'v1.30.4' }), createTestDatabase()]);
  const user = await t.db.user.create({ data: { name: 'Ada Admin', email: 'ada@example.com', role: 'admin' } });
  admin = { id: user.id, email: user.email, name: user.name, role: 'admin' };
});

afterAll(async () => {
  await Promise.all([sim?.stop(), t?.drop()]);
  if (savedKey === undefined) delete process.env.RAMPART_SECRET_KEY;
  else process.env.RAMPART_SECRET_KEY = savedKey;
  resetConfigForTests();
  resetSecretKeysForTests();
});

beforeEach(async () => {
  await t.db.cluster.deleteMany();
  await t.db.auditEvent.deleteMany();
  sim.setFaults([]);
});

const ctx = () => ({ actor: admin, ip: '203.0.113.7' });

function base(name: string) {
  return { name, environment: 'production' as const, labels: { team: 'platform', 'example.com/tier': 'gold' } };
}

async function expectClusterError(p: Promise<unknown>, status: number, pattern: RegExp, reason?: string): Promise<ClusterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClusterError);
  const ce = err as ClusterError;
  expect(ce.status).toBe(status);
  expect(ce.message).toMatch(pattern);
  if (reason) expect(ce.reason).toBe(reason);
  return ce;
}

/** The kube-sim kubeconfig with TLS verification turned off (no CA, insecure-skip-tls-verify). */
function insecureKubeconfig(): string {
  const doc = parse(sim.kubeconfig) as { clusters: Array<{ cluster: Record<string, unknown> }> };
  for (const c of doc.clusters) {
    delete c.cluster['certificate-authority-data'];
    c.cluster['insecure-skip-tls-verify'] = true;
  }
  return stringify(doc);
}

describe('kubeconfigs with insecure-skip-tls-verify', () => {
  it('are refused unless an admin confirms them for that cluster; the confirmation is stored, audited and can be withdrawn', async () => {
    const credentials = { authType: 'kubeconfig' as const, kubeconfig: insecureKubeconfig(), context: 'demo' };
    await expectClusterError(registerCluster(t.db, { ...base('insecure'), credentials }, ctx()), 400, /insecure-skip-tls-verify/, 'insecure-tls');
    expect(await t.db.cluster.count()).toBe(0);
    expect(await testUnsavedCredentials(credentials)).toMatchObject({ ok: false, code: 'insecure-tls' });

    const dto = await registerCluster(t.db, { ...base('insecure'), credentials, allowInsecureTls: true }, ctx());
    expect(dto.insecureTlsAllowed).toBe(true);
    expect(await testUnsavedCredentials(credentials, { timeoutMs: 5000, allowInsecureTls: true })).toMatchObject({ ok: true });
    expect((await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 })).result).toMatchObject({ ok: true, version: 'v1.30.4' });
    const allowed = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'cluster.insecure_tls_allowed' } });
    expect(allowed).toMatchObject({ actorId: admin.id, targetType: 'cluster', targetId: dto.id });

    const withdrawn = await updateCluster(t.db, dto.id, { allowInsecureTls: false }, ctx());
    expect(withdrawn.insecureTlsAllowed).toBe(false);
    expect(await t.db.auditEvent.count({ where: { action: 'cluster.insecure_tls_withdrawn', targetId: dto.id, actorId: admin.id } })).toBe(1);
    // The scanner builds its connection the same way: refused without the confirmation.
    expect((await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 })).result).toMatchObject({ ok: false, code: 'insecure-tls' });
    await expect(clusterKubeConfig(t.db, dto.id)).rejects.toThrow(/insecure-skip-tls-verify/);

    // A verified kubeconfig needs no confirmation, and the flag means nothing for it.
    const safe = await registerCluster(t.db, { ...base('verified'), credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig, context: 'demo' }, allowInsecureTls: true }, ctx());
    expect(safe.insecureTlsAllowed).toBe(false);
  });
});

describe('registerCluster', () => {
  it('registers from a kubeconfig, tests the connection and records the version with an audit trail', async () => {
    const dto = await registerCluster(t.db, { ...base('prod-eu-1'), credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig, context: 'demo' } }, ctx());
    expect(dto).toMatchObject({ name: 'prod-eu-1', environment: 'production', authType: 'kubeconfig', apiServerUrl: sim.url, contextName: 'demo', scanSchedule: '0 3 * * *', enabled: true, lastConnection: null });
    expect(dto.nextScanAt).toMatch(/T03:00:00\.000Z$/);

    const { result, cluster } = await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, version: 'v1.30.4' });
    expect(cluster.serverVersion).toBe('v1.30.4');
    expect(cluster.lastConnection).toMatchObject({ ok: true, message: expect.stringContaining('Kubernetes v1.30.4') });

    const events = await t.db.auditEvent.findMany({ orderBy: { at: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['cluster.created', 'cluster.connection-tested']);
    expect(events[0]).toMatchObject({ actorId: admin.id, targetType: 'cluster', targetId: dto.id, ip: '203.0.113.7' });
  });

  it('a wrong token is stored, and its test is recorded as unauthorized with the message', async () => {
    const dto = await registerCluster(t.db, { ...base('wrong-token'), credentials: { authType: 'token', server: sim.url, token: 'not-the-token', caPem: sim.caPem } }, ctx());
    const { result, cluster } = await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(cluster.lastConnection).toMatchObject({ ok: false, message: expect.stringContaining('401 Unauthorized') });
    expect(cluster.serverVersion).toBeNull();
    const tested = await t.db.auditEvent.findFirst({ where: { action: 'cluster.connection-tested' } });
    expect(tested?.details).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it.each([
    ['malformed YAML', { authType: 'kubeconfig', kubeconfig: 'clusters: [unclosed\n  - x' }, /not valid YAML/, 'malformed-yaml'],
    [
      'an exec plugin',
      {
        authType: 'kubeconfig',
        kubeconfig: stringify({
          kind: 'Config',
          clusters: [{ name: 'eks', cluster: { server: 'https://x.eks.amazonaws.com' } }],
          users: [{ name: 'aws', user: { exec: { command: 'aws', args: ['eks', 'get-token'] } } }],
          contexts: [{ name: 'eks', context: { cluster: 'eks', user: 'aws' } }],
          'current-context': 'eks',
        }),
      },
      /runs `aws` to get a token, which cannot run on the Rampart server/,
      'exec-plugin',
    ],
    ['a missing context', { authType: 'kubeconfig', kubeconfig: '', context: 'nope' }, /Context "nope" is not in this kubeconfig/, 'context-not-found'],
    ['a file reference', { authType: 'kubeconfig', kubeconfig: '' }, /never reads local files/, 'file-reference'],
  ] as const)('%s: clear error and nothing stored', async (_label, creds, message, reason) => {
    let credentials: Record<string, unknown> = { ...creds };
    if (reason === 'context-not-found') credentials = { ...creds, kubeconfig: sim.kubeconfig };
    if (reason === 'file-reference') {
      credentials = {
        authType: 'kubeconfig',
        kubeconfig: stringify({
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: sim.url, 'certificate-authority': '/etc/shadow' } }],
          users: [{ name: 'u', user: { token: sim.token } }],
          contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'x',
        }),
      };
    }
    await expectClusterError(registerCluster(t.db, { ...base('bad'), credentials }, ctx()), 400, message, reason);
    expect(await t.db.cluster.count()).toBe(0);
    expect(await t.db.auditEvent.count()).toBe(0);
  });

  it('validates name, labels, environment and schedule', async () => {
    const creds = { authType: 'token', server: sim.url, token: sim.token, caPem: sim.caPem };
    await expectClusterError(registerCluster(t.db, { ...base('Prod_EU'), credentials: creds }, ctx()), 400, /name: Name must be lowercase/);
    await expectClusterError(registerCluster(t.db, { ...base('a'.repeat(64)), credentials: creds }, ctx()), 400, /at most 63/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), labels: { 'bad key!': 'x' }, credentials: creds }, ctx()), 400, /Label key "bad key!"/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), labels: { team: 'not ok' }, credentials: creds }, ctx()), 400, /Label "team": the value/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), environment: 'qa', credentials: creds }, ctx()), 400, /Environment must be/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), scanSchedule: '61 3 * * *', credentials: creds }, ctx()), 400, /scanSchedule: The schedule "61 3 \* \* \*" is not a valid cron/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), scanSchedule: 'daily', credentials: creds }, ctx()), 400, /must have 5 fields/);
    await expectClusterError(registerCluster(t.db, { ...base('ok'), scheduleTimezone: 'Mars/Olympus', credentials: creds }, ctx()), 400, /not a time zone/);
    expect(await t.db.cluster.count()).toBe(0);
  });

  it('refuses a duplicate name with 409', async () => {
    const creds = { authType: 'token', server: sim.url, token: sim.token, caPem: sim.caPem };
    await registerCluster(t.db, { ...base('dup'), credentials: creds }, ctx());
    await expectClusterError(registerCluster(t.db, { ...base('dup'), credentials: creds }, ctx()), 409, /already registered/);
  });
});

describe('credentials at rest', () => {
  it('stores only ciphertext: no token or client key appears in any column of any table, and DTOs never carry them', async () => {
    const multi = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'sim', cluster: { server: sim.url, 'certificate-authority-data': Buffer.from(sim.caPem).toString('base64') } }],
      users: [
        { name: 'admin', user: { token: sim.token } },
        { name: 'other', user: { token: 'token-of-another-context' } },
        {
          name: 'cert-user',
          user: {
            'client-certificate-data': Buffer.from(sim.caPem).toString('base64'),
            'client-key-data': Buffer.from(`-----BEGIN PRIVATE KEY-----\n${CLIENT_KEY_MARKER}\n-----END PRIVATE KEY-----\n`).toString('base64'),
          },
        },
      ],
      contexts: [
        { name: 'demo', context: { cluster: 'sim', user: 'admin' } },
        { name: 'other', context: { cluster: 'sim', user: 'other' } },
        { name: 'cert', context: { cluster: 'sim', user: 'cert-user' } },
      ],
    });
    const a = await registerCluster(t.db, { ...base('with-token'), credentials: { authType: 'kubeconfig', kubeconfig: multi, context: 'demo' } }, ctx());
    const b = await registerCluster(t.db, { ...base('with-cert'), credentials: { authType: 'kubeconfig', kubeconfig: multi, context: 'cert' } }, ctx());
    const c = await registerCluster(t.db, { ...base('plain-token'), credentials: { authType: 'token', server: sim.url, token: 'standalone-secret-token-123', caPem: sim.caPem } }, ctx());
    await testClusterConnection(t.db, a.id, ctx(), { timeoutMs: 5000 });

    const dump = await dumpDatabaseAsText(t.url);
    expect(dump).toContain('with-token'); // the dump really contains the rows
    for (const secret of [sim.token, 'token-of-another-context', CLIENT_KEY_MARKER, Buffer.from(CLIENT_KEY_MARKER).toString('base64'), 'standalone-secret-token-123']) {
      expect(dump).not.toContain(secret);
    }
    const stored = await t.db.cluster.findMany({ select: { credentials: true, credentialsKeyId: true } });
    for (const row of stored) {
      expect(row.credentials).toMatch(/^v1:[0-9a-f]{12}:/);
      expect(row.credentialsKeyId).toMatch(/^[0-9a-f]{12}$/);
    }

    const dtos = JSON.stringify([await listClusters(t.db), await getCluster(t.db, a.id), await getCluster(t.db, b.id), await getCluster(t.db, c.id)]);
    expect(dtos).not.toContain('credentials');
    for (const secret of [sim.token, CLIENT_KEY_MARKER, 'standalone-secret-token-123', 'v1:']) expect(dtos).not.toContain(secret);

    // The stored kubeconfig is minimised to the chosen context.
    const creds = await getClusterCredentials(t.db, a.id);
    expect(creds.authType).toBe('kubeconfig');
    if (creds.authType === 'kubeconfig') {
      expect(creds.kubeconfig).toContain(sim.token);
      expect(creds.kubeconfig).not.toContain('token-of-another-context');
      expect(creds.kubeconfig).not.toContain(CLIENT_KEY_MARKER);
    }
  });
});

describe('updates, enable/disable, delete', () => {
  it('updates fields, replaces credentials (clearing the stale connection status) and audits what changed', async () => {
    const dto = await registerCluster(t.db, { ...base('edit-me'), credentials: { authType: 'kubeconfig', kubeconfig: sim.kubeconfig } }, ctx());
    await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 });
    const updated = await updateCluster(t.db, dto.id, { name: 'edited', environment: 'staging', labels: { team: 'sec' }, scanSchedule: '30 1 * * 1' }, ctx());
    expect(updated).toMatchObject({ name: 'edited', environment: 'staging', labels: { team: 'sec' }, scanSchedule: '30 1 * * 1', serverVersion: 'v1.30.4' });

    const replaced = await updateCluster(t.db, dto.id, { credentials: { authType: 'token', server: sim.url, token: 'new-wrong', caPem: sim.caPem } }, ctx());
    expect(replaced).toMatchObject({ authType: 'token', contextName: null, lastConnection: null, serverVersion: null });
    const { result } = await testClusterConnection(t.db, dto.id, ctx(), { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' });

    const updates = await t.db.auditEvent.findMany({ where: { action: 'cluster.updated' }, orderBy: { at: 'asc' } });
    expect(updates.map((u) => (u.details as { changed: string[] }).changed)).toEqual([['name', 'environment', 'labels', 'scanSchedule'], ['authentication']]);
    expect(JSON.stringify(updates)).not.toContain('new-wrong');

    // An invalid replacement changes nothing.
    await expectClusterError(updateCluster(t.db, dto.id, { credentials: { authType: 'kubeconfig', kubeconfig: 'a: [' } }, ctx()), 400, /not valid YAML/);
    expect((await getCluster(t.db, dto.id))?.authType).toBe('token');
  });

  it('turns watch mode on and off with the real actor audited; an agent cluster (no reachable API server) is refused with 400', async () => {
    const dto = await registerCluster(t.db, { ...base('watched'), credentials: { authType: 'token', server: sim.url, token: sim.token, caPem: sim.caPem } }, ctx());
    expect(dto.watchMode).toBe(false);
    expect((await updateCluster(t.db, dto.id, { watchMode: true }, ctx())).watchMode).toBe(true);
    expect((await updateCluster(t.db, dto.id, { watchMode: false }, ctx())).watchMode).toBe(false);
    const audits = await t.db.auditEvent.findMany({ where: { action: 'cluster.updated', targetId: dto.id }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => [a.actorId, a.details])).toEqual([
      [admin.id, expect.objectContaining({ changed: ['watchMode'], watchMode: true })],
      [admin.id, expect.objectContaining({ changed: ['watchMode'], watchMode: false })],
    ]);

    const agent = await registerCluster(t.db, { ...base('agent-watch'), credentials: { authType: 'agent' } }, ctx());
    await expectClusterError(updateCluster(t.db, agent.id, { watchMode: true }, ctx()), 400, /agent/);
    expect((await getCluster(t.db, agent.id))?.watchMode).toBe(false);
    // Switching the watched cluster to agent credentials turns watch mode off with it.
    await updateCluster(t.db, dto.id, { watchMode: true }, ctx());
    await expectClusterError(updateCluster(t.db, dto.id, { watchMode: true, credentials: { authType: 'agent' } }, ctx()), 400, /agent/);
    const toAgent = await updateCluster(t.db, dto.id, { credentials: { authType: 'agent' } }, ctx());
    expect(toAgent).toMatchObject({ authType: 'agent', watchMode: false });
  });

  it('disables and enables (no next scan while disabled), and deletes with an audit event', async () => {
    const dto = await registerCluster(t.db, { ...base('toggle'), credentials: { authType: 'token', server: sim.url, token: sim.token, caPem: sim.caPem } }, ctx());
    const disabled = await setClusterEnabled(t.db, dto.id, false, ctx());
    expect(disabled).toMatchObject({ enabled: false, nextScanAt: null });
    expect((await setClusterEnabled(t.db, dto.id, true, ctx())).enabled).toBe(true);
    expect(await deleteCluster(t.db, dto.id, ctx())).toEqual({ id: dto.id, name: 'toggle' });
    expect(await getCluster(t.db, dto.id)).toBeNull();
    await expectClusterError(deleteCluster(t.db, dto.id, ctx()), 404, /No cluster with id/);
    const actions = (await t.db.auditEvent.findMany({ orderBy: { at: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['cluster.created', 'cluster.updated', 'cluster.updated', 'cluster.deleted']);
  });
});

describe('stateless helpers', () => {
  it('testUnsavedCredentials tests without storing anything', async () => {
    expect(await testUnsavedCredentials({ authType: 'kubeconfig', kubeconfig: sim.kubeconfig }, { timeoutMs: 5000 })).toMatchObject({ ok: true, version: 'v1.30.4' });
    expect(await testUnsavedCredentials({ authType: 'token', server: sim.url, token: 'bad', caPem: sim.caPem }, { timeoutMs: 5000 })).toMatchObject({ ok: false, code: 'unauthorized' });
    await expectClusterError(testUnsavedCredentials({ authType: 'kubeconfig', kubeconfig: '- just\n- a list' }), 400, /not a kubeconfig/);
    expect(await t.db.cluster.count()).toBe(0);
    expect(await t.db.auditEvent.count()).toBe(0);
  });

  it('describeKubeconfigContexts returns names and servers, never credentials', () => {
    const out = describeKubeconfigContexts(sim.kubeconfig);
    expect(out).toEqual({ contexts: [expect.objectContaining({ name: 'demo', server: sim.url, usable: true, authKind: 'token' })], currentContext: 'demo' });
    expect(JSON.stringify(out)).not.toContain(sim.token);
  });
});
