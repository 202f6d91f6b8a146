/**
 * No object a cluster tenant can create stops a scan (docs/SECURITY.md). kube-sim serves the demo
 * cluster plus objects with NUL characters, lone UTF-16 surrogates, huge strings and odd Unicode in
 * names, labels, annotations, args and env values, custom resources Rampart does not know, and a
 * Rollout whose pod template is not a pod template. A real scan (runScan, real PostgreSQL) must
 * succeed, persist everything else, and name the object it could not handle as a coverage gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifestDirectory, type KubeObject } from '@/e2e/kube-sim';
import { runScan } from '@/lib/scans/run';
import type { CoverageGap } from '@/lib/k8s/snapshot';
import { DEMO_CLUSTER_DIR, queuedScan, registerSimCluster, setUpScanFixture, type ScanFixture } from './helpers';

const NUL = '\u0000';
const HUGE = 'h'.repeat(2 * 1024 * 1024);
const ODD = 'zero\u200bwidth \u202eevil\u202c 🚀 ﷽ e\u0301';

/** `{ a: { a: … } }`, `levels` deep. */
function deep(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

const crd = (group: string, kind: string, plural: string, version: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: { group, scope: 'Namespaced', names: { kind, plural, singular: kind.toLowerCase() }, versions: [{ name: version, served: true, storage: true }] },
});

function deployment(name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; args?: string[]; env?: Array<{ name: string; value: string }> }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'tenant', labels: { app: name, ...extra.labels }, annotations: extra.annotations },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:latest', args: extra.args, env: extra.env }] },
      },
    },
  };
}

const HOSTILE: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant' } },
  deployment('nul-everywhere', {
    labels: { note: `a${NUL}b` },
    annotations: { description: `before${NUL}after`, [`key${NUL}`]: 'value' },
    args: [`--flag=x${NUL}y`],
    env: [{ name: 'MODE', value: `fast${NUL}` }],
  }),
  deployment('lone-surrogates', { annotations: { broken: 'high \ud800 alone', low: '\udc00' }, env: [{ name: 'MODE', value: 'x\ud83d' }] }),
  deployment('huge-strings', { annotations: { blob: HUGE }, args: [`--config=${'c'.repeat(200_000)}`] }),
  deployment('odd-unicode', { annotations: { note: ODD }, labels: { odd: 'ünï' } }),
  // A name no API server would accept, served anyway.
  deployment(`nul${NUL}name`, {}),
  // Custom resources of a kind Rampart does not read.
  crd('example.com', 'Widget', 'widgets', 'v1'),
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: `w${NUL}`, namespace: 'tenant' }, spec: { anything: [1, { deep: NUL }] } },
  // A Rollout whose CRD preserves unknown fields: its pod template is not a pod template.
  crd('argoproj.io', 'Rollout', 'rollouts', 'v1alpha1'),
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'broken-template', namespace: 'tenant' }, spec: { template: { spec: { containers: 'not-a-list' } } } },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'broken-containers', namespace: 'tenant' }, spec: { template: { spec: { containers: ['a string', null, { name: 5, image: {} }] } } } },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'deeply-nested', namespace: 'tenant' }, spec: { strategy: deep(1_000) } },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'good', namespace: 'tenant' }, spec: { template: { metadata: { labels: { app: 'good' } }, spec: { containers: [{ name: 'app', image: 'nginx:latest' }] } } } },
];

let f: ScanFixture;
let clusterId: string;

beforeAll(async () => {
  f = await setUpScanFixture({ dir: undefined, objects: [...(await loadManifestDirectory(DEMO_CLUSTER_DIR)), ...HOSTILE] });
  clusterId = await registerSimCluster(f, 'hostile');
}, 60_000);
afterAll(() => f?.restore());

describe('a scan of a cluster with hostile objects', () => {
  it('succeeds, stores every other object’s findings, and names what it could not handle as coverage gaps', async () => {
    const scanId = await queuedScan(f, clusterId);
    await runScan(f.t.db, scanId, { collect: { retries: 1, backoffBaseMs: 20 } });
    const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
    expect(scan.error).toBeNull();
    expect(scan.status).toBe('succeeded');

    const findings = await f.t.db.finding.findMany({ where: { clusterId, resourceNamespace: 'tenant' }, include: { manifest: true } });
    const names = new Set(findings.map((x) => `${x.resourceKind}/${x.resourceName}`));
    // Every Deployment is judged, whatever text it carries; the NUL is stored as U+FFFD.
    for (const name of ['nul-everywhere', 'lone-surrogates', 'huge-strings', 'odd-unicode', 'nul\ufffdname']) expect(names).toContain(`Deployment/${name}`);
    expect(names).toContain('Rollout/good');
    // The demo cluster's own findings are all there.
    expect(await f.t.db.finding.count({ where: { clusterId, resourceNamespace: 'payments' } })).toBeGreaterThan(0);

    const nul = findings.find((x) => x.resourceName === 'nul-everywhere' && x.manifest)!;
    const body = nul.manifest!.body as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(body.metadata.labels.note).toBe('a\ufffdb');
    expect(body.metadata.annotations.description).toBe('before\ufffdafter');
    expect(body.metadata.annotations['key\ufffd']).toBe('value');
    const odd = findings.find((x) => x.resourceName === 'odd-unicode' && x.manifest)!;
    expect((odd.manifest!.body as { metadata: { annotations: Record<string, string> } }).metadata.annotations.note).toBe(ODD);

    // Nothing stored holds a NUL or a lone surrogate.
    const docs = await f.t.db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM resource_documents WHERE body::text LIKE '%\\u0000%' OR body::text ~ '[\\uD800-\\uDFFF]'`;
    expect(Number(docs[0].n)).toBe(0);

    // The Rollouts whose pod template is not one are coverage gaps naming them; the good one was judged.
    const gaps = scan.coverageGaps as unknown as CoverageGap[];
    const objectGaps = gaps.filter((g) => g.reason === 'unreadable-object');
    expect(objectGaps.map((g) => g.resource).sort()).toEqual(['Rollout tenant/broken-containers', 'Rollout tenant/broken-template', 'Rollout tenant/deeply-nested']);
    for (const g of objectGaps) expect(g.message).toMatch(/spec\.template\.spec\.containers|more than 200 levels deep/);
  }, 120_000);
});

describe('an API server error that quotes NUL characters and a credential', () => {
  it('fails the scan with a stored, masked reason (never a scan stuck in "running")', async () => {
    const password = 'Sup3rS3cretPw-9Xq2';
    f.sim.setFaults([{ match: '/api/v1/pods', action: { type: 'status', code: 500, message: `etcd\u0000 said postgres://app:${password}@db:5432/x` } }]);
    try {
      const scanId = await queuedScan(f, clusterId);
      const thrown = await runScan(f.t.db, scanId, { collect: { retries: 0, backoffBaseMs: 20 } }).then(() => new Error('the scan succeeded'), (e: unknown) => e as Error);
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown!.message).not.toContain(password); // what a worker logs
      const scan = await f.t.db.scan.findUniqueOrThrow({ where: { id: scanId } });
      expect(scan.status).toBe('failed');
      expect(scan.error).toContain('etcd\ufffd said');
      expect(scan.error).not.toContain(password);
    } finally {
      f.sim.setFaults([]);
    }
  }, 60_000);
});
