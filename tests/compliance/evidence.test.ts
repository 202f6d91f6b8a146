/**
 * The evidence pack end to end on real PostgreSQL: the JSON bundle (scope, versions, controls with
 * resources evaluated, not-assessed reasons, exceptions with requester and expiry, attestations,
 * score history) sealed with a SHA-256 digest; `rampart verify-evidence` accepts it and rejects a
 * tampered copy; the PDF renders (from a fresh bundle, or from a submitted one whose digest holds).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as evidenceRoute from '@/app/api/compliance/evidence/route';
import { runVerifyEvidence } from '@/bin/commands/verify-evidence';
import { approveExceptions, createExceptions } from '@/lib/exceptions';
import { call, result, scanCluster, setUp, type Env } from './helpers';

let env: Env;
let bundle: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the bundle as JSON
const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-evidence-'));
const ROOT = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  env = await setUp();
  await scanCluster(env.t, env.clusterId, [result('privileged-container', 'workloads', 'web', 'pass'), result('host-port', 'workloads', 'web', 'pass')], new Date(Date.now() - 86_400_000));
  await scanCluster(env.t, env.clusterId, [result('privileged-container', 'workloads', 'web', 'fail'), result('privileged-container', 'workloads', 'api', 'pass'), result('host-port', 'workloads', 'web', 'pass')], new Date());
  const analyst = await env.t.db.user.findUniqueOrThrow({ where: { email: 'analyst@example.com' } });
  const actor = { id: analyst.id, email: analyst.email, name: analyst.name, role: 'analyst' as const };
  const requested = await createExceptions(env.t.db, { checkId: 'privileged-container', clusterId: env.clusterId, reason: 'Storage driver needs privileged mode until Q3', expiresAt: new Date(Date.now() + 30 * 86_400_000) }, { actor, ip: null });
  const admin = await env.t.db.user.findUniqueOrThrow({ where: { email: 'admin@example.com' } });
  await approveExceptions(env.t.db, requested.exceptions.map((e) => e.id), undefined, { actor: { id: admin.id, email: admin.email, name: admin.name, role: 'admin' } });
  await env.t.db.controlAttestation.create({ data: { framework: 'cis-1.10', controlId: '3.2.2', clusterId: env.clusterId, note: 'Audit policy reviewed in ticket SEC-42', expiresAt: new Date(Date.now() + 60 * 86_400_000), createdByEmail: 'analyst@example.com' } });
}, 120_000);
afterAll(async () => env?.restore(), 60_000);

describe('evidence pack', () => {
  it('the JSON bundle carries scope, versions, controls, reasons, exceptions, attestations and history, sealed and audited', async () => {
    expect((await call(env, evidenceRoute.GET, 'viewer', 'GET', `/api/compliance/evidence?cluster=${env.clusterId}`)).status).toBe(403);
    const r = await call(env, evidenceRoute.GET, 'analyst', 'GET', `/api/compliance/evidence?framework=cis-1.10&cluster=${env.clusterId}&range=30d`);
    expect(r.status, r.text).toBe(200);
    bundle = r.json;
    expect(r.headers.get('x-rampart-evidence-digest')).toBe(bundle.digest.value);
    expect(bundle.digest.value).toMatch(/^[0-9a-f]{64}$/);
    expect(bundle).toMatchObject({ kind: 'rampart-evidence-pack', framework: { id: 'cis-1.10' }, scope: { type: 'cluster', clusterIds: [env.clusterId] }, generatedBy: 'analyst@example.com' });
    expect(bundle.clusters).toEqual([expect.objectContaining({ name: 'prod-eu', kubernetesVersion: 'v1.31.2' })]);
    const c522 = bundle.controls.find((c: { id: string }) => c.id === '5.2.2');
    // The one failing result is covered by the exception: excepted, on 2 resources evaluated.
    expect(c522).toMatchObject({ status: 'excepted', resourcesEvaluated: 2, checks: [{ checkId: 'privileged-container', passed: 1, failed: 0, excepted: 1, resourcesEvaluated: 2 }] });
    expect(bundle.notAssessed).toEqual(expect.arrayContaining([expect.objectContaining({ id: '1.1.1', reason: 'node-access' }), expect.objectContaining({ id: '1.2.3', reason: 'coverage-gap' })]));
    expect(bundle.exceptions).toEqual([expect.objectContaining({ checkId: 'privileged-container', controls: ['5.2.2'], reason: 'Storage driver needs privileged mode until Q3', requestedBy: 'analyst@example.com', status: 'active', approvedBy: 'admin@example.com' })]);
    expect(bundle.exceptions[0].expiresAt).toBeTruthy();
    expect(bundle.attestations).toEqual([expect.objectContaining({ controlId: '3.2.2', note: 'Audit policy reviewed in ticket SEC-42' })]);
    expect(bundle.scoreHistory.filter((p: { cause: string }) => p.cause === 'scan')).toHaveLength(2);
    expect(bundle.complianceHistory).toHaveLength(2);
    expect(await env.t.db.auditEvent.count({ where: { action: 'evidence.generated', actorEmail: 'analyst@example.com' } })).toBe(1);
  });

  it('rampart verify-evidence accepts the bundle and rejects a tampered copy', async () => {
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(bundle, null, 2));
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
    expect(runVerifyEvidence(good, io)).toBe(0);
    expect(out).toContain(`SHA-256 ${bundle.digest.value} matches`);

    const tampered = structuredClone(bundle);
    tampered.exceptions[0].expiresAt = '2099-01-01T00:00:00.000Z';
    const bad = path.join(dir, 'tampered.json');
    writeFileSync(bad, JSON.stringify(tampered));
    expect(runVerifyEvidence(bad, io)).toBe(1);
    expect(err).toContain('the bundle was changed after it was generated');

    // The real CLI, as an auditor runs it.
    const run = promisify(execFile);
    const ok = await run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), 'verify-evidence', good], { cwd: ROOT });
    expect(ok.stdout).toContain('OK:');
    await expect(run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), 'verify-evidence', bad], { cwd: ROOT })).rejects.toMatchObject({ code: 1 });
  }, 120_000);

  it('renders the PDF from a submitted bundle whose digest holds, and refuses a tampered one', async () => {
    const tampered = { ...bundle, generatedBy: 'someone-else@example.com' };
    const refused = await call(env, evidenceRoute.POST, 'analyst', 'POST', '/api/compliance/evidence', {}, tampered);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain('digest does not match');
    const pdf = await call(env, evidenceRoute.POST, 'analyst', 'POST', '/api/compliance/evidence', {}, bundle);
    expect(pdf.status, pdf.text.slice(0, 200)).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-rampart-evidence-digest')).toBe(bundle.digest.value);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    writeFileSync(path.join(dir, 'evidence.pdf'), pdf.buf);
    console.log(`evidence PDF: ${path.join(dir, 'evidence.pdf')}`);
  }, 180_000);
});
