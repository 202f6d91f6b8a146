/**
 * Remediation SLAs on real PostgreSQL: the defaults apply until an admin changes them (audited,
 * through the API, bad input a 400); a finding is due from first seen; the compliance numbers
 * (overview, /metrics) follow the policy; accepted risk and info findings are not tracked.
 */
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as slaRoute from '@/app/api/settings/sla/route';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config';
import { closeDb } from '@/lib/db/client';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';
import { getSlaCompliance } from '@/lib/sla/compliance';
import { DEFAULT_SLA_DAYS, dueAt, slaStatus } from '@/lib/sla/policy';
import { getSlaPolicy } from '@/lib/sla/settings';

let t: TestDatabase;
let clusterId: string;
const tokens: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };
const savedUrl = process.env.DATABASE_URL;
const DAY = 86_400_000;

function result(name: string, severity: EvaluatedResult['severity']): EvaluatedResult {
  return {
    status: 'fail',
    checkId: 'privileged-container',
    section: 'workloads',
    severity,
    title: 'Privileged container',
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: `${name} is privileged`,
    fingerprint: `sla-${name}`,
  };
}

async function call(handler: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, role: 'admin' | 'viewer', method: string, body?: unknown) {
  const headers = new Headers({ authorization: `Bearer ${tokens[role]}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  const res = await handler(new NextRequest('http://localhost:3000/api/settings/sla', { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  resetConfigForTests();
  useAuthDatabaseForTests(t.db);
  for (const role of ['admin', 'viewer'] as const) {
    const u = await t.db.user.create({ data: { name: role, email: `${role}-${randomBytes(3).toString('hex')}@example.com`, role } });
    tokens[role] = (await createApiToken(t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  clusterId = (await t.db.cluster.create({ data: { name: 'sla', authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
  const scan = await t.db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  const results = [result('crit-old', 'critical'), result('crit-new', 'critical'), result('high-old', 'high'), result('accepted', 'critical'), result('note', 'info')];
  await persistScan(t.db, { clusterId, scanId: scan.id, startedAt: new Date(Date.now() - 1000), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
  // First seen: 10 days ago for the "old" ones and the accepted one, 2 days ago for crit-new.
  await t.db.finding.updateMany({ where: { clusterId, resourceName: { in: ['crit-old', 'high-old', 'accepted', 'note'] } }, data: { firstSeenAt: new Date(Date.now() - 10 * DAY) } });
  await t.db.finding.updateMany({ where: { clusterId, resourceName: 'crit-new' }, data: { firstSeenAt: new Date(Date.now() - 2 * DAY) } });
  const accepted = await t.db.finding.findFirstOrThrow({ where: { clusterId, resourceName: 'accepted' } });
  await acceptRisk(t.db, { findingIds: [accepted.id], reason: 'Accepted for the SLA test', expiresAt: new Date(Date.now() + 30 * DAY) });
}, 60_000);

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await t?.drop();
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  resetConfigForTests();
});

/** Each open finding's SLA state under the stored policy (the pure rule; the module's counts must agree). */
const states = async () => {
  const policy = await getSlaPolicy(t.db);
  const rows = await t.db.finding.findMany({ where: { clusterId, status: 'open', exceptionId: null }, select: { resourceName: true, severity: true, firstSeenAt: true } });
  return new Map(rows.map((r) => [r.resourceName, slaStatus(dueAt(r.firstSeenAt, r.severity, policy), new Date())]));
};

describe('remediation SLAs', () => {
  it('defaults: critical 7 days, high 30; accepted risk and info findings are not tracked', async () => {
    expect(await getSlaPolicy(t.db)).toEqual(DEFAULT_SLA_DAYS);
    const byName = await states();
    expect(Object.fromEntries(byName)).toEqual({ 'crit-old': 'overdue', 'crit-new': 'due-soon', 'high-old': 'within', note: null });
    const sla = (await getSlaCompliance(t.db, [clusterId])).clusters.get(clusterId)!;
    expect(sla).toMatchObject({ tracked: 3, overdueTotal: 1, dueSoonTotal: 1 });
    expect(sla.compliance).toBeCloseTo(2 / 3, 10);
  });

  it('an admin changes the days (audited); a viewer cannot; bad input is a 400; the numbers follow', async () => {
    expect((await call(slaRoute.GET, 'viewer', 'GET')).json.policy).toEqual(DEFAULT_SLA_DAYS);
    expect((await call(slaRoute.PUT, 'viewer', 'PUT', { ...DEFAULT_SLA_DAYS, high: 5 })).status).toBe(403);
    const bad = await call(slaRoute.PUT, 'admin', 'PUT', { ...DEFAULT_SLA_DAYS, high: 0 });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/high: at least one day/);
    const ok = await call(slaRoute.PUT, 'admin', 'PUT', { ...DEFAULT_SLA_DAYS, high: 5 });
    expect(ok.status).toBe(200);
    expect(ok.json.policy).toEqual({ ...DEFAULT_SLA_DAYS, high: 5 });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'settings.sla_policy_updated' } })).toMatchObject({ details: expect.objectContaining({ high: { from: 30, to: 5 } }) });
    expect((await states()).get('high-old')).toBe('overdue');
    expect((await getSlaCompliance(t.db, [clusterId])).clusters.get(clusterId)).toMatchObject({ tracked: 3, overdueTotal: 2 });
  });
});
