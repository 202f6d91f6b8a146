/**
 * The demo cluster (fixtures/demo-cluster) loads, is valid Kubernetes, is served by kube-sim, and
 * keeps the promises its README makes to the checks that use it.
 */
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifestDirectory } from './load';
import { startKubeSim, type KubeSim } from './server';
import { KUBELET_CONFIG_API_VERSION, ObjectStore, type KubeObject } from './store';

const DEMO_DIR = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');

let raw: KubeObject[];
let store: ObjectStore;

beforeAll(async () => {
  raw = await loadManifestDirectory(DEMO_DIR);
  store = new ObjectStore(raw);
});

function all(kind: string): KubeObject[] {
  const type = store.registry.types.find((t) => t.kind === kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return [...store.all(type)];
}

function key(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

type Json = unknown;
interface AttributeType {
  baseName: string;
  type: string;
}

/** The attribute map of a @kubernetes/client-node model class (e.g. "V1PodSpec"). */
function modelAttributes(typeName: string): AttributeType[] | undefined {
  const model = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => AttributeType[] } | undefined>)[typeName];
  return model?.getAttributeTypeMap?.();
}

/** Fields not in the Kubernetes API schema (as generated into client-node's models) or of the wrong JSON type. */
function schemaProblems(value: Json, typeName: string, at: string): string[] {
  if (value === null || value === undefined) return [];
  const arr = /^Array<(.+)>$/.exec(typeName);
  if (arr) {
    if (!Array.isArray(value)) return [`${at}: expected a list`];
    return value.flatMap((v, i) => schemaProblems(v, arr[1], `${at}[${i}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected a map`];
    return Object.entries(value as Record<string, Json>).flatMap(([k, v]) => schemaProblems(v, map[1], `${at}.${k}`));
  }
  switch (typeName) {
    case 'string':
    case 'Date':
      return typeof value === 'string' ? [] : [`${at}: expected a string, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
    case 'IntOrString':
      return typeof value === 'string' || typeof value === 'number' ? [] : [`${at}: expected an int or string`];
    case 'any':
    case 'object':
      return [];
  }
  const attributes = modelAttributes(typeName);
  if (!attributes) return [`${at}: no model ${typeName}`];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object (${typeName})`];
  // JSONSchemaProps carries arbitrary nested schemas; its own keys are still checked.
  return Object.entries(value as Record<string, Json>).flatMap(([k, v]) => {
    const attr = attributes.find((a) => a.baseName === k);
    if (!attr) return [`${at}.${k}: unknown field of ${typeName}`];
    return schemaProblems(v, attr.type, `${at}.${k}`);
  });
}

describe('demo cluster manifests', () => {
  it('has about a dozen workloads of each kind, plus controller-created objects', () => {
    const counts = Object.fromEntries(
      ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController', 'Node'].map((k) => [k, all(k).length]),
    );
    expect(counts.Deployment).toBeGreaterThanOrEqual(12);
    expect(counts.StatefulSet).toBeGreaterThanOrEqual(12);
    expect(counts.DaemonSet).toBeGreaterThanOrEqual(12);
    expect(counts.Job).toBeGreaterThanOrEqual(12);
    expect(counts.CronJob).toBeGreaterThanOrEqual(12);
    expect(counts.Node).toBe(3);
    expect(counts.ReplicationController).toBeGreaterThanOrEqual(1);
    const barePods = all('Pod').filter((p) => !Array.isArray(p.metadata.ownerReferences));
    expect(barePods.length).toBeGreaterThanOrEqual(12);
    const standaloneReplicaSets = all('ReplicaSet').filter((r) => !Array.isArray(r.metadata.ownerReferences));
    expect(standaloneReplicaSets.length).toBeGreaterThanOrEqual(2);
    const ownedPods = all('Pod').filter((p) => Array.isArray(p.metadata.ownerReferences));
    const ownerKinds = new Set(ownedPods.flatMap((p) => (p.metadata.ownerReferences as Array<{ kind: string }>).map((o) => o.kind)));
    expect([...ownerKinds].sort()).toEqual(['DaemonSet', 'Job', 'Node', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
  });

  it('is valid against the Kubernetes API schema (no unknown fields, right JSON types)', () => {
    const problems: string[] = [];
    for (const obj of raw) {
      if (obj.apiVersion === KUBELET_CONFIG_API_VERSION || obj.apiVersion.startsWith('aquasecurity.github.io/')) continue;
      const model = modelAttributes(`V1${obj.kind}`) ? `V1${obj.kind}` : undefined;
      if (!model) {
        problems.push(`${obj.kind} ${key(obj)}: no schema`);
        continue;
      }
      problems.push(...schemaProblems(obj, model, `${obj.kind} ${key(obj)}`));
    }
    expect(problems).toEqual([]);
  });

  it('has a schema check that catches misspelt fields and wrong types', () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labels: { ok: 'yes', n: 1 } },
      spec: {
        selector: { matchLabels: {} },
        template: { spec: { automountServiceAcountToken: false, containers: [{ name: 'c', image: 'i', securityContext: { privileged: 'yes' } }] } },
      },
    };
    expect(schemaProblems(bad, 'V1Deployment', 'D')).toEqual([
      'D.metadata.labels.n: expected a string, got 1',
      'D.spec.template.spec.automountServiceAcountToken: unknown field of V1PodSpec',
      'D.spec.template.spec.containers[0].securityContext.privileged: expected a boolean, got "yes"',
    ]);
  });

  it('has workload templates that select their own pods', () => {
    const bad: string[] = [];
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      for (const o of all(kind)) {
        const spec = o.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
        for (const [k, v] of Object.entries(spec.selector.matchLabels)) {
          if (spec.template.metadata.labels[k] !== v) bad.push(`${kind} ${key(o)}: selector ${k}=${v}`);
        }
      }
    }
    for (const o of all('StatefulSet')) if (!(o.spec as { serviceName?: string }).serviceName) bad.push(`StatefulSet ${key(o)}: serviceName`);
    for (const o of all('CronJob')) if (!(o.spec as { schedule?: string }).schedule) bad.push(`CronJob ${key(o)}: schedule`);
    for (const o of [...all('Job'), ...all('CronJob')]) {
      const tpl =
        o.kind === 'Job'
          ? (o.spec as { template: { spec: { restartPolicy?: string } } }).template
          : (o.spec as { jobTemplate: { spec: { template: { spec: { restartPolicy?: string } } } } }).jobTemplate.spec.template;
      if (!['Never', 'OnFailure'].includes(tpl.spec.restartPolicy ?? '')) bad.push(`${o.kind} ${key(o)}: restartPolicy`);
    }
    expect(bad).toEqual([]);
  });

  it('links every ownerReference to an existing owner with the same uid', () => {
    const byKindKey = new Map<string, KubeObject>();
    for (const o of store.registry.types.flatMap((t) => store.all(t))) byKindKey.set(`${o.kind}|${key(o)}`, o);
    const dangling: string[] = [];
    for (const o of store.registry.types.flatMap((t) => store.all(t))) {
      for (const ref of (o.metadata.ownerReferences as Array<{ kind: string; name: string; uid: string }> | undefined) ?? []) {
        const ownerNs = ref.kind === 'Node' ? '' : (o.metadata.namespace ?? '');
        const owner = byKindKey.get(`${ref.kind}|${ownerNs}/${ref.name}`);
        if (!owner || owner.metadata.uid !== ref.uid) dangling.push(`${o.kind} ${key(o)} -> ${ref.kind} ${ref.name}`);
      }
    }
    expect(dangling).toEqual([]);
    // The three-level chain a scanner must collapse onto the CronJob.
    const pod = store.get(store.registry.byPlural('', 'v1', 'pods')!, 'nightly-settlement-29403360-x7k2m', 'payments');
    expect((pod?.metadata.ownerReferences as Array<{ kind: string }>)[0].kind).toBe('Job');
  });

  it('puts documents without a namespace into default', () => {
    const undeclared = raw.filter((o) => ['Deployment', 'Pod', 'Job', 'CronJob', 'ConfigMap', 'Service'].includes(o.kind) && !o.metadata.namespace);
    expect(undeclared.length).toBeGreaterThan(0);
    for (const o of undeclared) {
      const type = store.registry.forObject(o.apiVersion, o.kind)!;
      expect(store.get(type, o.metadata.name!, 'default')).toBeDefined();
    }
  });

  it('keeps the deliberate good and bad settings the README lists', () => {
    const ns = all('Namespace');
    const enforced = ns.filter((n) => n.metadata.labels?.['pod-security.kubernetes.io/enforce']).map((n) => n.metadata.name);
    expect(enforced).toEqual(expect.arrayContaining(['shop-frontend', 'payments', 'data', 'monitoring']));
    for (const name of ['ci', 'legacy', 'default', 'kubernetes-dashboard']) expect(enforced).not.toContain(name);

    const policies = all('NetworkPolicy');
    expect(policies.some((p) => JSON.stringify(p.spec).includes('"except":["169.254.169.254/32"'))).toBe(true);
    const withPolicies = new Set(policies.map((p) => p.metadata.namespace));
    for (const name of ['monitoring', 'ci', 'legacy', 'default']) expect(withPolicies.has(name)).toBe(false);

    const crbs = all('ClusterRoleBinding') as Array<KubeObject & { roleRef: { name: string }; subjects: Array<{ kind: string; name: string }> }>;
    const adminSubjects = crbs.filter((b) => b.roleRef.name === 'cluster-admin').flatMap((b) => b.subjects.map((s) => `${s.kind}:${s.name}`));
    expect(adminSubjects).toEqual(expect.arrayContaining(['User:alice@example.com', 'ServiceAccount:build-runner', 'ServiceAccount:kubernetes-dashboard']));
    const allSubjects = [...crbs, ...(all('RoleBinding') as typeof crbs)].flatMap((b) => b.subjects.map((s) => s.name));
    expect(allSubjects).toEqual(expect.arrayContaining(['system:unauthenticated', 'system:anonymous']));
    const clusterRoles = new Map(all('ClusterRole').map((r) => [r.metadata.name, r]));
    for (const name of ['cluster-admin', 'admin', 'edit', 'view']) expect(clusterRoles.has(name)).toBe(true);
    for (const name of ['admin', 'edit', 'view', 'monitoring-reader']) expect(clusterRoles.get(name)?.aggregationRule).toBeDefined();

    const staticPods = all('Pod').filter((p) => p.metadata.labels?.tier === 'control-plane');
    expect(staticPods.map((p) => p.metadata.labels?.component).sort()).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    const apiserver = JSON.stringify(staticPods.find((p) => p.metadata.labels?.component === 'kube-apiserver')?.spec);
    expect(apiserver).toContain('--token-auth-file=');
    expect(apiserver).not.toContain('--audit-log-path');
    expect(apiserver).not.toContain('--encryption-provider-config');

    expect([...store.kubeletConfigs.keys()].sort()).toEqual(['cp-1', 'worker-1', 'worker-2']);
    expect(store.kubeletConfigs.get('worker-2')).toMatchObject({ readOnlyPort: 10255, authentication: { anonymous: { enabled: true } } });
    expect(store.kubeletConfigs.get('worker-1')).toMatchObject({ readOnlyPort: 0, authorization: { mode: 'Webhook' }, rotateCertificates: true });

    const secretTypes = new Set(all('Secret').map((s) => s.type));
    expect([...secretTypes]).toEqual(expect.arrayContaining(['Opaque', 'kubernetes.io/service-account-token', 'kubernetes.io/tls']));
    const cmKeys = all('ConfigMap').flatMap((c) => Object.keys((c.data as Record<string, string> | undefined) ?? {}));
    expect(cmKeys).toEqual(expect.arrayContaining(['db_password', 'api_token']));

    const podSpecs = JSON.stringify([...all('Deployment'), ...all('DaemonSet'), ...all('Pod'), ...all('Job'), ...all('CronJob'), ...all('StatefulSet')]);
    for (const marker of ['"privileged":true', '/var/run/docker.sock', '"hostNetwork":true', '"hostPID":true', ':latest"', '"SYS_ADMIN"', '"NET_ADMIN"', '"allowPrivilegeEscalation":true', 'secretKeyRef', 'PASSWORD","value":"', '"readOnlyRootFilesystem":true', '"RuntimeDefault"', '@sha256:']) {
      expect(podSpecs.includes(marker), `a workload with ${marker}`).toBe(true);
    }
    expect(all('Service').map((s) => (s.spec as { type?: string }).type)).toEqual(expect.arrayContaining(['NodePort', 'LoadBalancer']));
    expect(all('Ingress').length).toBeGreaterThan(0);
    expect(all('ResourceQuota').length).toBeGreaterThan(0);
    expect(all('LimitRange').length).toBeGreaterThan(0);
    expect(all('ValidatingWebhookConfiguration').length).toBeGreaterThan(0);
    const reports = all('VulnerabilityReport') as Array<KubeObject & { report: { summary: { criticalCount: number }; vulnerabilities: unknown[] } }>;
    expect(reports.some((r) => r.report.summary.criticalCount > 0 && r.report.vulnerabilities.length > 0)).toBe(true);
  });

  it('holds no real-looking secret material', () => {
    for (const s of all('Secret')) {
      const values = [
        ...Object.values((s.data as Record<string, string> | undefined) ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')),
        ...Object.values((s.stringData as Record<string, string> | undefined) ?? {}),
      ];
      for (const v of values) expect(v.length, `${key(s)}`).toBeLessThan(200);
      expect(JSON.stringify(values)).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    }
  });
});

describe('demo cluster served by kube-sim', () => {
  let sim: KubeSim;
  let kc: KubeConfig;

  beforeAll(async () => {
    sim = await startKubeSim({ dir: DEMO_DIR });
    kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('serves every kind through client-node', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    expect((await apps.listDeploymentForAllNamespaces()).items.length).toBeGreaterThanOrEqual(12);
    expect((await apps.listStatefulSetForAllNamespaces()).items.length).toBeGreaterThanOrEqual(12);
    expect((await apps.listDaemonSetForAllNamespaces()).items.length).toBeGreaterThanOrEqual(12);
    expect((await batch.listJobForAllNamespaces()).items.length).toBeGreaterThanOrEqual(12);
    expect((await batch.listCronJobForAllNamespaces()).items.length).toBeGreaterThanOrEqual(12);
    expect((await core.listNode()).items).toHaveLength(3);
    expect((await core.listNamespace()).items.length).toBeGreaterThanOrEqual(9);
    expect((await rbac.listClusterRole()).items.length).toBeGreaterThan(10);
    const pods = await core.listPodForAllNamespaces({ limit: 10 });
    expect(pods.items).toHaveLength(10);
    expect(pods.metadata?.remainingItemCount).toBe(all('Pod').length - 10);
    const reports = (await kc.makeApiClient(CustomObjectsApi).listCustomObjectForAllNamespaces({
      group: 'aquasecurity.github.io',
      version: 'v1alpha1',
      resourcePlural: 'vulnerabilityreports',
    })) as { items: unknown[] };
    expect(reports.items).toHaveLength(all('VulnerabilityReport').length);
  });

  it('serves configz for every node', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    for (const node of ['cp-1', 'worker-1', 'worker-2']) {
      const res = (await core.connectGetNodeProxyWithPath({ name: node, path: 'configz' })) as unknown;
      const body = (typeof res === 'string' ? JSON.parse(res) : res) as { kubeletconfig: { authorization: { mode: string } } };
      expect(body.kubeletconfig.authorization.mode).toBe(node === 'worker-2' ? 'AlwaysAllow' : 'Webhook');
    }
  });
});
