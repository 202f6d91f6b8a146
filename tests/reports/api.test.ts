/**
 * Report and export routes as Next.js calls them: real API tokens (admin / analyst / viewer),
 * real PostgreSQL, the demo cluster's history seeded through the real pipeline.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import type { Role } from '@/lib/auth/roles';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { csvField } from '@/lib/reports/findings-export';
import { createBoss } from '@/lib/jobs/boss';
import { REPORT_TICK_QUEUE, startReportWorker } from '@/lib/jobs/reports';
import { runDueReportSchedules, sweepReports } from '@/lib/reports/service';
import * as exportsRoute from '@/app/api/exports/findings/route';
import * as reportItem from '@/app/api/reports/[id]/route';
import * as reportDownload from '@/app/api/reports/[id]/download/route';
import * as reportPdf from '@/app/api/reports/pdf/route';
import * as reports from '@/app/api/reports/route';
import * as scheduleItem from '@/app/api/reports/schedules/[id]/route';
import * as schedules from '@/app/api/reports/schedules/route';
import { seedClusterHistory, type SeededHistory } from '../dashboard/seed';

let t: TestDatabase;
let dataDir: string;
let demo: SeededHistory;
const tokens = {} as Record<Role, string>;
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'rampart-reports-'));
  process.env.DATABASE_URL = t.url;
  process.env.RAMPART_DATA_DIR = dataDir;
  process.env.RAMPART_REPORT_STREAM_MAX_FINDINGS = '500';
  resetConfigForTests();
  useAuthDatabaseForTests(t.db);
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await t.db.user.create({ data: { name: `${role} user`, email: `${role}@example.com`, role } });
    tokens[role] = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  demo = await seedClusterHistory(t.db, { name: 'demo', scans: 3, days: 14 });
}, 180_000);

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await t?.drop();
  process.env = saved;
  resetConfigForTests();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: unknown, role: Role | null, path: string, init: { method?: string; body?: unknown; params?: Record<string, string> } = {}) {
  const headers = new Headers();
  if (role) headers.set('authorization', `Bearer ${tokens[role]}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const req = new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const res = await (handler as Handler)(req, { params: Promise.resolve(init.params ?? {}) });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8') };
}

const json = (r: { text: string }) => JSON.parse(r.text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON

function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.resolve('fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _drop, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: String(id), ...rest });
}

describe('roles', () => {
  it('viewers get 403 and anonymous callers 401 on every report and export route', async () => {
    const q = `?cluster=${demo.clusterId}`;
    for (const [h, p, method] of [
      [reportPdf.POST, '/api/reports/pdf', 'POST'],
      [reports.GET, '/api/reports', 'GET'],
      [reports.POST, '/api/reports', 'POST'],
      [exportsRoute.GET, `/api/exports/findings${q}&format=csv`, 'GET'],
      [reportItem.GET, '/api/reports/x', 'GET'],
      [reportDownload.GET, '/api/reports/x/download', 'GET'],
    ] as const) {
      expect((await call(h, 'viewer', p, { method, ...(method === 'POST' ? { body: {} } : {}), params: { id: 'x' } })).status, p).toBe(403);
      expect((await call(h, null, p, { method, params: { id: 'x' } })).status, p).toBe(401);
    }
    expect(await t.db.report.count()).toBe(0);
  });
});

describe('PDF reports', () => {
  it('are made by POST only: a GET (a cross-site link or image) cannot create a report', () => {
    // Next.js answers 405 Method Not Allowed for a method the route does not export.
    expect(Object.keys(reportPdf).filter((k) => /^(GET|HEAD)$/.test(k))).toEqual([]);
    expect(typeof reportPdf.POST).toBe('function');
  });

  it('streams a small report at once as application/pdf and audits it', async () => {
    const r = await call(reportPdf.POST, 'analyst', '/api/reports/pdf', { method: 'POST', body: { clusters: [demo.clusterId], sections: ['workloads'], severities: ['critical'] } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toMatch(/rampart-report-demo-/);
    expect(r.buf.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'report.generated' } });
    expect(audit.actorEmail).toBe('analyst@example.com');
    expect(audit.details).toMatchObject({ mode: 'direct', clusters: ['demo'], params: { sections: ['workloads'], severities: ['critical'] } });
  });

  it('answers 404 with a reason for an unknown cluster and 400 for bad params', async () => {
    const missing = await call(reportPdf.POST, 'analyst', '/api/reports/pdf', { method: 'POST', body: { clusters: ['nope'] } });
    expect(missing.status).toBe(404);
    expect(json(missing).error).toMatch(/No cluster with id "nope"/);
    expect((await call(reportPdf.POST, 'analyst', '/api/reports/pdf', { method: 'POST', body: { severities: ['urgent'] } })).status).toBe(400);
  });

  it('renders a large report in the background, tracks progress and serves the file', async () => {
    const r = await call(reportPdf.POST, 'analyst', '/api/reports/pdf', { method: 'POST', body: { clusters: [demo.clusterId] } }); // > 500 findings
    expect(r.status).toBe(202);
    const id = json(r).report.id as string;
    let status = '';
    for (let i = 0; i < 120 && status !== 'succeeded' && status !== 'failed'; i++) {
      await new Promise((res) => setTimeout(res, 500));
      status = json(await call(reportItem.GET, 'analyst', `/api/reports/${id}`, { params: { id } })).report.status;
    }
    expect(status).toBe('succeeded');
    const listed = json(await call(reports.GET, 'admin', '/api/reports')).reports as Array<Record<string, unknown>>;
    expect(listed[0]).toMatchObject({ id, status: 'succeeded', progress: 100, createdBy: 'analyst user', clusterNames: ['demo'] });
    const file = await call(reportDownload.GET, 'analyst', `/api/reports/${id}/download`, { params: { id } });
    expect(file.status).toBe(200);
    expect(file.buf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await t.db.auditEvent.count({ where: { action: 'report.downloaded', targetId: id } })).toBe(1);
    // Retention: once expired, the sweep deletes row and file; the link answers 404.
    await t.db.report.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await sweepReports(t.db)).deleted).toBe(1);
    expect((await call(reportDownload.GET, 'analyst', `/api/reports/${id}/download`, { params: { id } })).status).toBe(404);
  }, 90_000);

  it('POST /api/reports queues a filtered report', async () => {
    const r = await call(reports.POST, 'analyst', '/api/reports', { method: 'POST', body: { clusters: [demo.clusterId], sections: ['images'], days: 7 } });
    expect(r.status).toBe(202);
    expect(json(r).report).toMatchObject({ status: 'queued', params: { sections: ['images'], days: 7 } });
  });
});

describe('scheduled reports', () => {
  it('renders a due schedule and sends its webhook a report.ready delivery with the download link', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    try {
      const webhook = await t.db.webhook.create({ data: { name: 'sec-team', url: `http://127.0.0.1:${port}/hook`, events: [] } });
      const created = new Date(Date.now() - 8 * 86_400_000);
      const schedule = await t.db.reportSchedule.create({
        data: { name: 'weekly demo', cron: '0 6 * * 1', params: { clusters: [demo.clusterId], severities: ['critical'] }, webhookId: webhook.id, createdAt: created },
      });
      const runs = await runDueReportSchedules(t.db);
      expect(runs).toEqual([expect.objectContaining({ scheduleId: schedule.id, status: 'succeeded' })]);
      expect(await runDueReportSchedules(t.db)).toEqual([]); // not due again until next Monday
      const report = await t.db.report.findUniqueOrThrow({ where: { id: runs[0].reportId } });
      expect(report).toMatchObject({ status: 'succeeded', scheduleId: schedule.id });
      for (let i = 0; i < 50 && !received.length; i++) await new Promise((res) => setTimeout(res, 100));
      const payload = JSON.parse(received[0]) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- webhook body
      expect(payload).toMatchObject({ event: 'report.ready', data: { reportId: report.id, clusters: ['demo'] } });
      expect(payload.url).toBe(`http://localhost:3000/api/reports/${report.id}/download`);
    } finally {
      server.close();
    }
  }, 60_000);
});

describe('report schedules API', () => {
  it('creates a weekly schedule with a 7-day period, lists it with its next run, deletes it; viewers cannot', async () => {
    const body = { name: 'weekly demo critical', frequency: 'weekly', params: { clusters: [demo.clusterId], severities: ['critical'] } };
    expect((await call(schedules.POST, 'viewer', '/api/reports/schedules', { method: 'POST', body })).status).toBe(403);
    const created = await call(schedules.POST, 'analyst', '/api/reports/schedules', { method: 'POST', body });
    expect(created.status, created.text).toBe(201);
    const s = json(created).schedule;
    expect(s).toMatchObject({ name: 'weekly demo critical', frequency: 'weekly', cron: '0 6 * * 1', params: { days: 7, severities: ['critical'] } });
    expect(new Date(s.nextRunAt).getUTCDay()).toBe(1);
    const bad = await call(schedules.POST, 'analyst', '/api/reports/schedules', { method: 'POST', body: { ...body, webhookId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(json(bad).error).toMatch(/No webhook/);
    expect(json(await call(schedules.GET, 'analyst', '/api/reports/schedules')).schedules.map((x: { id: string }) => x.id)).toContain(s.id);
    expect((await call(scheduleItem.DELETE, 'analyst', `/api/reports/schedules/${s.id}`, { method: 'DELETE', params: { id: s.id } })).status).toBe(204);
    expect(await t.db.auditEvent.count({ where: { action: { in: ['report_schedule.created', 'report_schedule.deleted'] }, targetId: s.id } })).toBe(2);
  });
});

describe('report worker', () => {
  it('runs due schedules from the pg-boss report tick', async () => {
    const boss = await createBoss({ connectionString: t.url });
    try {
      const worker = await startReportWorker({ db: t.db, boss, pollingIntervalSeconds: 0.5 });
      const schedule = await t.db.reportSchedule.create({
        data: { name: 'monthly fleet', cron: '0 6 1 * *', params: { severities: ['critical'] }, createdAt: new Date(Date.now() - 40 * 86_400_000) },
      });
      await boss.send(REPORT_TICK_QUEUE, {});
      let report = null;
      for (let i = 0; i < 60 && !report; i++) {
        await new Promise((res) => setTimeout(res, 500));
        report = await t.db.report.findFirst({ where: { scheduleId: schedule.id, status: 'succeeded' } });
      }
      expect(report).not.toBeNull();
      await worker.stop();
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  }, 60_000);
});

describe('findings exports', () => {
  const openCount = () => t.db.finding.count({ where: { clusterId: demo.clusterId, status: 'open' } });

  it('CSV: every open finding of the filter, one row each, audited', async () => {
    const r = await call(exportsRoute.GET, 'analyst', `/api/exports/findings?format=csv&cluster=${demo.clusterId}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('cluster,severity,status,section,check_id,check_title,kind,namespace,name,api_version,path,message,first_seen,last_seen,resolved_at,fingerprint,finding_id,fix_command,due_at,sla,ticket_url,owner_team,assignee');
    expect(lines.length - 1).toBe(await openCount());
    expect(lines[1]).toMatch(/^demo,critical,open,/);
    expect(r.text).toContain(',privileged-container,');
    // The fix command is filled in with the row's own resource; a bare Pod gets none (its spec cannot be patched in place).
    const privileged = lines.filter((l) => l.includes(',privileged-container,'));
    const controller = privileged.find((l) => /,(Deployment|DaemonSet|StatefulSet),/.test(l))!;
    const [kind, ns, name] = controller.split(',').slice(6, 9);
    expect(controller).toContain(`kubectl -n ${ns} patch ${kind.toLowerCase()} ${name} --type strategic`);
    expect(controller).not.toContain('<name>');
    // …, finding_id, fix_command (empty), due_at, sla, ticket_url (none set), owner_team (no team owns anything here), assignee (nobody)
    for (const pod of privileged.filter((l) => l.split(',')[6] === 'Pod')) expect(pod).toMatch(/,[0-9a-z-]+,,\d{4}-\d\d-\d\dT[\d:.]+Z,(overdue|due-soon|within),,unowned,$/);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'export.downloaded' }, orderBy: { at: 'desc' } });
    expect(audit.details).toMatchObject({ format: 'csv', count: lines.length - 1 });
  });

  it('CSV quotes fields and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("JSON: the CLI's schemaVersion 1 document, most severe first, with the filter applied", async () => {
    const r = await call(exportsRoute.GET, 'analyst', `/api/exports/findings?format=json&cluster=${demo.clusterId}&severity=critical,high`);
    expect(r.status).toBe(200);
    const doc = json(r);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.source).toEqual({ type: 'cluster', name: 'demo' });
    expect(doc.score.overall).toBe(demo.scans.at(-1)?.score);
    const expected = await t.db.finding.count({ where: { clusterId: demo.clusterId, status: 'open', severity: { in: ['critical', 'high'] } } });
    expect(doc.findings).toHaveLength(expected);
    expect(doc.findings[0].severity).toBe('critical');
    expect(new Set(doc.findings.map((f: { severity: string }) => f.severity))).toEqual(new Set(['critical', 'high']));
    const priv = doc.findings.find((f: { checkId: string }) => f.checkId === 'privileged-container');
    expect(priv.remediation.kubectl).toMatch(/kubectl/);
    expect(priv.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('SARIF: valid 2.1.0, one result per finding, rules from the catalog', async () => {
    const r = await call(exportsRoute.GET, 'admin', `/api/exports/findings?format=sarif&cluster=${demo.clusterId}`);
    expect(r.status).toBe(200);
    const sarif = json(r);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(await openCount());
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const res of run.results.slice(0, 50)) expect(ids[res.ruleIndex]).toBe(res.ruleId);
    expect(run.results[0].level).toBe('error');
  });

  it('rejects an unknown format', async () => {
    expect((await call(exportsRoute.GET, 'analyst', '/api/exports/findings?format=xlsx')).status).toBe(400);
  });
});
