/**
 * `rampart scan` end to end: the real CLI (bin/rampart.mjs, as `npx rampart` runs it) on the
 * fixture manifests and on kube-sim over HTTPS.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from '@/e2e/kube-sim/index';
import { SECTION_IDS, SEVERITIES } from '@/lib/checks/types';
import { runScan, type ScanCommandOptions } from '@/bin/commands/scan';
import { resetConfigForTests } from '@/lib/config';
import { sectionLabel } from '@/lib/dashboard/sections';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIX = path.join(ROOT, 'fixtures/test-manifests');
const DEMO = path.join(ROOT, 'fixtures/demo-cluster');
const run = promisify(execFile);

async function rampart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

async function scanInProcess(opts: Partial<ScanCommandOptions>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runScan({ format: 'table', ...opts }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: false });
  return { code, stdout, stderr };
}

function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  // Vendored draft-04 schema → ajv 8 (draft-07): `id` is `$id`; no keyword used here differs otherwise.
  const { $schema: _drop, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: String(id), ...rest });
}

describe('rampart scan --manifests', () => {
  it('writes SARIF 2.1.0 that validates against the schema, with file + line locations', async () => {
    const { code, stdout, stderr } = await rampart(['scan', '--manifests', path.join(FIX, 'privileged'), '--format', 'sarif']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const sarif = JSON.parse(stdout);
    const validate = sarifValidator();
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator does catch a broken log.
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'severe';
    expect(validate(broken)).toBe(false);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('Rampart');
    expect(run0.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run0.tool.driver.informationUri).toMatch(/^https:\/\//);
    const rules = run0.tool.driver.rules as Array<{ id: string; properties: { 'security-severity': string; tags: string[] }; defaultConfiguration: { level: string }; help: { text: string; markdown: string } }>;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(Number(r.properties['security-severity'])).toBeGreaterThanOrEqual(0);
      expect(r.help.markdown.length).toBeGreaterThan(0);
      expect(r.properties.tags).toContain('security');
    }
    const priv = run0.results.find((r: { ruleId: string }) => r.ruleId === 'privileged-container');
    expect(priv).toBeDefined();
    expect(priv.level).toBe('error');
    expect(rules[priv.ruleIndex].id).toBe('privileged-container');
    expect(priv.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'deploy.yaml' }, region: { startLine: 6 } });
    expect(priv.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Deployment/payments/ledger');
    expect(priv.partialFingerprints['rampart/v1']).toMatch(/^[0-9a-f]{64}$/);
    for (const r of run0.results) expect(r.locations[0].physicalLocation.artifactLocation.uri).toBeTruthy();
  });

  it('--fail-on: exit 2 when a finding at or above the severity exists, else 0; 1 on bad usage', async () => {
    const crit = await rampart(['scan', '--manifests', path.join(FIX, 'privileged'), '--fail-on', 'critical', '--format', 'json']);
    expect(crit.code).toBe(2);
    expect(crit.stderr).toMatch(/at or above severity "critical"/);
    expect(JSON.parse(crit.stdout).findings.some((f: { severity: string }) => f.severity === 'critical')).toBe(true);

    // A manifest set with only a namespace and a ConfigMap: the exit code follows the findings.
    for (const level of ['critical', 'low'] as const) {
      const res = await scanInProcess({ manifests: path.join(FIX, 'empty-cluster'), format: 'json', failOn: level });
      const findings = JSON.parse(res.stdout).findings as Array<{ severity: string }>;
      const expected = findings.some((f) => SEVERITIES.indexOf(f.severity as never) <= SEVERITIES.indexOf(level)) ? 2 : 0;
      expect(res.code).toBe(expected);
    }
    const ok = await scanInProcess({ manifests: path.join(FIX, 'privileged'), format: 'json' });
    expect(ok.code).toBe(0);

    const bad = await rampart(['scan', '--manifests', path.join(FIX, 'privileged'), '--fail-on', 'urgent']);
    expect(bad.code).toBe(1);
    const none = await rampart(['scan']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/exactly one of --kubeconfig PATH, --manifests PATH or --dump FILE/);
    const missing = await scanInProcess({ manifests: path.join(FIX, 'does-not-exist') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
  });

  it('JSON output has the stable shape', async () => {
    const { code, stdout } = await scanInProcess({ manifests: path.join(FIX, 'privileged'), format: 'json' });
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.source).toEqual({ type: 'manifests', name: path.join(FIX, 'privileged') });
    expect(new Date(json.scannedAt).toISOString()).toBe(json.scannedAt);
    // schemaVersion 1 fields, plus the additive scoring v2 fields (cap, scoringVersion, uncappedScore).
    expect(Object.keys(json.score).sort()).toEqual(['cap', 'grade', 'overall', 'scoringVersion', 'sections', 'uncappedScore']);
    expect(json.score.scoringVersion).toBe(2);
    expect(Number.isInteger(json.score.overall)).toBe(true);
    expect(Object.keys(json.score.sections).sort()).toEqual([...SECTION_IDS].sort());
    for (const s of SECTION_IDS) expect(Object.keys(json.score.sections[s]).sort()).toEqual(['cap', 'failed', 'grade', 'passed', 'score', 'uncappedScore']);
    expect(json.coverage).toEqual({ gaps: [] });
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      for (const k of ['checkId', 'section', 'severity', 'title', 'resource', 'message', 'path', 'remediation']) expect(f).toHaveProperty(k);
      expect(Object.keys(f.resource).sort()).toEqual(['apiVersion', 'kind', 'name', 'namespace']);
      expect(f.remediation.steps.length).toBeGreaterThan(0);
    }
    const priv = json.findings.find((f: { checkId: string }) => f.checkId === 'privileged-container');
    expect(priv).toMatchObject({
      section: 'workloads',
      severity: 'critical',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'payments', name: 'ledger' },
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      location: { file: 'deploy.yaml', line: 6 },
    });
    expect(priv.remediation.resourcePatch).toBeDefined();
    // most severe first
    const ranks = json.findings.map((f: { severity: string }) => SEVERITIES.indexOf(f.severity as never));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('scores with v2: an open critical grades at most D, an open high at most B; a hardened set grades A', async () => {
    const RANK = 'ABCDF';
    const sets = ['test-manifests/privileged', 'test-manifests/helm', 'real-world/secrets', 'real-world/rbac', 'real-world/kubeadm-control-plane', 'real-world/cni', 'real-world/hardened'];
    for (const set of sets) {
      const json = JSON.parse((await scanInProcess({ manifests: path.join(ROOT, 'fixtures', set), format: 'json' })).stdout);
      const worst = (section?: string) => {
        const sev = new Set(json.findings.filter((f: { section: string }) => !section || f.section === section).map((f: { severity: string }) => f.severity));
        return sev.has('critical') ? 'D' : sev.has('high') ? 'B' : 'A';
      };
      for (const s of SECTION_IDS) expect(RANK.indexOf(json.score.sections[s].grade), `${set} ${s}`).toBeGreaterThanOrEqual(RANK.indexOf(worst(s)));
      expect(RANK.indexOf(json.score.grade), set).toBeGreaterThanOrEqual(RANK.indexOf(worst()));
    }
    // The hardened application: every section about its resources grades A; only the cluster-wide
    // missing image-signature policy (high) caps the overall grade at B.
    const hardened = JSON.parse((await scanInProcess({ manifests: path.join(ROOT, 'fixtures/real-world/hardened'), format: 'json' })).stdout);
    for (const s of ['cluster', 'authentication', 'authorization', 'workloads', 'secrets']) expect(hardened.score.sections[s].grade, s).toBe('A');
    expect(hardened.score.cap).toEqual({ severity: 'high', grade: 'B', findings: 1 });
    // With an enforcing signature policy added, the hardened set grades A overall.
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-hardened-'));
    for (const f of ['app.yaml']) writeFileSync(path.join(dir, f), readFileSync(path.join(ROOT, 'fixtures/real-world/hardened', f)));
    writeFileSync(
      path.join(dir, 'verify-images.yaml'),
      [
        'apiVersion: kyverno.io/v1', 'kind: ClusterPolicy', 'metadata:', '  name: verify-images', 'spec:', '  validationFailureAction: Enforce', '  rules:',
        '    - name: signed', '      match:', '        any:', '          - resources:', '              kinds: [Pod]', '      verifyImages:',
        '        - imageReferences: ["*"]', '          attestors:', '            - entries:', '                - keyless:', '                    issuer: https://token.actions.githubusercontent.com', '',
      ].join('\n'),
    );
    const signed = JSON.parse((await scanInProcess({ manifests: dir, format: 'json' })).stdout);
    expect(signed.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
    expect(signed.score).toMatchObject({ overall: 100, grade: 'A', cap: null });
  });

  it('reports malformed manifests with file:line and scans the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-cli-'));
    const out = path.join(dir, 'report.json');
    const res = await scanInProcess({ manifests: path.join(FIX, 'mixed'), format: 'json', output: out });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('warning: nested/broken.yaml:12:');
    expect(res.stderr).toContain('nested/broken.yaml:15:');
    expect(res.stderr).toMatch(/Wrote json report to/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.errors.documents.map((d: { file: string; line: number }) => `${d.file}:${d.line}`)).toEqual(['nested/broken.yaml:12', 'nested/broken.yaml:15', 'nested/broken.yaml:18']);
    // objects from the other files were scanned: the Deployment "web" appears in findings or at least evaluation ran
    expect(json.findings.some((f: { resource: { name: string } }) => ['web', 'debug', 'builder'].includes(f.resource.name))).toBe(true);
  });

  it('points a kubelet finding at the KubeletConfiguration file, not at the Node manifest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-kubelet-'));
    writeFileSync(path.join(dir, 'node.yaml'), 'apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-2\n');
    writeFileSync(path.join(dir, 'kubelet.yaml'), '# worker-2\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmetadata:\n  name: worker-2\nreadOnlyPort: 10255\n');
    const { stdout } = await scanInProcess({ manifests: dir, format: 'json' });
    const finding = JSON.parse(stdout).findings.find((f: { checkId: string }) => f.checkId === 'kubelet-read-only-port');
    expect(finding.resource).toMatchObject({ kind: 'Node', name: 'worker-2' });
    expect(finding.location).toEqual({ file: 'kubelet.yaml', line: 2 });
    expect(finding.remediation.appliesTo).toBe('kubelet-config');
    expect(finding.remediation.patch).toMatch(/^apiVersion: kubelet.config.k8s.io\/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0/);
  });

  it('table output summarises score, sections and findings', async () => {
    const { stdout } = await scanInProcess({ manifests: path.join(FIX, 'privileged') });
    expect(stdout).toMatch(/^Rampart scan of manifests /);
    expect(stdout).toMatch(/Overall score: \d+\/100 {2}grade [ABCDF]/);
    // The web UI's section names (lib/dashboard/sections.ts).
    for (const s of SECTION_IDS) expect(stdout).toContain(sectionLabel(s));
    expect(stdout).toMatch(/CRITICAL \(\d+\)/);
    expect(stdout).toMatch(/Container runs privileged \[privileged-container\] \(\d+\)/);
    expect(stdout).toMatch(/- .*Deployment payments\/ledger.*\(field spec\.template\.spec\.containers\[0\]\.securityContext\.privileged, deploy\.yaml:6\)/);
    // Plain text when not a terminal: no escape codes.
    expect(stdout).not.toContain('\u001b[');
  });

  it('table output lists every failing finding, grouped by severity and check', async () => {
    const [table, json] = await Promise.all([scanInProcess({ manifests: DEMO }), scanInProcess({ manifests: DEMO, format: 'json' })]);
    const findings = JSON.parse(json.stdout).findings as { checkId: string; severity: string; message: string }[];
    expect(findings.length).toBeGreaterThan(300);
    expect(table.stdout).not.toMatch(/and \d+ more/);
    expect(table.stdout).toContain(`Findings (${findings.length} failing)`);
    const lines = table.stdout.split('\n');
    for (const f of findings) expect(lines.some((l) => l.startsWith('    - ') && l.includes(f.message))).toBe(true);
    for (const sev of ['critical', 'high', 'medium', 'low']) {
      const n = findings.filter((f) => f.severity === sev).length;
      if (n) expect(table.stdout).toContain(`${sev.toUpperCase()} (${n})`);
    }
  });

  it('colours the table on a terminal, and not with --color never or NO_COLOR', async () => {
    const io = (tty: boolean) => {
      const out = { stdout: '' };
      return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: () => undefined, progress: false, tty } };
    };
    const tty = io(true);
    await runScan({ manifests: path.join(FIX, 'privileged'), format: 'table' }, tty.io);
    expect(tty.out.stdout).toContain('\u001b[1;31mCRITICAL');
    const never = io(true);
    await runScan({ manifests: path.join(FIX, 'privileged'), format: 'table', color: 'never' }, never.io);
    expect(never.out.stdout).not.toContain('\u001b[');
    expect(never.out.stdout).toContain('CRITICAL');
    const always = io(false);
    await runScan({ manifests: path.join(FIX, 'privileged'), format: 'table', color: 'always' }, always.io);
    expect(always.out.stdout).toContain('\u001b[');
    process.env.NO_COLOR = '1';
    resetConfigForTests();
    try {
      const noColor = io(true);
      await runScan({ manifests: path.join(FIX, 'privileged'), format: 'table' }, noColor.io);
      expect(noColor.out.stdout).not.toContain('\u001b[');
    } finally {
      delete process.env.NO_COLOR;
      resetConfigForTests();
    }
  });

  it('prints its version', async () => {
    const { code, stdout } = await rampart(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('reads a kubectl dump', async () => {
    const { code, stdout } = await scanInProcess({ dump: path.join(FIX, 'dump/cluster.json'), format: 'json' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).source.type).toBe('dump');
  });
});

describe('rampart scan --kubeconfig (kube-sim)', () => {
  let sim: KubeSim;
  let dir: string;
  beforeAll(async () => {
    sim = await startKubeSim({ dir: path.join(FIX, 'privileged') });
    dir = mkdtempSync(path.join(tmpdir(), 'rampart-kc-'));
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('scans a live cluster; forbidden kinds are listed as coverage gaps', async () => {
    const kc = await sim.writeRestrictedKubeconfig(path.join(dir, 'restricted.yaml'));
    const res = await rampart(['scan', '--kubeconfig', kc, '--format', 'json']);
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.source).toEqual({ type: 'cluster', name: 'demo-restricted' });
    expect(json.serverVersion).toBe('v1.30.4');
    expect(json.coverage.gaps.map((g: { resource: string }) => g.resource)).toEqual(expect.arrayContaining(['secrets', 'roles', 'clusterrolebindings']));
    expect(json.findings.some((f: { checkId: string; resource: { name: string } }) => f.checkId === 'privileged-container' && f.resource.name === 'ledger')).toBe(true);
    const table = await rampart(['scan', '--kubeconfig', kc]);
    expect(table.stdout).toMatch(/Coverage gaps \(\d+\): these were not assessed/);
  });

  it('SARIF of a cluster scan validates and uses pseudo-paths as locations', async () => {
    const kc = await sim.writeKubeconfig(path.join(dir, 'admin.yaml'));
    const res = await scanInProcess({ kubeconfig: kc, format: 'sarif' });
    expect(res.code).toBe(0);
    const sarif = JSON.parse(res.stdout);
    const validate = sarifValidator();
    expect(validate(sarif)).toBe(true);
    const priv = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'privileged-container');
    expect(priv.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'k8s/Deployment/payments/ledger' }, region: { startLine: 1 } });
  });

  it('fails with exit 1 and a clear message on rejected credentials or an unknown context', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, sim.kubeconfigFor({ token: 'wrong-token' }));
    const res = await rampart(['scan', '--kubeconfig', bad]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/cluster scan failed \(unauthorized\)/);
    const ctx = await rampart(['scan', '--kubeconfig', bad, '--context', 'nope']);
    expect(ctx.code).toBe(1);
    expect(ctx.stderr).toMatch(/context "nope" is not in/);
  });
});
