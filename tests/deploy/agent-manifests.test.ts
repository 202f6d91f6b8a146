/**
 * deploy/agent (rampart agent inside a private cluster), rendered with `kubectl kustomize` and
 * scanned by Rampart's own scanner: grade A with no critical or high finding; the agent's
 * ClusterRole grants exactly what the in-cluster scanner role grants (read-only lists); the pod is
 * hardened and reads its enrolment token from a Secret file, never an environment variable.
 * kubectl: RAMPART_TEST_KUBECTL; without it the test skips locally and fails under CI.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runScan } from '@/bin/commands/scan';
import { getConfig } from '@/lib/config';

const ROOT = path.resolve(import.meta.dirname, '../..');
const config = getConfig();
const inCI = config.CI !== undefined && config.CI !== 'false' && config.CI !== '0';
const run = promisify(execFile);
const haveKubectl = await run(config.RAMPART_TEST_KUBECTL, ['version', '--client'], { timeout: 20_000 }).then(
  () => true,
  () => false,
);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rampart-agent-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Doc = { kind: string; metadata: { name: string }; rules?: unknown; spec?: { template: { spec: Record<string, unknown> & { containers: Array<Record<string, unknown>> } } } };

describe.skipIf(!haveKubectl && !inCI)('deploy/agent', () => {
  it('grades A with no critical or high finding, and grants the scanner role\'s read-only rules only', async () => {
    const { stdout: yaml } = await run(config.RAMPART_TEST_KUBECTL, ['kustomize', path.join(ROOT, 'deploy/agent')], { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
    const file = path.join(tmp, 'agent.yaml');
    writeFileSync(file, yaml);
    let out = '';
    let err = '';
    expect(await runScan({ manifests: file, format: 'json' }, { stdout: (t) => (out += t), stderr: (t) => (err += t), progress: false })).toBe(0);
    expect(err).toBe('');
    const report = JSON.parse(out) as { score: { grade: string }; findings: Array<{ severity: string; checkId: string; resource: { kind: string; name: string } }> };
    expect(report.score.grade).toBe('A');
    expect(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => `${f.checkId} ${f.resource.kind}/${f.resource.name}`)).toEqual([]);

    const docs = parseAllDocuments(yaml).map((d) => d.toJS() as Doc);
    const base = parseAllDocuments(readFileSync(path.join(ROOT, 'deploy/base/rbac.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
    expect(docs.find((d) => d.kind === 'ClusterRole')?.rules).toEqual(base.find((d) => d.kind === 'ClusterRole' && d.metadata.name === 'rampart-scanner')?.rules);
    expect(docs.map((d) => d.kind)).not.toContain('Service');

    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    const pod = deployment.spec!.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.args).toEqual(expect.arrayContaining(['agent', '--token-file']));
    expect(container.env).toBeUndefined();
    expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
  }, 120_000);
});
