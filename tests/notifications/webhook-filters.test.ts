/**
 * Webhooks narrowed to a compliance framework / control and to a team, on real PostgreSQL through
 * the route handlers (real API tokens), delivered over HTTP to a loopback receiver (one path per
 * webhook), and the migration that added the filters keeping existing webhooks unfiltered.
 *
 * Set-up: cluster "prod" with a critical privileged-container finding in namespace payments (CIS
 * 5.2.2) and a high host-path-volume finding in namespace web (not CIS 5.2.2). Team Payments owns
 * namespace payments, team Platform the whole cluster: the most specific scope wins, so the
 * payments finding is Payments' (though Platform's scope covers it) and the web finding Platform's.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webhooksRoute from '@/app/api/webhooks/route';
import * as webhookRoute from '@/app/api/webhooks/[id]/route';
import * as teamRoute from '@/app/api/teams/[id]/route';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { SessionUser } from '@/lib/auth/types';
import { resetConfigForTests } from '@/lib/config';
import { resetSecretKeysForTests } from '@/lib/crypto/secret-box';
import { closeDb } from '@/lib/db/client';
import { migratePostgres } from '@/lib/db/migrate';
import { defaultMigrationsDir } from '@/lib/db/migrations-dir';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { approveExceptions, createExceptions, revokeException } from '@/lib/exceptions';
import { notifyScanFinished, type WebhookDto, type WebhookEnvelope } from '@/lib/notifications';
import { emitNewlyOverdue, OVERDUE_CURSOR_SETTING } from '@/lib/notifications/reminders';
import { persistScan } from '@/lib/scans/persist';
import { addScope, createTeam } from '@/lib/teams/service';
import { requestTicket } from '@/lib/tickets';
import { waitFor } from '../scans/helpers';

const DAY = 86_400_000;
const MIGRATION = '20261207163024_webhook_filters';
const ENV_KEYS = ['DATABASE_URL', 'RAMPART_BASE_URL', 'RAMPART_SECRET_KEY'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Hook = 'all' | 'cis' | 'payments' | 'platform';

let t: TestDatabase;
let receiver: http.Server;
let base = '';
const received: Array<{ path: string; body: WebhookEnvelope }> = [];
const tokens = {} as Record<'admin' | 'teamAdmin', string>;
const hooks = {} as Record<Hook, string>;
const teams = {} as Record<'payments' | 'platform', string>;
const findings = {} as Record<'pay' | 'web', string>;
let admin: SessionUser;
let approver: SessionUser;
let clusterId = '';

async function call(handler: unknown, who: keyof typeof tokens, method: string, url: string, body?: unknown, params: Record<string, string> = {}) {
  const headers = new Headers({ authorization: `Bearer ${tokens[who]}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const res = await (handler as Handler)(new NextRequest(`http://localhost:3000${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve(params) });
  return { status: res.status, json: (res.status === 204 ? {} : await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
}

/** Waits until no delivery is pending (they go out in-process: no job queue in this test). */
async function delivered(): Promise<void> {
  await waitFor(async () => (await t.db.webhookDelivery.count({ where: { status: 'pending' } })) === 0, 20_000, 'the deliveries to be sent', 50);
  expect(await t.db.webhookDelivery.count({ where: { status: 'failed' } })).toBe(0);
}

/** What each webhook's receiver got of `event` since `from` (index into `received`). */
function got(event: string, from = 0): Record<Hook, WebhookEnvelope[]> {
  const out = { all: [], cis: [], payments: [], platform: [] } as Record<Hook, WebhookEnvelope[]>;
  for (const r of received.slice(from)) if (r.body.event === event) out[r.path.slice(1) as Hook].push(r.body);
  return out;
}

function result(name: string, namespace: string, status: 'pass' | 'fail', check: 'privileged-container' | 'host-path-volume'): EvaluatedResult {
  return {
    status,
    checkId: check,
    section: 'workloads',
    severity: check === 'privileged-container' ? 'critical' : 'high',
    title: 't',
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name },
    message: `${name} fails`,
    fingerprint: `filters-${name}`,
  };
}

async function scan(status: 'pass' | 'fail'): Promise<string> {
  const row = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  const results = [result('pay', 'payments', status, 'privileged-container'), result('web', 'web', status, 'host-path-volume')];
  await persistScan(t.db, { clusterId, scanId: row.id, startedAt: new Date(Date.now() - 500), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) as WebhookEnvelope });
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  Object.assign(process.env, { DATABASE_URL: t.url, RAMPART_BASE_URL: 'https://rampart.example.com', RAMPART_SECRET_KEY: randomBytes(32).toString('base64') });
  resetConfigForTests();
  resetSecretKeysForTests();
  useAuthDatabaseForTests(t.db);

  const a = await t.db.user.create({ data: { name: 'Admin', email: 'admin@example.com', role: 'admin' } });
  admin = { id: a.id, email: a.email, name: a.name, role: 'admin' };
  tokens.admin = (await createApiToken(t.db, admin, { name: 'test' })).token;
  const b = await t.db.user.create({ data: { name: 'Approver', email: 'approver@example.com', role: 'analyst' } });
  approver = { id: b.id, email: b.email, name: b.name, role: 'analyst' };
  clusterId = (await t.db.cluster.create({ data: { name: 'prod', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
  teams.payments = (await createTeam(t.db, admin, { name: 'Payments' }, null)).id;
  await addScope(t.db, admin, teams.payments, { clusterId, kind: 'namespace', value: 'payments' }, null);
  teams.platform = (await createTeam(t.db, admin, { name: 'Platform' }, null)).id;
  await addScope(t.db, admin, teams.platform, { clusterId, kind: 'cluster' }, null);
  // A team admin without the fleet view: the role model leaves webhooks to (fleet) admins.
  const ta = await t.db.user.create({ data: { name: 'Team admin', email: 'team-admin@example.com', role: 'viewer', fleetAccess: false } });
  await t.db.teamMember.create({ data: { teamId: teams.payments, userId: ta.id, role: 'admin' } });
  tokens.teamAdmin = (await createApiToken(t.db, { id: ta.id, email: ta.email, name: ta.name, role: 'viewer' }, { name: 'test' })).token;
}, 60_000);

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await new Promise((resolve) => receiver?.close(resolve));
  await closeDb();
  await t?.drop();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
  resetSecretKeysForTests();
});

describe('webhook filters through the API', () => {
  it('creates, lists and changes filters; unknown framework, control or team is a 400 with a message; audited', async () => {
    const events = ['scan.new_findings', 'scan.grade_dropped', 'finding.overdue', 'finding.ticket_requested', 'exception.requested', 'exception.approved'];
    const create = (name: Hook, filters: Record<string, unknown>) => call(webhooksRoute.POST, 'admin', 'POST', '/api/webhooks', { name, url: `${base}/${name}`, events, ...filters });

    const bad = async (filters: Record<string, unknown>, message: RegExp) => {
      const r = await create('all', filters);
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(r.json.error).toMatch(message);
    };
    await bad({ framework: 'cis-9' }, /Unknown framework "cis-9": use one of cis-1\.10, nsa-cisa, pss, guide/);
    await bad({ control: '5.2.2' }, /A control filter needs a framework/);
    await bad({ framework: 'cis-1.10', control: '9.9.9' }, /cis-1\.10 has no control "9\.9\.9"/);
    await bad({ framework: 'cis-1.10', control: '1.1.1' }, /No check assesses cis-1\.10 control 1\.1\.1/);
    await bad({ teamId: 'no-such-team' }, /No team with id "no-such-team"/);
    await bad({ teamId: 'not a team!' }, /Not a team id/);
    expect(await t.db.webhook.count()).toBe(0);

    for (const [name, filters] of [
      ['all', {}],
      ['cis', { framework: 'cis-1.10', control: '5.2.2' }],
      ['payments', { teamId: teams.payments }],
      ['platform', { teamId: teams.platform }],
    ] as const) {
      const r = await create(name, filters);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      hooks[name] = r.json.webhook.id;
    }
    const list = (await call(webhooksRoute.GET, 'admin', 'GET', '/api/webhooks')).json.webhooks as WebhookDto[];
    expect(Object.fromEntries(list.map((w) => [w.name, { framework: w.framework, control: w.control, team: w.team }]))).toEqual({
      all: { framework: null, control: null, team: null },
      cis: { framework: 'cis-1.10', control: '5.2.2', team: null },
      payments: { framework: null, control: null, team: { id: teams.payments, name: 'Payments' } },
      platform: { framework: null, control: null, team: { id: teams.platform, name: 'Platform' } },
    });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'webhook.created', targetId: hooks.cis } })).toMatchObject({
      actorEmail: 'admin@example.com',
      details: expect.objectContaining({ filters: { framework: 'cis-1.10', control: '5.2.2', team: null } }),
    });

    // Update: checked against the stored framework; a new framework drops the old control.
    const patch = (body: unknown) => call(webhookRoute.PATCH, 'admin', 'PATCH', `/api/webhooks/${hooks.cis}`, body, { id: hooks.cis });
    const wrong = await patch({ control: '9.9' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatch(/cis-1\.10 has no control "9\.9"/);
    expect((await patch({ framework: 'nope' })).status).toBe(400);
    expect((await patch({ teamId: 'no-such-team' })).status).toBe(400);
    expect((await patch({ framework: 'pss' })).json.webhook).toMatchObject({ framework: 'pss', control: null });
    expect((await patch({ framework: 'cis-1.10', control: '5.2.2' })).json.webhook).toMatchObject({ framework: 'cis-1.10', control: '5.2.2' });
    const updated = await t.db.auditEvent.findMany({ where: { action: 'webhook.updated', targetId: hooks.cis }, orderBy: { at: 'asc' } });
    expect(updated.map((a) => (a.details as { filters: unknown }).filters)).toEqual([
      { framework: 'pss', control: null, team: null },
      { framework: 'cis-1.10', control: '5.2.2', team: null },
    ]);

    // Only admins manage webhooks: a team's admin may not, not even for their own team.
    expect((await call(webhooksRoute.POST, 'teamAdmin', 'POST', '/api/webhooks', { name: 'mine', url: `${base}/mine`, events, teamId: teams.payments })).status).toBe(403);
    // A team with webhooks cannot be deleted (its webhooks would become fleet webhooks).
    const del = await call(teamRoute.DELETE, 'admin', 'DELETE', `/api/teams/${teams.payments}`, undefined, { id: teams.payments });
    expect(del.status).toBe(409);
    expect(del.json.error).toMatch(/Team "Payments" has webhooks \("payments"\)/);
  });
});

describe('per-delivery filtering', () => {
  it('scan.new_findings is narrowed per webhook; a grade drop reaches a team only when it owns the whole cluster', async () => {
    await scan('pass');
    const from = received.length;
    const second = await scan('fail');
    for (const f of await t.db.finding.findMany({ where: { clusterId }, select: { id: true, resourceName: true } })) findings[f.resourceName as 'pay' | 'web'] = f.id;
    const { deliveries } = await notifyScanFinished(t.db, second);
    // new findings: all, cis, payments, platform; grade drop: all, cis, platform.
    expect(deliveries).toHaveLength(7);
    await delivered();

    const fresh = got('scan.new_findings', from);
    const ids = (e: WebhookEnvelope[]) => e.flatMap((x) => (x.data.findings as Array<{ id: string }>).map((f) => f.id)).sort();
    expect(fresh.all).toHaveLength(1);
    expect(fresh.all[0]!.data).toMatchObject({ count: 2, critical: 1 });
    expect(fresh.all[0]!.data.filter).toBeUndefined();
    expect(ids(fresh.all)).toEqual([findings.pay, findings.web].sort());
    // CIS 5.2.2 is assessed by privileged-container only.
    expect(fresh.cis[0]).toMatchObject({ id: fresh.all[0]!.id, summary: '1 new critical/high finding on prod', data: { count: 1, critical: 1, filter: { framework: 'cis-1.10', control: '5.2.2', team: null } } });
    expect(ids(fresh.cis)).toEqual([findings.pay]);
    expect(fresh.payments[0]!.data).toMatchObject({ count: 1, filter: { team: { id: teams.payments, name: 'Payments' } } });
    expect(ids(fresh.payments)).toEqual([findings.pay]);
    // Platform's whole-cluster scope covers payments too, but Payments owns it (more specific).
    expect(fresh.platform[0]!.data).toMatchObject({ count: 1, critical: 0 });
    expect(ids(fresh.platform)).toEqual([findings.web]);

    const drop = got('scan.grade_dropped', from);
    expect([drop.all.length, drop.cis.length, drop.payments.length, drop.platform.length]).toEqual([1, 1, 0, 1]);
    expect(drop.cis[0]!.summary).toBe(drop.all[0]!.summary);
  }, 60_000);

  it('exception events follow the exception’s check and the owner of the findings it is over', async () => {
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const counts = async (event: string, run: () => Promise<unknown>) => {
      const from = received.length;
      await run();
      await delivered();
      const g = got(event, from);
      return [g.all.length, g.cis.length, g.payments.length, g.platform.length];
    };
    const request = (input: Parameters<typeof createExceptions>[1]) => counts('exception.requested', () => createExceptions(t.db, input, { actor: admin }));
    expect(await request({ findingIds: [findings.pay], reason: 'Legacy payment gateway', expiresAt })).toEqual([1, 1, 1, 0]);
    expect(await request({ findingIds: [findings.web], reason: 'Log shipper needs the host path', expiresAt })).toEqual([1, 0, 0, 1]);
    // A check-wide request covers nothing yet: no team's.
    expect(await request({ checkId: 'host-path-volume', clusterId, reason: 'Cluster-wide, reviewed', expiresAt })).toEqual([1, 0, 0, 0]);
    expect(await request({ checkId: 'privileged-container', clusterId, reason: 'Cluster-wide, reviewed', expiresAt })).toEqual([1, 1, 0, 0]);
    // Approved, it covers the payments finding: Payments' (it owns that finding), not Platform's.
    const wide = await t.db.riskException.findFirstOrThrow({ where: { scope: 'check', checkId: 'privileged-container' } });
    expect(await counts('exception.approved', () => approveExceptions(t.db, [wide.id], undefined, { actor: approver }))).toEqual([1, 1, 1, 0]);
    await revokeException(t.db, wide.id, { actor: admin });
  });

  it('a ticket request carries only the webhook’s part, and its callback names only those findings', async () => {
    const from = received.length;
    const target = { findingIds: [findings.pay, findings.web] };
    expect(await requestTicket(t.db, target, { actor: admin })).toEqual({ findings: 2, webhooks: 4 });
    await delivered();
    const tickets = got('finding.ticket_requested', from);
    const callback = (e: WebhookEnvelope) => (e.data.callback as { body: { target: unknown } }).body.target;
    expect(tickets.all[0]!.data.count).toBe(2);
    expect(callback(tickets.all[0]!)).toEqual(target);
    expect(tickets.cis[0]!.data).toMatchObject({ count: 1, severity: 'critical', check: { id: 'privileged-container' } });
    expect(callback(tickets.cis[0]!)).toEqual({ findingIds: [findings.pay] });
    expect(callback(tickets.payments[0]!)).toEqual({ findingIds: [findings.pay] });
    expect(tickets.platform[0]!.data).toMatchObject({ count: 1, severity: 'high', check: { id: 'host-path-volume' } });
    expect(callback(tickets.platform[0]!)).toEqual({ findingIds: [findings.web] });
    expect(new Set([tickets.all, tickets.cis, tickets.payments, tickets.platform].map((e) => e[0]!.id)).size).toBe(1);
  });

  it('finding.overdue is narrowed the same way, and a webhook with nothing inside its filter gets nothing', async () => {
    const { firstSeenAt } = await t.db.finding.findUniqueOrThrow({ where: { id: findings.web }, select: { firstSeenAt: true } });
    const cursor = (at: Date) => t.db.setting.upsert({ where: { key: OVERDUE_CURSOR_SETTING }, create: { key: OVERDUE_CURSOR_SETTING, value: at.toISOString() }, update: { value: at.toISOString() } });
    // Between 7 and 30 days: only the critical (payments, CIS 5.2.2) finding became overdue.
    await cursor(new Date(firstSeenAt.getTime() + 7 * DAY - 60_000));
    let from = received.length;
    expect(await emitNewlyOverdue(t.db, new Date(firstSeenAt.getTime() + 8 * DAY))).toBe(1);
    await delivered();
    let overdue = got('finding.overdue', from);
    expect([overdue.all.length, overdue.cis.length, overdue.payments.length, overdue.platform.length]).toEqual([1, 1, 1, 0]);
    expect(overdue.cis[0]!.data).toMatchObject({ count: 1, findings: [{ id: findings.pay }] });

    // At 30 days the high (web, not CIS 5.2.2, Platform's) one.
    from = received.length;
    expect(await emitNewlyOverdue(t.db, new Date(firstSeenAt.getTime() + 31 * DAY))).toBe(1);
    await delivered();
    overdue = got('finding.overdue', from);
    expect([overdue.all.length, overdue.cis.length, overdue.payments.length, overdue.platform.length]).toEqual([1, 0, 0, 1]);
    expect(overdue.platform[0]!.data).toMatchObject({ count: 1, findings: [{ id: findings.web }], filter: { team: { name: 'Platform' } } });
  });
});

describe('the migration that added the filters', () => {
  it('keeps existing webhooks, unfiltered', async () => {
    const admin = new URL(t.url);
    const name = `rampart_whmig_${randomBytes(4).toString('hex')}`;
    const server = new pg.Client({ connectionString: t.url });
    await server.connect();
    await server.query(`CREATE DATABASE "${name}"`);
    admin.pathname = `/${name}`;
    const url = admin.toString();
    const before = mkdtempSync(path.join(os.tmpdir(), 'rampart-migrations-'));
    try {
      for (const entry of readdirSync(defaultMigrationsDir())) if (entry !== MIGRATION) cpSync(path.join(defaultMigrationsDir(), entry), path.join(before, entry), { recursive: true });
      await migratePostgres(url, { migrationsDir: before });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`INSERT INTO webhooks (id, name, url, events, enabled) VALUES ('wh-old', 'SOC', 'https://hooks.example.com/soc', ARRAY['scan.new_findings'], true)`);
        expect((await migratePostgres(url)).applied).toEqual([MIGRATION]);
        const { rows } = await c.query(`SELECT id, name, url, events, enabled, framework, control, team_id FROM webhooks`);
        expect(rows).toEqual([{ id: 'wh-old', name: 'SOC', url: 'https://hooks.example.com/soc', events: ['scan.new_findings'], enabled: true, framework: null, control: null, team_id: null }]);
      } finally {
        await c.end();
      }
    } finally {
      rmSync(before, { recursive: true, force: true });
      await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.end();
    }
  }, 120_000);
});
