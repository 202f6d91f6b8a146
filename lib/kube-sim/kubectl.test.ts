/**
 * kube-sim seen through a real kubectl (Debian's kubernetes-client 1.20 in CI; any newer one works).
 * Without kubectl these tests skip locally and fail under CI (install: apt-get install -y kubernetes-client).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '@/lib/config';
import { startKubeSim, type KubeSim } from './server';

const run = promisify(execFile);
const config = getConfig();
const KUBECTL = config.RAMPART_TEST_KUBECTL;
const inCI = config.CI !== undefined && config.CI !== 'false' && config.CI !== '0';
const DEMO_DIR = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

async function kubectlVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run(KUBECTL, ['version', '--client'], { timeout: 20_000 });
    return stdout.trim().split('\n')[0];
  } catch {
    return undefined;
  }
}

const version = await kubectlVersion();
if (!version && !inCI) {
  console.warn(`kube-sim kubectl tests skipped: "${KUBECTL}" not found (apt-get install -y kubernetes-client, or set RAMPART_TEST_KUBECTL)`);
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!version && !inCI)('kube-sim with kubectl', () => {
  let sim: KubeSim;
  let work: string;
  let admin: string;
  let restricted: string;

  beforeAll(async () => {
    if (!version) throw new Error(`kubectl is required in CI but "${KUBECTL}" was not found: apt-get install -y kubernetes-client`);
    sim = await startKubeSim({ dir: DEMO_DIR });
    work = await mkdtemp(path.join(tmpdir(), 'kube-sim-kubectl-'));
    admin = await sim.writeKubeconfig(path.join(work, 'admin.kubeconfig'));
    restricted = await sim.writeRestrictedKubeconfig(path.join(work, 'restricted.kubeconfig'));
  });

  afterAll(async () => {
    await sim?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function kubectl(kubeconfig: string, ...args: string[]): Promise<RunResult> {
    try {
      const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(work, 'cache'), ...args], {
        timeout: 30_000,
        maxBuffer: 32 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  function countOf(plural: string, group = ''): number {
    const type = sim.store.registry.types.find((t) => t.plural === plural && t.group === group);
    if (!type) throw new Error(`no type ${plural}`);
    return sim.store.count(type);
  }

  it(`lists every pod as JSON (${version ?? 'kubectl missing'})`, async () => {
    const res = await kubectl(admin, 'get', 'pods', '-A', '-o', 'json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout) as { kind: string; items: Array<{ kind: string; metadata: { namespace: string; name: string } }> };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(countOf('pods'));
    expect(list.items[0].kind).toBe('Pod');
    expect(list.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toContain('kube-system/kube-apiserver-cp-1');
  });

  it('lists deployments of one namespace', async () => {
    const res = await kubectl(admin, 'get', 'deployments', '-n', 'shop-frontend', '-o', 'json');
    expect(res.code).toBe(0);
    const names = (JSON.parse(res.stdout) as { items: Array<{ metadata: { name: string } }> }).items.map((d) => d.metadata.name);
    expect(names).toEqual(['cart', 'checkout-api', 'web']);
    const table = await kubectl(admin, 'get', 'deployments', '-n', 'shop-frontend');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(table.stdout).toMatch(/\nweb\s+2\/2\s+2\s+2\s+\d+d/);
  });

  it('follows continue tokens with --chunk-size', async () => {
    sim.clearRequestLog();
    const res = await kubectl(admin, 'get', 'pods', '-A', '--chunk-size=2', '-o', 'name');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(countOf('pods'));
    expect(new Set(lines).size).toBe(lines.length);
    const podLists = sim.requestLog.filter((r) => r.path === '/api/v1/pods');
    expect(podLists.length).toBe(Math.ceil(countOf('pods') / 2));
    expect(podLists.every((r) => r.query.limit === '2')).toBe(true);
    expect(podLists.filter((r) => r.query.continue).length).toBe(podLists.length - 1);
  });

  it('lists secrets across namespaces as a table', async () => {
    const res = await kubectl(admin, 'get', 'secrets', '-A');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+DATA\s+AGE/);
    expect(res.stdout).toMatch(/\nci\s+deployer-token\s+kubernetes\.io\/service-account-token\s+3\s/);
    expect(res.stdout.trim().split('\n')).toHaveLength(countOf('secrets') + 1);
  });

  it('lists custom resources of the Trivy CRD and reads kubelet configz', async () => {
    const res = await kubectl(admin, 'get', 'vulnerabilityreports', '-A', '-o', 'json');
    expect(res.code).toBe(0);
    const items = (JSON.parse(res.stdout) as { items: Array<{ report: { summary: { criticalCount: number } } }> }).items;
    expect(items.length).toBe(countOf('vulnerabilityreports', 'aquasecurity.github.io'));
    const raw = await kubectl(admin, 'get', '--raw', '/api/v1/nodes/worker-2/proxy/configz');
    expect(raw.code).toBe(0);
    expect(JSON.parse(raw.stdout)).toMatchObject({ kubeletconfig: { readOnlyPort: 10255, authentication: { anonymous: { enabled: true } } } });
  });

  it('shows the Forbidden error for a restricted token', async () => {
    const res = await kubectl(restricted, 'get', 'secrets', '-A');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:rampart:restricted-scanner" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    const canI = await kubectl(restricted, 'auth', 'can-i', 'list', 'secrets', '-A');
    expect(canI.stdout.trim()).toBe('no');
    expect((await kubectl(admin, 'auth', 'can-i', 'list', 'secrets', '-A')).stdout.trim()).toBe('yes');
    const pods = await kubectl(restricted, 'get', 'pods', '-n', 'payments', '-o', 'name');
    expect(pods.code).toBe(0);
    expect(pods.stdout).toContain('pod/hsm-tool');
  });

  it('accepts every demo manifest in kubectl apply --dry-run=client', async () => {
    const res = await kubectl(admin, 'apply', '--dry-run=client', '--validate=false', '-f', DEMO_DIR);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const applied = res.stdout.trim().split('\n');
    expect(applied.every((line) => line.endsWith('(dry run)'))).toBe(true);
    const served = sim.store.registry.types.filter((t, i, all) => all.findIndex((x) => x.group === t.group && x.plural === t.plural) === i);
    expect(applied).toHaveLength(served.reduce((n, t) => n + sim.store.count(t), 0));
  });

  it('reports Unauthorized for a bad token', async () => {
    const bad = await sim.writeKubeconfig(path.join(work, 'bad.kubeconfig'), { token: 'wrong' });
    const res = await kubectl(bad, 'get', 'pods', '-A');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Unauthorized');
  });
});
