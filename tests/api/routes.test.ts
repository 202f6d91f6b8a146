/**
 * The exceptions, webhooks, /metrics and /api/openapi.json route handlers as Next.js calls them:
 * real API tokens, real PostgreSQL (process-wide getDb pointed at a throwaway database), roles
 * enforced, webhooks delivered over HTTP to a loopback receiver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { TestDatabase } from '@/lib/db/test-utils';
import { getFramework } from '@/lib/frameworks';
import { persistScan } from '@/lib/scans/persist';
import * as exceptionsRoute from '@/app/api/exceptions/route';
import * as exceptionRoute from '@/app/api/exceptions/[id]/route';
import * as approveRoute from '@/app/api/exceptions/approve/route';
import * as rejectRoute from '@/app/api/exceptions/reject/route';
import * as policyRoute from '@/app/api/settings/exceptions/route';
import * as registriesRoute from '@/app/api/settings/trusted-registries/route';
import * as webhooksRoute from '@/app/api/webhooks/route';
import * as webhookRoute from '@/app/api/webhooks/[id]/route';
import * as webhookTestRoute from '@/app/api/webhooks/[id]/test/route';
import * as deliveriesRoute from '@/app/api/webhooks/[id]/deliveries/route';
import * as openapiRoute from '@/app/api/openapi.json/route';
import * as metricsRoute from '@/app/metrics/route';
import { privilegedResult } from '../helpers/findings';
import { callRoute, tokenUser, useRouteDatabase } from '../helpers/routes';

let t: TestDatabase;
let server: http.Server;
let receiverUrl = '';
const received: string[] = [];
const tokens = {} as Record<Role, string>;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let clusterId = '';

const env = useRouteDatabase({ RAMPART_METRICS_TOKEN: METRICS_TOKEN });

beforeAll(async () => {
  t = env.t;
  for (const role of ['admin', 'analyst', 'viewer'] as const) tokens[role] = (await tokenUser(t.db, { name: `${role} user`, email: `${role}@example.com`, role })).token;
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  // One cluster with two scans: the second one failed-high on two deployments.
  const cluster = await t.db.cluster.create({ data: { name: 'prod-eu', authType: 'token', apiServerUrl: 'https://k8s.example' } });
  clusterId = cluster.id;
  const result = (name: string, status: 'pass' | 'fail', severity: 'high' | 'critical' = 'high') => privilegedResult(name, severity, 'fp-', { status });
  for (const results of [[result('a', 'pass'), result('b', 'pass')], [result('a', 'fail'), result('b', 'fail', 'critical'), result('c', 'pass')]]) {
    const scan = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
    await persistScan(t.db, { clusterId, scanId: scan.id, startedAt: new Date(Date.now() - 42_000), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
  }
  await t.db.scan.create({ data: { clusterId, trigger: 'schedule', status: 'failed', finishedAt: new Date(), error: 'unreachable' } });
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const call = (handler: unknown, auth: Role | null | { bearer: string }, method: string, path: string, params: Record<string, string> = {}, body?: unknown) =>
  callRoute(handler, path, { method, bearer: auth === null ? null : typeof auth === 'object' ? auth.bearer : tokens[auth], params, body });

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('/api/exceptions', () => {
  it('analysts request risk acceptance (bulk by finding ids); another analyst or admin approves or rejects; viewers only read; anonymous callers get 401', async () => {
    const findings = await t.db.finding.findMany({ where: { clusterId, status: 'open' }, orderBy: { resourceName: 'asc' } });
    expect(findings).toHaveLength(2);
    const body = { findingIds: findings.map((f) => f.id), reason: 'Vendor appliance, isolated network', expiresAt: inDays(60), ticketUrl: 'https://jira.example.com/browse/SEC-7' };
    expect((await call(exceptionsRoute.POST, null, 'POST', '/api/exceptions', {}, body)).status).toBe(401);
    expect((await call(exceptionsRoute.POST, 'viewer', 'POST', '/api/exceptions', {}, body)).status).toBe(403);
    const bad = await call(exceptionsRoute.POST, 'analyst', 'POST', '/api/exceptions', {}, { ...body, expiresAt: inDays(500) });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/at most 366 days/);
    const badTicket = await call(exceptionsRoute.POST, 'analyst', 'POST', '/api/exceptions', {}, { ...body, ticketUrl: 'javascript:alert(1)' });
    expect(badTicket.status).toBe(400);
    expect(badTicket.json.error).toMatch(/http\(s\) link/);

    const latestScan = () => t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    const before = await latestScan();
    const created = await call(exceptionsRoute.POST, 'analyst', 'POST', '/api/exceptions', {}, body);
    expect(created.status).toBe(201);
    expect(created.json.exceptions).toHaveLength(2);
    expect(created.json.exceptions[0]).toMatchObject({ status: 'requested', ticketUrl: body.ticketUrl });
    expect(created.json.findingsChanged).toBe(0);
    // A request alone excepts nothing and leaves the score as it was.
    expect(await t.db.finding.count({ where: { clusterId, exceptionId: { not: null } } })).toBe(0);
    expect(await latestScan()).toMatchObject({ score: before.score, resultsExcepted: 0 });
    const [first, second] = created.json.exceptions as Array<{ id: string }>;
    const approve = (role: Role, id: string, extra: Record<string, unknown> = {}) => call(approveRoute.POST, role, 'POST', '/api/exceptions/approve', {}, { ids: [id], ...extra });

    // Four eyes: the requester cannot approve, nor can a viewer; a bad body is a 400.
    const own = await approve('analyst', first!.id);
    expect(own.status).toBe(403);
    expect(own.json.error).toMatch(/another analyst or admin/);
    expect((await approve('viewer', first!.id)).status).toBe(403);
    expect((await approve('admin', first!.id, { note: 1 })).status).toBe(400);
    expect((await call(approveRoute.POST, 'admin', 'POST', '/api/exceptions/approve')).status).toBe(400);
    expect((await call(approveRoute.POST, 'admin', 'POST', '/api/exceptions/approve', {}, { ids: [] })).status).toBe(400);
    expect((await approve('admin', 'nope')).status).toBe(404);

    const approved = await approve('admin', first!.id, { note: 'Checked with the vendor' });
    expect(approved.status).toBe(200);
    expect(approved.json.exceptions[0]).toMatchObject({ status: 'active', decidedBy: { email: 'admin@example.com' }, decisionNote: 'Checked with the vendor', coveredFindings: 1 });
    expect(await t.db.finding.count({ where: { clusterId, exceptionId: { not: null } } })).toBe(1);
    expect((await latestScan()).resultsExcepted).toBe(1);
    expect((await approve('admin', first!.id)).status).toBe(409);

    const rejected = await call(rejectRoute.POST, 'admin', 'POST', '/api/exceptions/reject', {}, { ids: [second!.id], note: 'Patch instead' });
    expect(rejected.status).toBe(200);
    expect(rejected.json.exceptions[0]).toMatchObject({ status: 'rejected', decisionNote: 'Patch instead' });
    expect((await approve('admin', second!.id)).status).toBe(409);
    expect(await t.db.finding.count({ where: { clusterId, exceptionId: { not: null } } })).toBe(1);

    // Self-approval: off by default, admin-only to change, audited.
    expect((await call(policyRoute.GET, 'viewer', 'GET', '/api/settings/exceptions')).json.policy).toMatchObject({ allowSelfApproval: false });
    expect((await call(policyRoute.PUT, 'analyst', 'PUT', '/api/settings/exceptions', {}, { allowSelfApproval: true })).status).toBe(403);
    expect((await call(policyRoute.PUT, 'admin', 'PUT', '/api/settings/exceptions', {}, { allowSelfApproval: 'yes' })).status).toBe(400);
    const allowed = await call(policyRoute.PUT, 'admin', 'PUT', '/api/settings/exceptions', {}, { allowSelfApproval: true });
    expect(allowed.json.policy).toMatchObject({ allowSelfApproval: true, updatedBy: { email: 'admin@example.com' } });
    expect(await t.db.auditEvent.count({ where: { action: 'settings.exception_policy_updated', actorEmail: 'admin@example.com' } })).toBe(1);
    const again = await call(exceptionsRoute.POST, 'analyst', 'POST', '/api/exceptions', {}, { ...body, findingIds: [findings[1]!.id] });
    const selfApproved = await approve('analyst', again.json.exceptions[0].id);
    expect(selfApproved.status).toBe(200);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'exception.approved', targetId: again.json.exceptions[0].id } })).toMatchObject({ actorEmail: 'analyst@example.com', details: expect.objectContaining({ selfApproved: true }) });
    await call(policyRoute.PUT, 'admin', 'PUT', '/api/settings/exceptions', {}, { allowSelfApproval: false });

    const list = await call(exceptionsRoute.GET, 'viewer', 'GET', `/api/exceptions?clusterId=${clusterId}`);
    expect(list.status).toBe(200);
    expect(list.json.exceptions).toHaveLength(2);
    expect((await call(exceptionsRoute.GET, 'viewer', 'GET', `/api/exceptions?clusterId=${clusterId}&status=rejected`)).json.exceptions.map((e: { id: string }) => e.id)).toEqual([second!.id]);
    const id = list.json.exceptions[0].id as string;
    expect((await call(exceptionRoute.GET, 'viewer', 'GET', `/api/exceptions/${id}`, { id })).json.exception.id).toBe(id);

    expect((await call(exceptionRoute.DELETE, 'viewer', 'DELETE', `/api/exceptions/${id}`, { id })).status).toBe(403);
    const revoked = await call(exceptionRoute.DELETE, 'analyst', 'DELETE', `/api/exceptions/${id}`, { id });
    expect(revoked.status).toBe(200);
    expect(revoked.json.exception.status).toBe('revoked');
    expect((await call(exceptionRoute.DELETE, 'analyst', 'DELETE', `/api/exceptions/${id}`, { id })).status).toBe(409);
    expect((await call(exceptionRoute.DELETE, 'analyst', 'DELETE', `/api/exceptions/${second!.id}`, { id: second!.id })).status).toBe(409);
    expect((await call(exceptionRoute.DELETE, 'analyst', 'DELETE', '/api/exceptions/nope', { id: 'nope' })).status).toBe(404);
    expect((await call(exceptionsRoute.GET, 'viewer', 'GET', '/api/exceptions?status=revoked')).json.exceptions.map((e: { id: string }) => e.id)).toEqual([id]);
  });
});

describe('/api/webhooks', () => {
  it('is admin-only; creates (secret once), tests over HTTP, logs, updates and deletes', async () => {
    const input = { name: 'SOC', url: receiverUrl, format: 'generic', events: ['scan.new_findings'] };
    expect((await call(webhooksRoute.GET, 'analyst', 'GET', '/api/webhooks')).status).toBe(403);
    expect((await call(webhooksRoute.POST, 'analyst', 'POST', '/api/webhooks', {}, input)).status).toBe(403);
    expect((await call(webhooksRoute.POST, 'admin', 'POST', '/api/webhooks', {}, { ...input, url: 'gopher://x' })).status).toBe(400);
    const created = await call(webhooksRoute.POST, 'admin', 'POST', '/api/webhooks', {}, input);
    expect(created.status).toBe(201);
    const { secret } = created.json;
    const id = created.json.webhook.id as string;
    expect(secret).toMatch(/^whsec_/);
    const listed = await call(webhooksRoute.GET, 'admin', 'GET', '/api/webhooks');
    expect(listed.text).not.toContain(secret);
    expect(listed.json.webhooks[0]).toMatchObject({ id, hasSecret: true });

    expect((await call(webhookTestRoute.POST, 'analyst', 'POST', `/api/webhooks/${id}/test`, { id })).status).toBe(403);
    const tested = await call(webhookTestRoute.POST, 'admin', 'POST', `/api/webhooks/${id}/test`, { id });
    expect(tested.json.delivery).toMatchObject({ status: 'succeeded', responseCode: 200, event: 'test' });
    expect(received.some((b) => b.includes('"event":"test"'))).toBe(true);
    const log = await call(deliveriesRoute.GET, 'admin', 'GET', `/api/webhooks/${id}/deliveries`, { id });
    expect(log.json.deliveries).toHaveLength(1);

    const patched = await call(webhookRoute.PATCH, 'admin', 'PATCH', `/api/webhooks/${id}`, { id }, { enabled: false, events: ['scan.failing', 'scan.failing'] });
    expect(patched.json.webhook).toMatchObject({ enabled: false, events: ['scan.failing'] });
    expect(patched.json.secret).toBeUndefined();
    expect((await call(webhookRoute.DELETE, 'admin', 'DELETE', `/api/webhooks/${id}`, { id })).status).toBe(204);
    expect((await call(webhookRoute.GET, 'admin', 'GET', `/api/webhooks/${id}`, { id })).status).toBe(404);
  });
});

describe('/metrics', () => {
  it('refuses callers without a valid token', async () => {
    const anon = await call(metricsRoute.GET, null, 'GET', '/metrics');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await call(metricsRoute.GET, { bearer: 'wrong-token-wrong-token' }, 'GET', '/metrics')).status).toBe(401);
  });

  it('serves scores, open findings, durations and failures from the database (metrics token or viewer API token)', async () => {
    const res = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const latest = await t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });
    const labels = `cluster="prod-eu",cluster_id="${clusterId}"`;
    expect(res.text).toContain(`rampart_cluster_score{${labels},section="overall"} ${latest.score}`);
    const workloads = await t.db.scanSectionAggregate.findFirstOrThrow({ where: { scanId: latest.id, section: 'workloads' } });
    expect(res.text).toContain(`rampart_cluster_score{${labels},section="workloads"} ${workloads.score}`);
    const open = await t.db.finding.groupBy({ by: ['severity'], where: { clusterId, status: 'open', exceptionId: null }, _count: { _all: true } });
    for (const o of open) expect(res.text).toContain(`rampart_open_findings{${labels},severity="${o.severity}"} ${o._count._all}`);
    expect(res.text).toContain(`rampart_open_findings{${labels},severity="medium"} 0`);
    expect(res.text).toContain(`rampart_scan_failures_total{${labels}} 1`);
    expect(res.text).toContain(`rampart_scans_total{${labels},status="succeeded"} 2`);
    expect(res.text).toMatch(new RegExp(`rampart_last_scan_duration_seconds\\{${labels}\\} 42`));
    expect(res.text).toContain('rampart_scan_duration_seconds_bucket{le="30"} 0');
    expect(res.text).toContain('rampart_scan_duration_seconds_bucket{le="60"} 2');
    expect(res.text).toContain('rampart_scan_duration_seconds_count 2');
    expect(res.text).toContain('rampart_clusters 1');

    const viaToken = await call(metricsRoute.GET, 'viewer', 'GET', '/metrics');
    expect(viaToken.status).toBe(200);
  });

  it('narrows the findings gauges to a framework or one of its controls, labelled so; unknown ones are a 400', async () => {
    const labels = `cluster="prod-eu",cluster_id="${clusterId}"`;
    const open = await t.db.finding.groupBy({ by: ['severity'], where: { clusterId, status: 'open', exceptionId: null }, _count: { _all: true } });
    expect(open.length).toBeGreaterThan(0);
    // privileged-container assesses a CIS control; every open finding here is of that check.
    const assessing = getFramework('cis-1.10').controls.find((c) => c.checks.includes('privileged-container'))!;
    const other = getFramework('cis-1.10').controls.find((c) => c.checks.length > 0 && !c.checks.includes('privileged-container'))!;
    const byControl = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', `/metrics?framework=cis-1.10&control=${assessing.id}`);
    expect(byControl.status).toBe(200);
    for (const o of open) expect(byControl.text).toContain(`rampart_open_findings{${labels},framework="cis-1.10",control="${assessing.id}",severity="${o.severity}"} ${o._count._all}`);
    const byOther = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', `/metrics?framework=cis-1.10&control=${other.id}`);
    for (const o of open) expect(byOther.text).toContain(`rampart_open_findings{${labels},framework="cis-1.10",control="${other.id}",severity="${o.severity}"} 0`);
    const byFramework = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics?framework=cis-1.10');
    for (const o of open) expect(byFramework.text).toContain(`rampart_open_findings{${labels},framework="cis-1.10",severity="${o.severity}"} ${o._count._all}`);
    const all = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics');
    const exceptedAll = new RegExp(`rampart_excepted_findings\\{${labels}\\} (\\d+)`).exec(all.text)![1];
    expect(byFramework.text).toContain(`rampart_excepted_findings{${labels},framework="cis-1.10"} ${exceptedAll}`);
    // The other gauges are unchanged.
    expect(byFramework.text).toContain('rampart_clusters 1');

    const unknown = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics?framework=cis-9');
    expect(unknown.status).toBe(400);
    const noSuchControl = await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics?framework=cis-1.10&control=99.9');
    expect(noSuchControl.status).toBe(400);
    expect(noSuchControl.text).toContain('The framework has no such control.');
    expect((await call(metricsRoute.GET, { bearer: METRICS_TOKEN }, 'GET', '/metrics?control=5.2.2')).status).toBe(400);
  });
});

describe('/api/openapi.json', () => {
  it('is served to signed-in callers only', async () => {
    expect((await call(openapiRoute.GET, null, 'GET', '/api/openapi.json')).status).toBe(401);
    const res = await call(openapiRoute.GET, 'viewer', 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ openapi: '3.1.0', paths: { '/api/exceptions': expect.any(Object), '/api/findings': expect.any(Object) } });
  });
});

describe('/api/settings/trusted-registries', () => {
  it('everyone reads the list; only admins replace it, with each entry validated and the change audited', async () => {
    expect((await call(registriesRoute.GET, 'viewer', 'GET', '/api/settings/trusted-registries')).json).toMatchObject({ registries: [], updatedBy: null });
    expect((await call(registriesRoute.PUT, 'analyst', 'PUT', '/api/settings/trusted-registries', {}, { registries: ['ghcr.io/acme'] })).status).toBe(403);
    const bad = await call(registriesRoute.PUT, 'admin', 'PUT', '/api/settings/trusted-registries', {}, { registries: ['ghcr.io/acme', 'not a registry!'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('registry host');
    expect((await call(registriesRoute.PUT, 'admin', 'PUT', '/api/settings/trusted-registries', {}, { registries: 'ghcr.io' })).status).toBe(400);

    const saved = await call(registriesRoute.PUT, 'admin', 'PUT', '/api/settings/trusted-registries', {}, { registries: [' GHCR.io/acme ', '*.dkr.ecr.eu-west-1.amazonaws.com', 'ghcr.io/acme'] });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ registries: ['ghcr.io/acme', '*.dkr.ecr.eu-west-1.amazonaws.com'], updatedBy: { email: 'admin@example.com' } });
    expect((await call(registriesRoute.GET, 'viewer', 'GET', '/api/settings/trusted-registries')).json.registries).toEqual(['ghcr.io/acme', '*.dkr.ecr.eu-west-1.amazonaws.com']);
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'settings.trusted_registries_updated' } })).toMatchObject({
      actorEmail: 'admin@example.com',
      details: { from: [], to: ['ghcr.io/acme', '*.dkr.ecr.eu-west-1.amazonaws.com'] },
    });
  });
});
