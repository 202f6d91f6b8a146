/**
 * Outgoing webhooks over real HTTP to a node:http receiver on 127.0.0.1, on real PostgreSQL:
 * signatures, generic and Slack payloads, retries (in-process and through the pg-boss
 * `webhook-delivery` queue), scan events computed from real persisted scans.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/types';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { createBoss } from '@/lib/jobs';
import { startNotificationWorker, type NotificationWorker } from '@/lib/jobs/notifications';
import {
  computeScanEvents,
  createDeliveries,
  createWebhook,
  deleteWebhook,
  deliverWithRetries,
  listDeliveries,
  listWebhooks,
  notifyScanFinished,
  sendTestWebhook,
  updateWebhook,
  verifyWebhookSignature,
  webhookInputSchema,
  type WebhookEnvelope,
} from '@/lib/notifications';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}

let t: TestDatabase;
let db: Db;
let server: http.Server;
let baseUrl = '';
const received: Received[] = [];
/** Status codes to answer, in order; 200 once empty. */
const plan: number[] = [];
const actor: SessionUser = { id: 'admin-1', email: 'admin@example.com', name: 'Admin', role: 'admin' };
const saved = { key: process.env.RAMPART_SECRET_KEY };

beforeAll(async () => {
  process.env.RAMPART_SECRET_KEY = randomBytes(32).toString('base64');
  resetConfigForTests();
  resetSecretKeysForTests();
  t = await createTestDatabase();
  db = t.db;
  await db.user.create({ data: { id: actor.id, name: actor.name, email: actor.email, role: 'admin' } });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      res.statusCode = plan.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
  if (saved.key === undefined) delete process.env.RAMPART_SECRET_KEY;
  else process.env.RAMPART_SECRET_KEY = saved.key;
  resetConfigForTests();
  resetSecretKeysForTests();
});

beforeEach(() => {
  received.length = 0;
  plan.length = 0;
});

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function verify(r: Received, secret: string): boolean {
  return verifyWebhookSignature(secret, { signature: (r.headers['x-rampart-signature'] as string) ?? null, timestamp: (r.headers['x-rampart-timestamp'] as string) ?? null }, r.body);
}

describe('webhook settings and test sends', () => {
  it('creates a webhook with a secret shown once and stored encrypted; the test send is signed and logged', async () => {
    const { webhook, secret } = await createWebhook(db, webhookInputSchema.parse({ name: 'SOC', url: `${baseUrl}/hook`, events: ['scan.new_findings'] }), { actor });
    expect(secret).toMatch(/^whsec_/);
    const row = await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secret).not.toContain(secret);
    expect(row.secret).toMatch(/^v1:/);
    expect(JSON.stringify(await listWebhooks(db))).not.toContain(secret);

    const delivery = await sendTestWebhook(db, webhook.id, { actor });
    expect(delivery).toMatchObject({ event: 'test', status: 'succeeded', attempts: 1, responseCode: 200 });
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.path).toBe('/hook');
    expect(r.headers['x-rampart-event']).toBe('test');
    expect(r.headers['content-type']).toBe('application/json');
    expect(verify(r, secret)).toBe(true);
    expect(verify({ ...r, body: r.body.replace('Test', 'Tost') }, secret)).toBe(false);
    expect(verify(r, 'whsec_wrong')).toBe(false);
    // A captured request replayed later fails the timestamp window.
    expect(verifyWebhookSignature(secret, { signature: r.headers['x-rampart-signature'] as string, timestamp: r.headers['x-rampart-timestamp'] as string }, r.body, { now: Date.now() + 3_600_000 })).toBe(false);
    expect(JSON.parse(r.body)).toMatchObject({ event: 'test', summary: expect.stringContaining('SOC'), data: { sentBy: 'admin@example.com' } });
    expect(await listDeliveries(db, webhook.id)).toEqual([delivery]);

    // Rotation returns a new secret once; the old one no longer verifies.
    const rotated = await updateWebhook(db, webhook.id, { rotateSecret: true, format: 'slack' }, { actor });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    await sendTestWebhook(db, webhook.id, { actor });
    expect(verify(received[1]!, rotated.secret!)).toBe(true);
    expect(verify(received[1]!, secret)).toBe(false);
    const slack = JSON.parse(received[1]!.body) as { text: string; blocks: unknown[] };
    expect(slack.text).toContain('[Rampart] Test message');
    expect(Array.isArray(slack.blocks)).toBe(true);

    const audits = await db.auditEvent.findMany({ where: { targetId: webhook.id }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['webhook.created', 'webhook.tested', 'webhook.updated', 'webhook.tested']);
    expect(JSON.stringify(audits)).not.toContain(secret);
    expect(JSON.stringify(audits)).not.toContain(rotated.secret);

    await deleteWebhook(db, webhook.id, { actor });
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });

  it('validates URLs and events', () => {
    const ok = { name: 'x', url: 'https://hooks.example.com/a', events: ['scan.failing'] };
    expect(webhookInputSchema.safeParse(ok).success).toBe(true);
    expect(webhookInputSchema.safeParse({ ...ok, url: 'ftp://hooks.example.com/a' }).success).toBe(false);
    expect(webhookInputSchema.safeParse({ ...ok, url: 'file:///etc/passwd' }).success).toBe(false);
    expect(webhookInputSchema.safeParse({ ...ok, url: 'https://user:pw@hooks.example.com/a' }).success).toBe(false);
    expect(webhookInputSchema.safeParse({ ...ok, events: [] }).success).toBe(false);
    expect(webhookInputSchema.safeParse({ ...ok, events: ['nope'] }).success).toBe(false);
  });

  it('retries retryable failures with backoff, gives up after 3 attempts, and does not retry a 4xx', async () => {
    const { webhook } = await createWebhook(db, webhookInputSchema.parse({ name: 'flaky', url: `${baseUrl}/flaky`, events: ['scan.failing'] }), { actor });
    const envelope: WebhookEnvelope = { id: 'e1', event: 'scan.failing', occurredAt: new Date().toISOString(), summary: 's', cluster: null, scan: null, url: null, data: {} };

    plan.push(500, 503);
    const [a] = await createDeliveries(db, [webhook.id], envelope);
    expect(await deliverWithRetries(db, a!, { baseDelayMs: 10 })).toMatchObject({ ok: true, status: 'succeeded' });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: a! } })).toMatchObject({ status: 'succeeded', attempts: 3, responseCode: 200 });

    plan.push(500, 500, 500);
    const [b] = await createDeliveries(db, [webhook.id], envelope);
    expect(await deliverWithRetries(db, b!, { baseDelayMs: 10 })).toMatchObject({ ok: false, status: 'failed' });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: b! } })).toMatchObject({ status: 'failed', attempts: 3, responseCode: 500, error: 'HTTP 500 from the receiver.' });

    plan.push(404);
    const [c] = await createDeliveries(db, [webhook.id], envelope);
    expect(await deliverWithRetries(db, c!, { baseDelayMs: 10 })).toMatchObject({ status: 'failed' });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: c! } })).toMatchObject({ status: 'failed', attempts: 1, responseCode: 404 });

    // Nothing listening: a network error, retried, then failed with a readable message.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await updateWebhook(db, webhook.id, { url: `http://127.0.0.1:${closedPort}/closed` }, { actor });
    const [d] = await createDeliveries(db, [webhook.id], envelope);
    const r = await deliverWithRetries(db, d!, { attempts: 2, baseDelayMs: 10 });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('ECONNREFUSED') });
    await deleteWebhook(db, webhook.id, { actor });
  });
});

// ───────────────────────────── scan events ─────────────────────────────

function result(name: string, status: 'pass' | 'fail', severity: 'critical' | 'high' | 'low' = 'high'): EvaluatedResult {
  return {
    status,
    checkId: severity === 'critical' ? 'privileged-container' : 'host-path-volume',
    section: 'workloads',
    severity,
    title: 't',
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${name} is bad`,
    fingerprint: `fp-${name}-${severity}`,
  };
}

describe('scan events through the webhook-delivery queue', () => {
  let boss: PgBoss;
  let worker: NotificationWorker;
  let clusterId: string;
  let secret: string;

  beforeAll(async () => {
    boss = await createBoss({ connectionString: t.url, boss: { superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 } });
    worker = await startNotificationWorker({ db, boss, queue: { retryDelay: 1 }, pollingIntervalSeconds: 0.5, sweep: false });
    const cluster = await db.cluster.create({ data: { name: 'prod-eu', authType: 'token', apiServerUrl: 'https://k8s.example' } });
    clusterId = cluster.id;
    const created = await createWebhook(db, webhookInputSchema.parse({ name: 'all', url: `${baseUrl}/events`, events: ['scan.new_findings', 'scan.grade_dropped', 'scan.failing'] }), { actor });
    secret = created.secret;
    await createWebhook(db, webhookInputSchema.parse({ name: 'failing only', url: `${baseUrl}/failing`, events: ['scan.failing'] }), { actor });
    await createWebhook(db, { ...webhookInputSchema.parse({ name: 'disabled', url: `${baseUrl}/disabled`, events: ['scan.new_findings'] }), enabled: false }, { actor });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop({ wait: false });
    await boss?.stop({ graceful: false, close: true });
  }, 30_000);

  async function succeededScan(results: EvaluatedResult[]) {
    const row = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
    await persistScan(db, { clusterId, scanId: row.id, startedAt: new Date(Date.now() - 500), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
    return row.id;
  }
  async function failedScan() {
    const row = await db.scan.create({ data: { clusterId, trigger: 'schedule', status: 'failed', finishedAt: new Date(), error: 'Connection refused', errorCode: 'unreachable' } });
    return row.id;
  }

  it('new critical/high findings and a grade drop are delivered, signed, once; retried through the queue', async () => {
    const first = await succeededScan([result('a', 'pass'), result('b', 'pass', 'critical'), result('c', 'pass', 'low')]);
    expect(await computeScanEvents(db, first)).toEqual([]);

    const second = await succeededScan([result('a', 'fail'), result('b', 'fail', 'critical'), result('c', 'fail', 'low')]);
    const events = await computeScanEvents(db, second);
    expect(events.map((e) => e.event).sort()).toEqual(['scan.grade_dropped', 'scan.new_findings']);

    plan.push(502); // first attempt of the first delivery fails → pg-boss retries it
    const { deliveries } = await notifyScanFinished(db, second);
    expect(deliveries).toHaveLength(2); // one webhook subscribed to both; the disabled one gets nothing
    const done = await waitFor(async () => {
      const rows = await db.webhookDelivery.findMany({ where: { id: { in: deliveries } } });
      return rows.every((r) => r.status === 'succeeded') ? rows : null;
    });
    expect(done.reduce((n, r) => n + r.attempts, 0)).toBe(3);
    const ok = received.filter((r) => r.path === '/events');
    expect(ok.length).toBe(3);
    for (const r of ok) expect(verify(r, secret)).toBe(true);
    const bodies = ok.map((r) => JSON.parse(r.body) as WebhookEnvelope);
    const newFindings = bodies.find((b) => b.event === 'scan.new_findings')!;
    expect(newFindings).toMatchObject({ cluster: { id: clusterId, name: 'prod-eu' }, scan: { id: second }, data: { count: 2, critical: 1 } });
    expect((newFindings.data.findings as Array<{ severity: string }>)[0]!.severity).toBe('critical');
    expect(bodies.find((b) => b.event === 'scan.grade_dropped')!.summary).toMatch(/dropped from grade A to F/);

    // Calling again for the same scan sends nothing new.
    expect((await notifyScanFinished(db, second)).deliveries).toEqual([]);
  }, 60_000);

  it('three failed scans in a row send scan.failing once per streak', async () => {
    const one = await failedScan();
    expect(await computeScanEvents(db, one)).toEqual([]);
    await failedScan();
    const three = await failedScan();
    const { deliveries } = await notifyScanFinished(db, three);
    expect(deliveries).toHaveLength(2); // "all" and "failing only"
    await waitFor(async () => (await db.webhookDelivery.count({ where: { id: { in: deliveries }, status: 'succeeded' } })) === 2);
    const bodies = received.filter((r) => r.path === '/failing').map((r) => JSON.parse(r.body) as WebhookEnvelope);
    expect(bodies[0]).toMatchObject({ event: 'scan.failing', data: { consecutiveFailures: 3, errorCode: 'unreachable' } });
    const four = await failedScan();
    expect(await computeScanEvents(db, four)).toEqual([]);
  }, 60_000);

  it('names a cluster-wide finding by the cluster, not by its internal id', async () => {
    const clusterWide: EvaluatedResult = { ...result('cluster-wide', 'fail'), resource: { apiVersion: 'rampart.dev/v1', kind: 'Cluster', name: clusterId }, fingerprint: 'fp-cluster-wide' };
    const scanId = await succeededScan([clusterWide]);
    const newFindings = (await computeScanEvents(db, scanId)).find((e) => e.event === 'scan.new_findings')!;
    expect(newFindings.envelope.data.findings).toEqual([expect.objectContaining({ resource: 'Cluster prod-eu' })]);
  }, 60_000);
});
