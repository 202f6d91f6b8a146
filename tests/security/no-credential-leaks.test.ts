/**
 * No credential leaves the cluster (docs/SECURITY.md). kube-sim serves the demo cluster plus
 * workloads with known fake credentials in every place a manifest can hold one: literal env values,
 * args, command scripts, URLs with a password, probe headers, annotations (and the
 * last-applied-configuration copy), init containers, ephemeral containers and a CronJob's job
 * template. A real scan (runScan, real PostgreSQL) must succeed, and no fake value may appear in:
 * a pg_dump of the database, the logs written during the scan, any API response (findings list,
 * scan, CSV / JSON / SARIF exports), the finding pages' data and rendered YAML, the PDF report's
 * text, or `rampart scan` output (table, JSON, SARIF).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifestDirectory, type KubeObject } from '@/e2e/kube-sim';
import * as exportsRoute from '@/app/api/exports/findings/route';
import * as findingsRoute from '@/app/api/findings/route';
import * as scanRoute from '@/app/api/scans/[id]/route';
import { runScan as runScanCommand } from '@/bin/commands/scan';
import { createApiToken } from '@/lib/auth/api-tokens';
import { useAuthDatabaseForTests } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config';
import { getFindingDetail } from '@/lib/dashboard/finding-detail';
import { patchDiff, yamlWithHighlight } from '@/lib/dashboard/yaml-view';
import { closeDb } from '@/lib/db/client';
import { dumpDatabaseAsText } from '@/lib/db/test-utils';
import { reportParamsSchema } from '@/lib/reports/params';
import { renderReportPdf } from '@/lib/reports/pdf/render';
import { buildReportViewModel } from '@/lib/reports/view-model';
import { runScan } from '@/lib/scans/run';
import { DEMO_CLUSTER_DIR, queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from '../scans/helpers';

/** Fake credentials, each distinctive enough that finding it anywhere is a leak. */
const FAKE = {
  envToken: 'tok_live_9Qx7Lm2Vb8Kp4Zr1',
  envPlain: 'plainvalue-Hq5Wd8Jx',
  argPassword: 'argPw-7Tg2Nc9Rk4Ys',
  argToken: 'argTok-3Fm8Vq1Lx6Bz',
  dbPass: 'dbPass-5Kw2Hp7Qn9Jd',
  urlPassword: 'urlPw-8Rt3Gx6Mv1Cs',
  scriptPassword: 'scriptPw-2Yb7Dk4Wq9',
  github: 'ghp_' + 'Zk4Lm8Qx2Vb7Np3Rt6Wy9Hc1Js5Fd0Ga',
  aws: 'AKIA' + 'ZX7Q2LM9VB4KP8RT',
  annotationPassword: 'annPw-6Nj1Vc8Xz3Lq',
  header: 'hdrTok-4Pe9Ws2Ku7Ma',
  initEnv: 'initSecret-1Qa8Zs3Xc',
  initArg: 'initArgPw-7Ed2Rf5Tg',
  ephemeralEnv: 'debugSecret-9Yh4Uj6Ik',
  ephemeralArg: 'debugArgPw-3Ol8Pk1Mn',
  cronEnv: 'cronSecret-5Bv2Nc7Mx',
  cronArg: 'cronArgPw-8Lk3Jh6Gf',
  cronScript: 'cronScriptPw-4Ds9Aq',
  pemBody: 'MIIEpQIBAAKCAQEA3Xk9Lm2Qv7Rb4Np8Ws1Zt6Yc0Hj5Fd3Gk9Lm2Qv7Rb4Np8Ws1Z',
  // What Trivy Operator's ExposedSecretReport quotes of a secret it found in an image.
  trivyMatch: 'trivySecret-6Gh2Vk9Qz4Wb',
  trivyCode: 'trivyCodeLine-8Mn3Xc5Rt',
  trivyAuditMessage: 'auditMsgPw-2Kj7Lp4Sd',
};
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${FAKE.pemBody}\n${'Qv7Rb4Np8Ws1Zt6Yc0Hj5Fd3Gk9Lm2Qv7Rb4Np8Ws1Zt6Yc0Hj5Fd3Gk9Lm2Qv7Rb4Np\n'.repeat(4)}-----END RSA PRIVATE KEY-----\n`;

const insecure = { privileged: true, runAsUser: 0 };

const trivyCrd = (kind: string, plural: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.aquasecurity.github.io` },
  spec: {
    group: 'aquasecurity.github.io',
    scope: 'Namespaced',
    names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
    versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});
const trivyLabels = (kind: string, name: string, container?: string) => ({
  'trivy-operator.resource.kind': kind,
  'trivy-operator.resource.name': name,
  'trivy-operator.resource.namespace': 'leaky',
  ...(container ? { 'trivy-operator.container.name': container } : {}),
});

const LEAKY: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'leaky' } },
  trivyCrd('ExposedSecretReport', 'exposedsecretreports'),
  trivyCrd('ConfigAuditReport', 'configauditreports'),
  {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'ExposedSecretReport',
    metadata: { name: 'deployment-leaky-api-api', namespace: 'leaky', labels: trivyLabels('Deployment', 'leaky-api', 'api') },
    report: {
      artifact: { repository: 'library/api', tag: 'latest' },
      registry: { server: 'index.docker.io' },
      scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.0' },
      summary: { criticalCount: 1, highCount: 0, mediumCount: 0, lowCount: 0 },
      updateTimestamp: '2026-12-01T10:00:00Z',
      secrets: [
        {
          target: '/app/.env',
          ruleID: 'generic-api-key',
          category: 'Generic',
          severity: 'CRITICAL',
          title: 'Generic API Key',
          match: `API_KEY=${FAKE.trivyMatch}`,
          code: { lines: [{ number: 3, content: `export API_KEY=${FAKE.trivyCode}`, isCause: true }] },
        },
      ],
    },
  },
  {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'ConfigAuditReport',
    metadata: { name: 'deployment-leaky-api', namespace: 'leaky', labels: trivyLabels('Deployment', 'leaky-api') },
    report: {
      scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.0' },
      summary: { criticalCount: 0, highCount: 1, mediumCount: 0, lowCount: 0 },
      checks: [
        { checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', category: 'Kubernetes Security Check', success: false, messages: [`Container 'api' sets --password=${FAKE.trivyAuditMessage}`] },
        { checkID: 'KSV001', title: 'Process can elevate its own privileges', severity: 'MEDIUM', success: true },
      ],
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'leaky-api',
      namespace: 'leaky',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ env: FAKE.envToken, args: FAKE.argPassword }),
        'example.com/db-password': FAKE.annotationPassword,
        'example.com/deploy-key': PEM,
        'example.com/aws': `uses ${FAKE.aws}`,
      },
    },
    spec: {
      selector: { matchLabels: { app: 'leaky-api' } },
      template: {
        metadata: { labels: { app: 'leaky-api' } },
        spec: {
          initContainers: [{ name: 'migrate', image: 'migrate:latest', args: [`--password=${FAKE.initArg}`], env: [{ name: 'DB_SECRET', value: FAKE.initEnv }], securityContext: insecure }],
          containers: [
            {
              name: 'api',
              image: 'api:latest',
              command: ['sh', '-c', `export DB_PASSWORD=${FAKE.scriptPassword}; exec api --github-token ${FAKE.github}`],
              args: [`--password=${FAKE.argPassword}`, '--token', FAKE.argToken, `--db-pass=${FAKE.dbPass}`, `--dsn=postgres://app:${FAKE.urlPassword}@db:5432/app`],
              env: [
                { name: 'API_TOKEN', value: FAKE.envToken },
                { name: 'MODE', value: FAKE.envPlain },
              ],
              livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Authorization', value: `Bearer ${FAKE.header}` }] } },
              securityContext: insecure,
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'leaky-debug', namespace: 'leaky' },
    spec: {
      containers: [{ name: 'app', image: 'app:latest', securityContext: insecure }],
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:latest', args: [`--password=${FAKE.ephemeralArg}`], env: [{ name: 'DEBUG_TOKEN', value: FAKE.ephemeralEnv }], securityContext: insecure }],
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'leaky-nightly', namespace: 'leaky' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'backup',
                  image: 'backup:latest',
                  command: ['/bin/sh', '-c', `PGPASSWORD=${FAKE.cronScript} pg_dump app`],
                  args: ['--api-key', FAKE.cronArg],
                  env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: FAKE.cronEnv }],
                  securityContext: insecure,
                },
              ],
            },
          },
        },
      },
    },
  },
];

function leaksIn(text: string): string[] {
  return Object.entries(FAKE)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

let f: ScanFixture;
let clusterId: string;
let scanId: string;
const tokens = { viewer: '', analyst: '' };
let logs = '';
const saved = { ...process.env };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rampart-leaks-'));

/** Everything written to stdout, stderr and the console while `fn` runs. */
async function capturingLogs<T>(fn: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const consoleSaved = methods.map((m) => console[m]);
  const sink = (chunk: unknown) => {
    logs += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  process.stdout.write = sink as typeof process.stdout.write;
  process.stderr.write = sink as typeof process.stderr.write;
  for (const m of methods) console[m] = (...args: unknown[]) => void sink(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  try {
    return await fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((m, i) => (console[m] = consoleSaved[i]!));
  }
}

async function get(handler: { GET: unknown }, url: string, params: Record<string, string> = {}, role: keyof typeof tokens = 'viewer'): Promise<{ status: number; text: string }> {
  const req = new NextRequest(`http://localhost:3000${url}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
  const res = await (handler.GET as (r: NextRequest, c: { params: Promise<Record<string, string>> }) => Promise<Response>)(req, { params: Promise.resolve(params) });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  f = await setUpScanFixture({ dir: undefined, objects: [...(await loadManifestDirectory(DEMO_CLUSTER_DIR)), ...LEAKY] });
  process.env.DATABASE_URL = f.t.url;
  process.env.RAMPART_DATA_DIR = tmp;
  resetConfigForTests();
  useAuthDatabaseForTests(f.t.db);
  for (const role of ['viewer', 'analyst'] as const) {
    const u = await f.t.db.user.create({ data: { name: role, email: `${role}@example.com`, role } });
    tokens[role] = (await createApiToken(f.t.db, { id: u.id, email: u.email, name: u.name, role }, { name: 'test' })).token;
  }
  clusterId = await registerSimCluster(f, 'leaky');
  scanId = await queuedScan(f, clusterId);
  await capturingLogs(() => runScan(f.t.db, scanId, { collect: { retries: 1, backoffBaseMs: 20 } }));
}, 180_000);

afterAll(async () => {
  useAuthDatabaseForTests(undefined);
  await closeDb();
  await f?.restore();
  process.env = saved;
  resetConfigForTests();
  rmSync(tmp, { recursive: true, force: true });
});

describe('fake credentials in a scanned cluster', () => {
  it('are found: the scan succeeded and reported the workloads that hold them', async () => {
    expect(await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId }, select: { status: true } })).toEqual({ status: 'succeeded' });
    const leaky = await f.t.db.finding.findMany({ where: { clusterId, resourceNamespace: 'leaky' }, select: { resourceKind: true, resourceName: true, checkId: true, manifestHash: true } });
    const resources = new Set(leaky.map((x) => `${x.resourceKind}/${x.resourceName}`));
    for (const r of ['Deployment/leaky-api', 'Pod/leaky-debug', 'CronJob/leaky-nightly']) expect(resources).toContain(r);
    expect(leaky.filter((x) => x.checkId === 'hardcoded-secret-in-env').length).toBeGreaterThanOrEqual(3);
    expect(leaky.filter((x) => x.resourceName.startsWith('leaky-')).every((x) => x.manifestHash)).toBe(true);
  });

  it('Trivy reports are read: the secret rule, its target and the failed config check are stored, not the matched text', async () => {
    const artifact = await f.t.db.scanArtifact.findFirstOrThrow({ where: { scanId, kind: 'vulnerabilities' } });
    const inventory = artifact.data as { images: Array<{ image: string; secrets?: unknown[] }>; configAudit?: unknown[] };
    expect(inventory.images.find((i) => i.image === 'docker.io/library/api:latest')?.secrets).toEqual([
      { ruleId: 'generic-api-key', title: 'Generic API Key', severity: 'critical', target: '/app/.env', category: 'Generic' },
    ]);
    expect(inventory.configAudit).toEqual([
      { resource: { kind: 'Deployment', namespace: 'leaky', name: 'leaky-api' }, failed: [{ checkId: 'KSV017', title: 'Privileged container', severity: 'high', category: 'Kubernetes Security Check' }] },
    ]);
  });

  it('never appear in a dump of the database', async () => {
    const dump = await dumpDatabaseAsText(f.t.url);
    expect(dump).toContain('leaky-api'); // the dump does hold the scan
    expect(dump).toContain('●●●●'); // and the masks standing in for the values
    expect(leaksIn(dump)).toEqual([]);
  });

  it('never appear in the logs written during the scan', () => {
    expect(leaksIn(logs)).toEqual([]);
  });

  it('never appear in the finding pages’ data or their rendered manifest and patch diff', async () => {
    const ids = await f.t.db.finding.findMany({ where: { clusterId, resourceNamespace: 'leaky' }, select: { id: true } });
    for (const { id } of ids) {
      const detail = (await getFindingDetail(f.t.db, id))!;
      const view = detail.manifest ? yamlWithHighlight(detail.manifest, detail.path) : null;
      const diff = patchDiff(detail.manifest, detail.patch);
      expect(leaksIn(JSON.stringify({ detail, view, diff })), detail.checkId).toEqual([]);
    }
    // The highlighted field keeps its shape: the value is replaced by what it was.
    const env = await f.t.db.finding.findFirstOrThrow({ where: { clusterId, resourceName: 'leaky-api', checkId: 'hardcoded-secret-in-env', detail: 'api' } });
    const view = yamlWithHighlight((await getFindingDetail(f.t.db, env.id))!.manifest, env.path);
    expect(view.exact).toBe(true);
    expect(view.lines.slice(view.highlight!.from - 1, view.highlight!.to).join('\n')).toContain(`value: ●●●● (${FAKE.envToken.length} chars, literal)`);
  });

  it('never appear in an API response: findings list, scan, CSV / JSON / SARIF exports', async () => {
    const responses = [
      await get(findingsRoute, `/api/findings?cluster=${clusterId}&limit=200`),
      await get(findingsRoute, `/api/findings?q=leaky&limit=200`),
      await get(scanRoute, `/api/scans/${scanId}`, { id: scanId }),
      ...(await Promise.all(['csv', 'json', 'sarif'].map((format) => get(exportsRoute, `/api/exports/findings?format=${format}&q=leaky`, {}, 'analyst')))),
    ];
    for (const r of responses) expect(r.status).toBe(200);
    expect(responses.slice(3).every((r) => r.text.includes('leaky-api'))).toBe(true);
    for (const r of responses) expect(leaksIn(r.text)).toEqual([]);
  });

  it('never appear in the PDF report', async () => {
    const vm = await buildReportViewModel(f.t.db, reportParamsSchema.parse({ clusters: [clusterId], days: 30 }), { generatedBy: 'Viewer' });
    const file = path.join(tmp, 'report.pdf');
    writeFileSync(file, await renderReportPdf(vm));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(text).toContain('leaky-api');
    expect(leaksIn(text)).toEqual([]);
  }, 120_000);

  it('never appear in `rampart scan` output (table, JSON, SARIF)', async () => {
    const kubeconfig = path.join(tmp, 'kubeconfig');
    await f.sim.writeKubeconfig(kubeconfig);
    for (const format of ['table', 'json', 'sarif'] as const) {
      let out = '';
      await runScanCommand({ kubeconfig, format, color: 'never' }, { stdout: (t) => (out += t), stderr: (t) => (out += t), progress: false });
      expect(out).toContain('leaky-api');
      expect(leaksIn(out), format).toEqual([]);
    }
  }, 120_000);
});
