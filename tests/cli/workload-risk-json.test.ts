/**
 * `rampart scan --format json` carries the workload ranking (additive `workloadRisk`, docs/RISK.md):
 * sorted by score, each factor a reason with points, and the demo estate's full attack path.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '@/bin/commands/scan';
import type { ScanJson } from '@/lib/reports/scan-json';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

async function scanJson(): Promise<ScanJson> {
  let stdout = '';
  const code = await runScan({ format: 'json', manifests: DEMO }, { stdout: (t) => (stdout += t), stderr: () => {}, progress: false });
  expect([0, 1, 2]).toContain(code);
  return JSON.parse(stdout) as ScanJson;
}

describe('rampart scan --format json: workloadRisk', () => {
  it('ranks workloads by score with their factors, and keeps the earlier fields', async () => {
    const json = await scanJson();
    expect(json.schemaVersion).toBe(1);
    expect(json.findings.length).toBeGreaterThan(0);
    const ranking = json.workloadRisk;
    expect(ranking.length).toBeGreaterThan(5);
    expect(ranking.map((r) => r.score)).toEqual([...ranking.map((r) => r.score)].sort((a, b) => b - a));
    for (const r of ranking) {
      expect(Object.keys(r.resource).sort()).toEqual(['apiVersion', 'kind', 'name', 'namespace']);
      expect(r.score).toBe(Math.min(100, r.factors.reduce((s, f) => s + f.points, 0)));
      for (const f of r.factors) for (const link of f.findings) expect(json.findings.some((x) => x.fingerprint === link.fingerprint), `${f.id} → ${link.checkId}`).toBe(true);
    }
  });

  it('draws the demo estate\'s path: internet → dashboard LoadBalancer → CVE → cluster-admin token, cut at the binding', async () => {
    const json = await scanJson();
    const dashboard = json.workloadRisk.find((r) => r.resource.kind === 'Deployment' && r.resource.name === 'kubernetes-dashboard');
    expect(dashboard?.path?.target).toBe('cluster-admin');
    expect(dashboard?.path?.hops.map((h) => h.kind)).toEqual(['internet', 'entry', 'container', 'service-account', 'target']);
    const cut = dashboard!.path!.cut;
    expect(cut.finding?.checkId).toBe('rbac-cluster-admin-binding');
    expect(json.findings.some((f) => f.fingerprint === cut.finding?.fingerprint)).toBe(true);
  });
});
