/**
 * In-cluster mode: Rampart registered "this cluster" with its pod's service account. kube-sim
 * presents what a pod sees (KUBERNETES_SERVICE_HOST/PORT + token, ca.crt, namespace files); the
 * token is authorised with exactly the rules of deploy/base/rbac.yaml, so this also proves the
 * shipped ClusterRole is enough for a scan, and that what it leaves out (secrets, nodes/proxy)
 * becomes coverage gaps rather than failures.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startKubeSim, type AccessRule, type KubeSim } from '@/e2e/kube-sim/index';
import { collectClusterSnapshot } from '@/lib/k8s/collect';
import { KubeconfigError, kubeConfigFromCredentials, testConnection } from '@/lib/k8s/connection';
import { OPT_IN_RULES } from '@/lib/deploy/scanner-rbac';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SA_TOKEN = 'in-cluster-sa-token-0123456789';
const SA_TOKEN_FULL = 'in-cluster-sa-token-with-addons';
const SA_USER = 'system:serviceaccount:rampart:rampart';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** The rules of the ClusterRoles in a manifest file, as kube-sim allow-rules. */
async function allowRulesOf(file: string): Promise<AccessRule[]> {
  const docs = parseAllDocuments(await readFile(path.join(ROOT, file), 'utf8')).map((d) => d.toJS() as { kind?: string; rules?: Rule[] });
  const out: AccessRule[] = [];
  for (const doc of docs.filter((d) => d.kind === 'ClusterRole')) {
    for (const r of doc.rules ?? []) for (const group of r.apiGroups) for (const resource of r.resources) for (const verb of r.verbs) out.push({ group, resource, verb });
  }
  return out;
}

describe('in-cluster credentials (the pod\'s service account)', () => {
  let sim: KubeSim;
  let root: string;
  const savedEnv = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };

  beforeAll(async () => {
    const base = await allowRulesOf('deploy/base/rbac.yaml');
    const addons = [...(await allowRulesOf('deploy/addons/secrets-metadata/rbac.yaml')), ...(await allowRulesOf('deploy/addons/kubelet-configz/rbac.yaml'))];
    sim = await startKubeSim({
      dir: path.join(ROOT, 'fixtures/demo-cluster'),
      tokens: [
        { token: SA_TOKEN, user: SA_USER, groups: ['system:serviceaccounts', 'system:serviceaccounts:rampart', 'system:authenticated'], allow: base },
        { token: SA_TOKEN_FULL, user: SA_USER, allow: [...base, ...addons] },
      ],
    });
    root = await mkdtemp(path.join(os.tmpdir(), 'rampart-in-cluster-'));
  });
  afterEach(() => {
    for (const [k, v] of [['KUBERNETES_SERVICE_HOST', savedEnv.host], ['KUBERNETES_SERVICE_PORT', savedEnv.port]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterAll(async () => {
    await sim?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('connects and collects a snapshot with the base ClusterRole; secrets and kubelet configz become coverage gaps', async () => {
    const files = await sim.writeServiceAccountFiles(path.join(root, 'base'), { token: SA_TOKEN, namespace: 'rampart' });
    Object.assign(process.env, files.env);

    const kc = kubeConfigFromCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: files.pathPrefix });
    expect(kc.getCurrentCluster()?.server).toBe(sim.url);

    const test = await testConnection(kc);
    expect(test).toMatchObject({ ok: true });

    sim.clearRequestLog();
    const snapshot = await collectClusterSnapshot(kc, { backoffBaseMs: 1 });
    expect(snapshot.objects.pods.length).toBeGreaterThan(0);
    expect(snapshot.objects.deployments.length).toBeGreaterThan(0);
    expect(snapshot.objects.clusterRoleBindings.length).toBeGreaterThan(0);
    expect(snapshot.objects.secrets).toHaveLength(0);

    const gaps = snapshot.coverage.gaps.map((g) => `${g.reason}:${g.resource.split(' ')[0]}`).sort();
    expect(gaps).toEqual(['forbidden:nodes/proxy', 'forbidden:secrets']);

    // Every call was the service account's, and read-only.
    expect(sim.requestLog.length).toBeGreaterThan(20);
    expect(new Set(sim.requestLog.map((r) => r.user))).toEqual(new Set([SA_USER]));
    expect(new Set(sim.requestLog.map((r) => r.method))).toEqual(new Set(['GET']));
    // Nothing but secrets and nodes/proxy was refused: the ClusterRole covers every other list.
    const refused = sim.requestLog.filter((r) => r.status === 403).map((r) => r.path);
    expect(refused.every((p) => p === '/api/v1/secrets' || /^\/api\/v1\/nodes\/[^/]+\/proxy\/configz$/.test(p))).toBe(true);
  });

  it('with the opt-in add-ons the scan has no coverage gaps', async () => {
    const files = await sim.writeServiceAccountFiles(path.join(root, 'full'), { token: SA_TOKEN_FULL, namespace: 'rampart' });
    Object.assign(process.env, files.env);
    const kc = kubeConfigFromCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: files.pathPrefix });
    const snapshot = await collectClusterSnapshot(kc, { backoffBaseMs: 1 });
    expect(snapshot.coverage.gaps).toEqual([]);
    expect(snapshot.objects.secrets.length).toBeGreaterThan(0);
    expect(snapshot.kubelets.length).toBeGreaterThan(0);
    // The add-ons grant exactly what lib/deploy/scanner-rbac says they do.
    expect(OPT_IN_RULES['secrets-metadata'].resources).toEqual(['secrets']);
    expect(OPT_IN_RULES['kubelet-configz'].resources).toEqual(['nodes/proxy']);
  });

  it('outside a pod (no token file) it says so', () => {
    expect(() => kubeConfigFromCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: path.join(root, 'nothing-here') })).toThrow(KubeconfigError);
  });

  it('with the token files but without KUBERNETES_SERVICE_HOST/PORT it says what is missing', async () => {
    const files = await sim.writeServiceAccountFiles(path.join(root, 'noenv'), { token: SA_TOKEN, namespace: 'rampart' });
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    let error: unknown;
    try {
      kubeConfigFromCredentials({ authType: 'in_cluster' }, { inClusterPathPrefix: files.pathPrefix });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeconfigError);
    expect((error as KubeconfigError).code).toBe('not-in-cluster');
    expect((error as Error).message).toContain('KUBERNETES_SERVICE_HOST');
  });
});
