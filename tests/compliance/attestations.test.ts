/**
 * The compliance API on real PostgreSQL: a scanned cluster's control status and percentage, the
 * fleet view, and attesting manual controls (roles, validation → 400, audit, expiry, revoke).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as complianceRoute from '@/app/api/compliance/route';
import * as attestationsRoute from '@/app/api/compliance/attestations/route';
import * as attestationRoute from '@/app/api/compliance/attestations/[id]/route';
import * as findingsRoute from '@/app/api/findings/route';
import { call, result, scanCluster, setUp, type Env } from './helpers';

let env: Env;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

beforeAll(async () => {
  env = await setUp();
  // Two scans: first everything passes, then a privileged Deployment appears.
  await scanCluster(env.t, env.clusterId, [result('privileged-container', 'workloads', 'web', 'pass'), result('host-port', 'workloads', 'web', 'pass')], new Date(Date.now() - 86_400_000));
  await scanCluster(env.t, env.clusterId, [result('privileged-container', 'workloads', 'web', 'fail'), result('host-port', 'workloads', 'web', 'pass')], new Date(), [
    { resource: 'nodes/proxy (configz) on node-1', reason: 'forbidden', message: 'no access' },
  ]);
}, 120_000);
afterAll(async () => env?.restore(), 60_000);

const control = (json: Record<string, any>, id: string) => (json.evaluation?.controls ?? json.controls).find((c: { id: string }) => c.id === id); // eslint-disable-line @typescript-eslint/no-explicit-any -- reads the JSON answer

describe('/api/compliance', () => {
  it("a cluster's CIS controls: failed, passed, not assessed with the reason, manual; percentage and trend", async () => {
    const r = await call(env, complianceRoute.GET, 'viewer', 'GET', `/api/compliance?framework=cis-1.10&cluster=${env.clusterId}`);
    expect(r.status).toBe(200);
    expect(control(r.json, '5.2.2')).toMatchObject({ status: 'failed', counts: { passed: 0, failed: 1, excepted: 0 } });
    expect(control(r.json, '5.2.13')).toMatchObject({ status: 'passed', counts: { passed: 1, failed: 0, excepted: 0 } });
    expect(control(r.json, '1.1.1')).toMatchObject({ status: 'not-assessed', reason: 'node-access' });
    expect(control(r.json, '4.2.1')).toMatchObject({ status: 'not-assessed', reason: 'node-access' });
    expect(control(r.json, '3.2.2')).toMatchObject({ status: 'manual', attestation: null });
    expect(r.json.evaluation.summary).toMatchObject({ passed: 1, failed: 1, excepted: 0, assessed: 2, percent: 50 });
    expect(r.json.formula).toContain('(passed + excepted)');
    expect(r.json.trend.map((p: { percent: number }) => p.percent)).toEqual([100, 50]);
  });

  it('the fleet, and 400 / 404 for bad input', async () => {
    const r = await call(env, complianceRoute.GET, 'viewer', 'GET', '/api/compliance?framework=pss');
    expect(r.status).toBe(200);
    expect(control(r.json, 'baseline/privileged-containers')).toMatchObject({ status: 'failed', clusters: { failed: 1 } });
    expect(r.json.clusters).toHaveLength(1);
    expect((await call(env, complianceRoute.GET, 'viewer', 'GET', '/api/compliance?framework=iso-27001')).status).toBe(400);
    expect((await call(env, complianceRoute.GET, 'viewer', 'GET', '/api/compliance?cluster=nope')).status).toBe(404);
    expect((await call(env, complianceRoute.GET, null, 'GET', '/api/compliance')).status).toBe(401);
  });
});

describe('/api/compliance/attestations', () => {
  const body = () => ({ framework: 'cis-1.10', controlId: '3.2.2', clusterId: env.clusterId, note: 'Reviewed the audit policy with the platform team', expiresAt: inDays(90) });

  it('refuses anonymous callers, viewers and bad input with a message', async () => {
    expect((await call(env, attestationsRoute.POST, null, 'POST', '/api/compliance/attestations', {}, body())).status).toBe(401);
    expect((await call(env, attestationsRoute.POST, 'viewer', 'POST', '/api/compliance/attestations', {}, body())).status).toBe(403);
    for (const bad of [{ note: 'ok' }, { expiresAt: inDays(400) }, { expiresAt: inDays(-1) }, { framework: 'nope' }, { controlId: '5.2.2' }, { clusterId: '../x' }]) {
      const r = await call(env, attestationsRoute.POST, 'analyst', 'POST', '/api/compliance/attestations', {}, { ...body(), ...bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json.error).toBeTruthy();
    }
    expect((await call(env, attestationsRoute.POST, 'analyst', 'POST', '/api/compliance/attestations', {}, { ...body(), controlId: '9.9.9' })).status).toBe(404);
    expect((await call(env, attestationsRoute.POST, 'analyst', 'POST', '/api/compliance/attestations', {}, { ...body(), clusterId: 'missing' })).status).toBe(404);
    expect(await env.t.db.controlAttestation.count()).toBe(0);
  });

  it('an analyst attests a manual control: audited, shown as attested, and revoked again', async () => {
    const created = await call(env, attestationsRoute.POST, 'analyst', 'POST', '/api/compliance/attestations', {}, body());
    expect(created.status).toBe(201);
    const id = created.json.attestation.id as string;
    expect(created.json.attestation).toMatchObject({ controlId: '3.2.2', attestedBy: 'analyst@example.com', active: true });
    const audit = await env.t.db.auditEvent.findFirst({ where: { action: 'attestation.created', targetId: id } });
    expect(audit).toMatchObject({ actorEmail: 'analyst@example.com' });

    const view = await call(env, complianceRoute.GET, 'viewer', 'GET', `/api/compliance?cluster=${env.clusterId}`);
    expect(control(view.json, '3.2.2')).toMatchObject({ status: 'manual', attestation: { id, note: body().note } });
    expect(view.json.evaluation.summary.attested).toBe(1);

    const list = await call(env, attestationsRoute.GET, 'viewer', 'GET', `/api/compliance/attestations?clusterId=${env.clusterId}`);
    expect(list.json.attestations.map((a: { id: string }) => a.id)).toEqual([id]);

    expect((await call(env, attestationRoute.DELETE, 'viewer', 'DELETE', `/api/compliance/attestations/${id}`, { id })).status).toBe(403);
    const revoked = await call(env, attestationRoute.DELETE, 'analyst', 'DELETE', `/api/compliance/attestations/${id}`, { id });
    expect(revoked.status).toBe(200);
    expect(revoked.json.attestation.active).toBe(false);
    expect((await call(env, attestationRoute.DELETE, 'analyst', 'DELETE', `/api/compliance/attestations/${id}`, { id })).status).toBe(409);
    expect((await call(env, attestationRoute.DELETE, 'analyst', 'DELETE', '/api/compliance/attestations/none', { id: 'none' })).status).toBe(404);
    expect(await env.t.db.auditEvent.count({ where: { action: 'attestation.revoked', targetId: id, actorEmail: 'analyst@example.com' } })).toBe(1);
    const after = await call(env, complianceRoute.GET, 'viewer', 'GET', `/api/compliance?cluster=${env.clusterId}`);
    expect(control(after.json, '3.2.2').attestation).toBeNull();
  });

  it('an expired attestation no longer counts', async () => {
    await env.t.db.controlAttestation.create({ data: { framework: 'cis-1.10', controlId: '5.1.7', note: 'old review of system:masters', expiresAt: new Date(Date.now() - 1000), createdByEmail: 'analyst@example.com' } });
    const r = await call(env, complianceRoute.GET, 'viewer', 'GET', `/api/compliance?cluster=${env.clusterId}`);
    expect(control(r.json, '5.1.7').attestation).toBeNull();
  });
});

describe('findings filtered by framework and control', () => {
  it('lists only the findings of the checks that assess the control', async () => {
    const ids = async (qs: string) => {
      const r = await call(env, findingsRoute.GET, 'viewer', 'GET', `/api/findings?${qs}`);
      expect(r.status, r.text).toBe(200);
      return (r.json.findings as Array<{ checkId: string }>).map((f) => f.checkId);
    };
    expect(await ids('framework=cis-1.10&control=5.2.2')).toEqual(['privileged-container']);
    expect(await ids('framework=cis-1.10&control=5.2.13')).toEqual([]);
    expect(await ids('framework=pss')).toEqual(['privileged-container']);
    const grouped = await call(env, findingsRoute.GET, 'viewer', 'GET', '/api/findings?framework=cis-1.10&control=5.2.13&group=check');
    expect(grouped.json.groups).toEqual([]);
    expect((await call(env, findingsRoute.GET, 'viewer', 'GET', '/api/findings?control=5.2.2')).status).toBe(400);
    expect((await call(env, findingsRoute.GET, 'viewer', 'GET', '/api/findings?framework=sox')).status).toBe(400);
  });
});
