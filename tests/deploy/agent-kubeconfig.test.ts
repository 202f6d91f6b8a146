/**
 * `rampart agent-kubeconfig`: the printed manifests of the scanning identity, and the kubeconfig
 * assembled from the token Secret + CA through a cluster-admin context (kube-sim is read-only, so
 * the Secret is served as if `kubectl apply` had created it and the control plane filled it in).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startKubeSim, type AccessRule, type KubeObject, type KubeSim } from '@/e2e/kube-sim/index';
import { AgentKubeconfigError, agentManifestsYaml, buildAgentKubeconfig } from '@/bin/commands/agent-kubeconfig';
import { baseScannerRules, OPT_IN_RULES, scannerKubeconfig, type PolicyRule } from '@/lib/deploy/scanner-rbac';
import { credentialsFromKubeconfig, kubeConfigFromCredentials, testConnection } from '@/lib/k8s/connection';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

type Doc = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; rules?: PolicyRule[]; type?: string; automountServiceAccountToken?: boolean; subjects?: unknown[] };
const docs = (yaml: string): Doc[] => parseAllDocuments(yaml).map((d) => d.toJS() as Doc);
const toAllow = (rules: readonly PolicyRule[]): AccessRule[] =>
  rules.flatMap((r) => r.apiGroups.flatMap((group) => r.resources.flatMap((resource) => r.verbs.map((verb) => ({ group, resource, verb })))));

async function rampart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/rampart.mjs'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('rampart agent-kubeconfig: manifests', () => {
  it('prints a namespace, a ServiceAccount without automount, the read-only ClusterRole + binding and a token Secret', async () => {
    const res = await rampart(['agent-kubeconfig']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const objects = docs(res.stdout);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/rampart-scanner',
      'ServiceAccount/rampart-scanner',
      'ClusterRole/rampart-scanner',
      'ClusterRoleBinding/rampart-scanner',
      'Secret/rampart-scanner-token',
    ]);
    const [, sa, role, binding, secret] = objects as [Doc, Doc, Doc, Doc, Doc];
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(role.rules).toEqual(baseScannerRules());
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'rampart-scanner', namespace: 'rampart-scanner' }]);
    expect(secret.type).toBe('kubernetes.io/service-account-token');
    expect(secret.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'rampart-scanner' });
    expect(res.stdout).toContain('coverage gap');
  });

  it('adds the opt-in grants as separate roles, renames, and can leave out the token Secret', () => {
    const objects = docs(agentManifestsYaml({ namespace: 'sec', name: 'scan', withSecrets: true, withKubeletConfig: true, tokenSecret: false }));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/sec',
      'ServiceAccount/scan',
      'ClusterRole/scan',
      'ClusterRoleBinding/scan',
      'ClusterRole/scan-secrets-metadata',
      'ClusterRoleBinding/scan-secrets-metadata',
      'ClusterRole/scan-kubelet-configz',
      'ClusterRoleBinding/scan-kubelet-configz',
    ]);
    expect(objects[4]!.rules).toEqual([OPT_IN_RULES['secrets-metadata']]);
    expect(objects[6]!.rules).toEqual([OPT_IN_RULES['kubelet-configz']]);
  });

  it('assembles a kubeconfig Rampart accepts from a token and a CA, and refuses http://', () => {
    const yaml = scannerKubeconfig({ server: 'https://api.example.com:6443', token: 'abc.def', caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
    const { credentials, context } = credentialsFromKubeconfig(yaml);
    expect(context).toMatchObject({ server: 'https://api.example.com:6443', authKind: 'token', name: 'rampart-scanner@api.example.com:6443' });
    expect(credentials.authType).toBe('kubeconfig');
    expect(() => scannerKubeconfig({ server: 'http://api.example.com', token: 'x' })).toThrow(/https/);
    expect(() => scannerKubeconfig({ server: 'https://api.example.com', token: 'a b' })).toThrow(/whitespace/);
  });
});

describe('rampart agent-kubeconfig --kubeconfig (admin context)', () => {
  let sim: KubeSim;
  let dir: string;
  let adminKubeconfig: string;
  let scannerToken: string;

  beforeAll(async () => {
    sim = await startKubeSim({ dir: path.join(ROOT, 'fixtures/demo-cluster') });
    scannerToken = sim.addToken({ user: 'system:serviceaccount:rampart-scanner:rampart-scanner', allow: toAllow(baseScannerRules()) });
    dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-agent-'));
    adminKubeconfig = path.join(dir, 'admin.kubeconfig');
    await sim.writeKubeconfig(adminKubeconfig);
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without the applied manifests it says to apply them first', async () => {
    const error = await buildAgentKubeconfig({ kubeconfig: adminKubeconfig }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentKubeconfigError);
    expect((error as Error).message).toContain('apply the manifests first');
  });

  it('reads the token Secret, writes a 0600 kubeconfig for the scanner, and that kubeconfig connects', async () => {
    const objects = parseAllDocuments(await readFile(path.join(ROOT, 'fixtures/demo-cluster/00-namespaces.yaml'), 'utf8'))
      .map((d) => d.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => o !== null);
    // What the control plane puts in the applied token Secret.
    sim.replaceObjects([
      ...objects,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'rampart-scanner-token', namespace: 'rampart-scanner', annotations: { 'kubernetes.io/service-account.name': 'rampart-scanner' } },
        type: 'kubernetes.io/service-account-token',
        data: { token: Buffer.from(scannerToken).toString('base64'), 'ca.crt': Buffer.from(sim.caPem).toString('base64'), namespace: Buffer.from('rampart-scanner').toString('base64') },
      },
    ]);
    const out = path.join(dir, 'scanner.kubeconfig');
    await writeFile(out, 'stale', { mode: 0o644 });
    const res = await rampart(['agent-kubeconfig', '--kubeconfig', adminKubeconfig, '--context', 'demo', '--output', out]);
    expect(res.stderr).toContain(`Wrote ${out}`);
    expect(res.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);

    const text = await readFile(out, 'utf8');
    const kubeconfig = parse(text) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: { token: string } }> };
    expect(kubeconfig.users[0]!.user.token).toBe(scannerToken);
    expect(kubeconfig.clusters[0]!.cluster.server).toBe(sim.url);
    expect(Buffer.from(kubeconfig.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toBe(sim.caPem);
    expect(text).not.toContain(sim.token); // never the admin's credentials

    sim.clearRequestLog();
    const { credentials } = credentialsFromKubeconfig(text);
    expect(await testConnection(kubeConfigFromCredentials(credentials))).toMatchObject({ ok: true });
    expect(new Set(sim.requestLog.map((r) => r.user))).toEqual(new Set(['system:serviceaccount:rampart-scanner:rampart-scanner']));
  });

  it('takes a token from --token-file (kubectl create token) instead of the Secret', async () => {
    const tokenFile = path.join(dir, 'token');
    await writeFile(tokenFile, `${scannerToken}\n`);
    const yaml = await buildAgentKubeconfig({ kubeconfig: adminKubeconfig, context: 'demo', tokenFile, name: 'renamed' });
    expect(yaml).toContain(scannerToken);
    const bad = path.join(dir, 'bad-token');
    await writeFile(bad, 'not-a-valid-token');
    const error = await buildAgentKubeconfig({ kubeconfig: adminKubeconfig, tokenFile: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentKubeconfigError);
    expect((error as Error).message).toContain('401');
  });

  it('an unknown context is an error that lists the contexts', async () => {
    const res = await rampart(['agent-kubeconfig', '--kubeconfig', adminKubeconfig, '--context', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('context "nope" is not in');
  });
});
