/**
 * Remediation SLAs on real PostgreSQL: the defaults apply until an admin changes them (audited,
 * through the API, bad input a 400); a finding is due from first seen; the compliance numbers
 * (overview, /metrics) follow the policy; accepted risk and info findings are not tracked.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as slaRoute from '@/app/api/settings/sla/route';
import type { TestDatabase } from '@/lib/db/test-utils';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import { getSlaCompliance } from '@/lib/sla/compliance';
import { DEFAULT_SLA_DAYS, dueAt, slaStatus } from '@/lib/sla/policy';
import { getSlaPolicy } from '@/lib/sla/settings';
import type { Severity } from '@/lib/vocabulary';
import { firstSeenDaysAgo, privilegedResult, scannedCluster } from '../helpers/findings';
import { callRoute, tokenUser, useRouteDatabase } from '../helpers/routes';

let t: TestDatabase;
let clusterId: string;
const tokens: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };
const DAY = 86_400_000;

const result = (name: string, severity: Severity) => privilegedResult(name, severity, 'sla-');

const call = (handler: unknown, role: 'admin' | 'viewer', method: string, body?: unknown) => callRoute(handler, '/api/settings/sla', { method, bearer: tokens[role], body });

const env = useRouteDatabase();

beforeAll(async () => {
  t = env.t;
  for (const role of ['admin', 'viewer'] as const) tokens[role] = (await tokenUser(t.db, { name: role, email: `${role}-${randomBytes(3).toString('hex')}@example.com`, role })).token;
  const results = [result('crit-old', 'critical'), result('crit-new', 'critical'), result('high-old', 'high'), result('accepted', 'critical'), result('note', 'info')];
  ({ clusterId } = await scannedCluster(t.db, 'sla', results));
  // First seen: 10 days ago for the "old" ones and the accepted one, 2 days ago for crit-new.
  await firstSeenDaysAgo(t.db, clusterId, ['crit-old', 'high-old', 'accepted', 'note'], 10);
  await firstSeenDaysAgo(t.db, clusterId, ['crit-new'], 2);
  const accepted = await t.db.finding.findFirstOrThrow({ where: { clusterId, resourceName: 'accepted' } });
  await acceptRisk(t.db, { findingIds: [accepted.id], reason: 'Accepted for the SLA test', expiresAt: new Date(Date.now() + 30 * DAY) });
}, 60_000);

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
