/**
 * Due dates, ticket links, the new webhook events, reminders and the stale-exception report, on
 * real PostgreSQL through the route handlers (real API tokens), with webhooks delivered over HTTP
 * to a loopback receiver and reminder e-mails to a loopback SMTP server:
 * - the findings browser's overdue / due-soon filter (URL/API param; its SQL estimate form selects the same rows)
 * - ticket links on a finding, a selection or a check's findings in a cluster (analyst+, validated, audited)
 * - finding.ticket_requested carries what a bridge needs; exception.requested / approved events
 * - exception.expiring once per stage (webhook + e-mail to requester and approver); finding.overdue
 * - the stale-exception report; per-user notification settings (API, audited, 400 on bad input)
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as findingsRoute from '@/app/api/findings/route';
import * as ticketRoute from '@/app/api/findings/ticket/route';
import * as ticketRequestRoute from '@/app/api/findings/ticket-request/route';
import * as staleRoute from '@/app/api/exceptions/stale/route';
import * as prefsRoute from '@/app/api/users/me/notifications/route';
import { startSmtpSink, type SmtpSink } from '@/e2e/support/smtp-sink';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { getCheck } from '@/lib/checks';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { findingScope } from '@/lib/dashboard/findings';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { findingsSql } from '@/lib/dashboard/findings-total';
import { createExceptions } from '@/lib/exceptions';
import { acceptRisk, testReviewers } from '@/lib/exceptions/test-utils';
import { createWebhook, webhookInputSchema, type WebhookEnvelope } from '@/lib/notifications';
import { closeEmailTransport } from '@/lib/notifications/email/transport';
import { runReminders } from '@/lib/notifications/reminders';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';
import { waitFor } from '../scans/helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ENV_KEYS = ['DATABASE_URL', 'RAMPART_BASE_URL', 'RAMPART_SECRET_KEY', 'RAMPART_SMTP_HOST', 'RAMPART_SMTP_PORT', 'RAMPART_SMTP_SECURITY'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let t: TestDatabase;
let sink: SmtpSink;
let receiver: http.Server;
const received: WebhookEnvelope[] = [];
const tokens = {} as Record<Role, string>;
const ids = {} as Record<'overdue' | 'soon' | 'fresh' | 'other', string>;
let clusterId = '';

async function call(handler: unknown, role: Role, method: string, path: string, body?: unknown) {
  const headers = new Headers({ authorization: `Bearer ${tokens[role]}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const res = await (handler as Handler)(new NextRequest(`http://localhost:3000${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
}

function result(name: string, severity: EvaluatedResult['severity'], checkId = 'privileged-container'): EvaluatedResult {
  return {
    status: 'fail',
    checkId,
    section: 'workloads',
    severity,
    title: 'x',
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name },
    message: `${name} fails`,
    fingerprint: `tix-${name}`,
  };
}

const events = (event: string) => received.filter((e) => e.event === event);

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startSmtpSink();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(body) as WebhookEnvelope);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    DATABASE_URL: t.url,
    RAMPART_BASE_URL: 'https://rampart.example.com',
    RAMPART_SECRET_KEY: randomBytes(32).toString('base64'),
    RAMPART_SMTP_HOST: '127.0.0.1',
    RAMPART_SMTP_PORT: String(sink.port),
    RAMPART_SMTP_SECURITY: 'none',
  });
  resetConfigForTests();
  closeEmailTransport();
  useAuthDatabaseForTests(t.db);
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await t.db.user.create({ data: { name: `${role} user`, email: `${role}@example.com`, role } });
    tokens[role] = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await createWebhook(t.db, webhookInputSchema.parse({ name: 'bridge', url, events: ['finding.ticket_requested', 'finding.overdue', 'exception.requested', 'exception.approved', 'exception.expiring'] }), { actor: null });
  clusterId = (await t.db.cluster.create({ data: { name: 'tix', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
  await t.db.clusterNamespace.create({ data: { clusterId, name: 'payments', labels: { team: 'payments-team' }, seenAt: new Date() } });
  const scan = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  const results = [result('overdue', 'critical'), result('soon', 'critical'), result('fresh', 'critical'), result('other', 'high', 'run-as-root')];
  await persistScan(t.db, { clusterId, scanId: scan.id, startedAt: new Date(Date.now() - 1000), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
  for (const r of await t.db.finding.findMany({ where: { clusterId }, select: { id: true, resourceName: true } })) ids[r.resourceName as keyof typeof ids] = r.id;
  // Critical SLA is 7 days: due an hour ago (became overdue since the last hour), due in 3 days, due in 7.
  await t.db.finding.update({ where: { id: ids.overdue }, data: { firstSeenAt: new Date(Date.now() - 7 * DAY - HOUR) } });
  await t.db.finding.update({ where: { id: ids.soon }, data: { firstSeenAt: new Date(Date.now() - 4 * DAY) } });
}, 60_000);

afterAll(async () => {
  closeEmailTransport();
  useAuthDatabaseForTests(undefined);
  await sink?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await closeDb();
  await t?.drop();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetConfigForTests();
});

describe('due dates in the findings browser', () => {
  it('filters overdue and due soon (API param), rows carry the due date, the SQL estimate selects the same rows', async () => {
    const overdue = await call(findingsRoute.GET, 'viewer', 'GET', `/api/findings?cluster=${clusterId}&sla=overdue`);
    expect(overdue.status).toBe(200);
    expect(overdue.json.findings.map((f: { id: string }) => f.id)).toEqual([ids.overdue]);
    expect(overdue.json.findings[0]).toMatchObject({ sla: 'overdue', dueAt: expect.stringMatching(/Z$/) });
    const soon = await call(findingsRoute.GET, 'viewer', 'GET', `/api/findings?cluster=${clusterId}&sla=due-soon`);
    expect(soon.json.findings.map((f: { id: string }) => f.id).sort()).toEqual([ids.fresh, ids.soon].sort());
    const all = await call(findingsRoute.GET, 'viewer', 'GET', `/api/findings?cluster=${clusterId}`);
    expect(all.json.findings.find((f: { id: string }) => f.id === ids.other)).toMatchObject({ sla: 'within' });
    const bad = await call(findingsRoute.GET, 'viewer', 'GET', '/api/findings?sla=late');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('Unknown due-date filter "late": use overdue or due-soon.');
    for (const sla of ['overdue', 'due-soon'] as const) {
      const filters = parseFindingFilters(new URLSearchParams({ sla, status: 'all' }));
      const scope = await findingScope(t.db, filters);
      const [{ n }] = await t.db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM findings f WHERE ${findingsSql(filters, scope.staleIds, scope.owned, { rules: scope.slaRules!, now: scope.now })}`;
      expect(Number(n)).toBe(await t.db.finding.count({ where: scope.where }));
      expect(Number(n)).toBeGreaterThan(0);
    }
  });
});

describe('ticket links', () => {
  it('analysts link a finding or a check group to an http(s) ticket; viewers cannot; bad links are a 400; audited', async () => {
    const target = { findingIds: [ids.overdue] };
    expect((await call(ticketRoute.PUT, 'viewer', 'PUT', '/api/findings/ticket', { target, url: 'https://tickets.example.com/SEC-1' })).status).toBe(403);
    const bad = await call(ticketRoute.PUT, 'analyst', 'PUT', '/api/findings/ticket', { target, url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/http\(s\) link/);
    const ok = await call(ticketRoute.PUT, 'analyst', 'PUT', '/api/findings/ticket', { target, url: 'https://tickets.example.com/SEC-1' });
    expect(ok).toMatchObject({ status: 200, json: { findings: 1 } });
    const group = await call(ticketRoute.PUT, 'analyst', 'PUT', '/api/findings/ticket', { target: { clusterId, checkId: 'privileged-container' }, url: 'https://tickets.example.com/SEC-2' });
    expect(group.json.findings).toBe(3);
    const rows = await t.db.finding.findMany({ where: { clusterId }, select: { id: true, ticketUrl: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.ticketUrl]))).toEqual({ [ids.overdue]: 'https://tickets.example.com/SEC-2', [ids.soon]: 'https://tickets.example.com/SEC-2', [ids.fresh]: 'https://tickets.example.com/SEC-2', [ids.other]: null });
    const audit = await t.db.auditEvent.findMany({ where: { action: 'finding.ticket_linked' }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.actorEmail, a.targetType])).toEqual([['analyst@example.com', 'finding'], ['analyst@example.com', 'check']]);
    const listed = await call(findingsRoute.GET, 'viewer', 'GET', `/api/findings?cluster=${clusterId}&sla=overdue`);
    expect(listed.json.findings[0].ticketUrl).toBe('https://tickets.example.com/SEC-2');
  });

  it('a ticket request sends what a bridge needs: title, remediation, owner, due date, links, where to report back', async () => {
    const r = await call(ticketRequestRoute.POST, 'analyst', 'POST', '/api/findings/ticket-request', { target: { clusterId, checkId: 'privileged-container' } });
    expect(r).toMatchObject({ status: 200, json: { findings: 3, webhooks: 1 } });
    const e = await waitFor(async () => events('finding.ticket_requested')[0], 10_000, 'the ticket request');
    const check = getCheck('privileged-container')!;
    expect(e.data).toMatchObject({
      title: `[critical] ${check.title} (3 resources) in tix`,
      severity: 'critical',
      count: 3,
      owner: 'payments-team',
      check: { id: 'privileged-container', remediation: { steps: check.remediation.steps } },
      link: `https://rampart.example.com/findings?cluster=${clusterId}&check=privileged-container`,
      callback: { method: 'PUT', url: 'https://rampart.example.com/api/findings/ticket' },
    });
    const first = (e.data.findings as Array<{ id: string; dueAt: string }>)[0]!;
    expect(first.id).toBe(ids.overdue);
    expect(e.data.dueAt).toBe(first.dueAt);
    const none = await call(ticketRequestRoute.POST, 'analyst', 'POST', '/api/findings/ticket-request', { target: { clusterId, checkId: 'no-such-check' } });
    expect(none.status).toBe(409);
  });
});

describe('exception events, reminders and the stale report', () => {
  it('exception.requested and exception.approved reach the webhook', async () => {
    await acceptRisk(t.db, { findingIds: [ids.other], reason: 'Legacy job, isolated node pool', expiresAt: new Date(Date.now() + 2 * DAY) });
    await waitFor(async () => events('exception.approved').length === 1 && events('exception.requested').length === 1, 10_000, 'exception.requested and .approved');
    expect(events('exception.requested')).toHaveLength(1);
    expect(events('exception.approved')[0]!.data).toMatchObject({ reason: 'Legacy job, isolated node pool', decidedBy: { email: 'approver@rampart.test' } });
  });

  it('reminds once before expiry (webhook and e-mail to requester and approver) and announces newly overdue findings', async () => {
    const first = await runReminders(t.db, new Date(), { email: true });
    expect(first.exceptionsReminded).toHaveLength(1);
    expect(first.overdueEvents).toBe(1);
    await waitFor(async () => events('exception.expiring').length === 1 && events('finding.overdue').length === 1, 10_000, 'the reminder events');
    expect(events('exception.expiring')[0]!.data).toMatchObject({ daysLeft: 2 });
    const overdue = events('finding.overdue')[0]!;
    expect(overdue.data).toMatchObject({ count: 1, findings: [{ id: ids.overdue, ticketUrl: 'https://tickets.example.com/SEC-2' }] });
    const { requester, approver } = await testReviewers(t.db);
    expect(sink.messages.flatMap((m) => m.envelopeTo).sort()).toEqual([approver.email, requester.email].sort());
    expect(sink.messages[0]!.mail.subject).toMatch(/An accepted risk expires in 2 days/);

    const again = await runReminders(t.db, new Date(), { email: true });
    expect(again).toEqual({ exceptionsReminded: [], overdueEvents: 0 });
    expect(sink.messages).toHaveLength(2);
  });

  it('the stale report lists exceptions covering nothing and requests waiting too long', async () => {
    await acceptRisk(t.db, { findingIds: [ids.fresh], reason: 'Fixed soon anyway', expiresAt: new Date(Date.now() + 60 * DAY) });
    await t.db.finding.update({ where: { id: ids.fresh }, data: { status: 'resolved', resolvedAt: new Date() } });
    const { requester } = await testReviewers(t.db);
    const waiting = await createExceptions(t.db, { findingIds: [ids.soon], reason: 'Nobody looked at this', expiresAt: new Date(Date.now() + 60 * DAY) }, { actor: requester });
    await t.db.riskException.update({ where: { id: waiting.exceptions[0]!.id }, data: { createdAt: new Date(Date.now() - 9 * DAY) } });
    const r = await call(staleRoute.GET, 'viewer', 'GET', '/api/exceptions/stale');
    expect(r.status).toBe(200);
    expect(r.json.unused.exceptions.map((e: { reason: string }) => e.reason)).toEqual(['Fixed soon anyway']);
    expect(r.json.pending.exceptions.map((e: { reason: string }) => e.reason)).toEqual(['Nobody looked at this']);
    expect(r.json.expiringSoon.exceptions.map((e: { reason: string }) => e.reason)).toEqual(['Legacy job, isolated node pool']);
  });
});

describe('notification settings', () => {
  it('defaults, changes (audited with the real actor), and plain 400s', async () => {
    expect((await call(prefsRoute.GET, 'viewer', 'GET', '/api/users/me/notifications')).json.preferences).toEqual({ digest: true, alertMinSeverity: 'critical', optOut: false });
    const put = await call(prefsRoute.PUT, 'viewer', 'PUT', '/api/users/me/notifications', { digest: false, alertMinSeverity: 'high' });
    expect(put.json.preferences).toEqual({ digest: false, alertMinSeverity: 'high', optOut: false });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'notifications.settings_updated' } });
    expect(audit).toMatchObject({ actorEmail: 'viewer@example.com', details: { digest: { from: true, to: false }, alertMinSeverity: { from: 'critical', to: 'high' } } });
    const bad = await call(prefsRoute.PUT, 'viewer', 'PUT', '/api/users/me/notifications', { alertMinSeverity: 'urgent' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/alertMinSeverity must be one of critical/);
    expect((await call(prefsRoute.PUT, 'viewer', 'PUT', '/api/users/me/notifications', {})).status).toBe(400);
  });
});

describe('ticket links for team-scoped analysts', () => {
  it('link findings of their teams only; others are not found', async () => {
    const u = await t.db.user.create({ data: { name: 'Team analyst', email: 'team-analyst@example.com', role: 'viewer', fleetAccess: false } });
    const token = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role: 'viewer' }, { name: 'test' })).token;
    const team = await t.db.team.create({ data: { name: 'Payments' } });
    await t.db.teamMember.create({ data: { teamId: team.id, userId: u.id, role: 'analyst' } });
    const scope = await t.db.teamScope.create({ data: { teamId: team.id, clusterId, kind: 'namespace', value: 'payments' } });
    const put = async (url: string) => {
      const headers = new Headers({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      const res = await (ticketRoute.PUT as unknown as Handler)(new NextRequest('http://localhost:3000/api/findings/ticket', { method: 'PUT', headers, body: JSON.stringify({ target: { findingIds: [ids.soon] }, url }) }), { params: Promise.resolve({}) });
      return res.status;
    };
    expect(await put('https://tickets.example.com/PAY-1')).toBe(200);
    expect((await t.db.finding.findUniqueOrThrow({ where: { id: ids.soon } })).ticketUrl).toBe('https://tickets.example.com/PAY-1');
    await t.db.teamScope.update({ where: { id: scope.id }, data: { value: 'search' } });
    expect(await put('https://tickets.example.com/PAY-2')).toBe(404);
    expect((await t.db.finding.findUniqueOrThrow({ where: { id: ids.soon } })).ticketUrl).toBe('https://tickets.example.com/PAY-1');
  });
});
