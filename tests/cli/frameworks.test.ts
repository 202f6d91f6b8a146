/**
 * `rampart scan --framework`: the additive `frameworks` block of the JSON (every CIS v1.10 control
 * with a status and the percentage computed from the block's own counts) and the per-control table
 * of the text output; without the flag the JSON has no block.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan, type ScanCommandOptions } from '@/bin/commands/scan';
import { getFramework } from '@/lib/frameworks';
import type { ScanJson } from '@/lib/reports/scan-json';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

async function scan(opts: Partial<ScanCommandOptions>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runScan({ format: 'table', manifests: DEMO, ...opts }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: false });
  return { code, stdout, stderr };
}

describe('rampart scan --framework', () => {
  it('adds a frameworks block to the JSON with every CIS control, its status and the percentage', async () => {
    const { stdout } = await scan({ format: 'json', framework: ['cis-1.10'] });
    const json = JSON.parse(stdout) as ScanJson;
    expect(json.schemaVersion).toBe(1);
    expect(json.findings.length).toBeGreaterThan(0);
    const block = json.frameworks!['cis-1.10']!;
    expect(block.controls.map((c) => c.id)).toEqual(getFramework('cis-1.10').controls.map((c) => c.id));
    const byId = new Map(block.controls.map((c) => [c.id, c]));
    // The demo estate runs a privileged container: 5.2.2 fails; file permissions need node access.
    expect(byId.get('5.2.2')).toMatchObject({ status: 'failed' });
    expect(byId.get('1.1.1')).toMatchObject({ status: 'not-assessed', reason: 'node-access' });
    expect(byId.get('3.2.2')).toMatchObject({ status: 'manual' });
    const s = block.summary;
    const count = (st: string) => block.controls.filter((c) => c.status === st).length;
    expect(s).toMatchObject({ passed: count('passed'), failed: count('failed'), excepted: 0, assessed: count('passed') + count('failed') });
    expect(s.percent).toBe(Math.floor((100 * s.passed) / s.assessed));
    // A failed control's counts are its checks' failing results among the findings.
    const failing = json.findings.filter((f) => byId.get('5.2.2')!.checks.some((c) => c.checkId === f.checkId)).length;
    expect(byId.get('5.2.2')!.counts.failed).toBe(failing);
  });

  it('prints a per-control table after the findings, and leaves the JSON unchanged without the flag', async () => {
    const text = await scan({ framework: ['cis-1.10', 'pss'] });
    expect(text.stdout).toMatch(/CIS Kubernetes Benchmark v1\.10 \(cis-1\.10\): \d+% compliant/);
    expect(text.stdout).toMatch(/\n {2}5\.2\.2 +FAIL +\d+\/\d+ +Privileged containers are not admitted/);
    expect(text.stdout).toMatch(/\n {2}1\.1\.1 +NOT ASSESSED \(node-access\)/);
    expect(text.stdout).toContain('Pod Security Standards (pss)');
    const plain = JSON.parse((await scan({ format: 'json' })).stdout) as ScanJson;
    expect(plain.frameworks).toBeUndefined();
  });
});
