/**
 * kube-sim seen through @kubernetes/client-node 2.0.1, the client Rampart's collector uses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ApiException,
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  RequestContext,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKubeSim, type KubeSim } from './server';
import type { KubeObject } from './store';

const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

function objects(): KubeObject[] {
  const out: KubeObject[] = [];
  for (const ns of ['alpha', 'beta', 'gamma']) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let i = 0; i < 3; i++) {
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}`, namespace: ns, labels: { app: `app-${i}` } },
        spec: { containers: [{ name: 'main', image: 'registry.example.com/app:1.0' }] },
        status: { phase: 'Running' },
      });
    }
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: ns },
      type: 'Opaque',
      data: { password: Buffer.from('fake').toString('base64') },
    });
  }
  out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-namespace' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'alpha' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
  });
  out.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } });
  out.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-b' } });
  out.push({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    metadata: { name: 'node-a' },
    authentication: { anonymous: { enabled: true } },
    readOnlyPort: 10255,
  });
  out.push({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'vulnerabilityreports.aquasecurity.github.io' },
    spec: {
      group: 'aquasecurity.github.io',
      scope: 'Namespaced',
      names: { kind: 'VulnerabilityReport', plural: 'vulnerabilityreports', singular: 'vulnerabilityreport' },
      versions: [{ name: 'v1alpha1', served: true, storage: true }],
    },
  });
  for (const [ns, name, critical] of [
    ['alpha', 'replicaset-web-1', 2],
    ['beta', 'pod-x', 0],
    ['gamma', 'pod-y', 5],
  ] as const) {
    out.push({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'VulnerabilityReport',
      metadata: { name, namespace: ns },
      report: { summary: { criticalCount: critical, highCount: 1 } },
    });
  }
  return out;
}

let sim: KubeSim;
let kc: KubeConfig;

beforeAll(async () => {
  sim = await startKubeSim({
    objects: objects(),
    tokens: [
      {
        token: 'rbac-denied',
        user: 'system:serviceaccount:rampart:scanner',
        deny: [{ group: 'rbac.authorization.k8s.io' }],
      },
      {
        token: 'pods-only',
        user: 'alice@example.com',
        allow: [{ resource: 'pods', verb: 'list' }],
      },
    ],
  });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
});

afterAll(async () => {
  await sim.stop();
});

afterEach(() => {
  sim.setFaults([]);
  sim.setLatency(0);
  sim.clearRequestLog();
});

function configFor(token?: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(sim.kubeconfigFor(token ? { token } : {}));
  return config;
}

/** A raw request as Rampart's collector makes it (client-node auth + TLS dispatcher, undici fetch). */
async function rawGet(pathname: string, opts: { token?: string; signal?: AbortSignal } = {}) {
  const ctx = new RequestContext(`${sim.url}${pathname}`, 'GET');
  await kc.applySecurityAuthentication(ctx);
  const headers = ctx.getHeaders();
  if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
  return undiciFetch(ctx.getUrl(), {
    headers,
    dispatcher: ctx.getDispatcher() as Dispatcher | undefined,
    signal: opts.signal,
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('kube-sim with @kubernetes/client-node', () => {
  it('pages through all pods with limit and _continue', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await core.listPodForAllNamespaces({ limit: 4, _continue: token });
      pages++;
      expect(res.kind).toBe('PodList');
      expect(res.apiVersion).toBe('v1');
      seen.push(...res.items.map((p: V1Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      if (res.metadata?._continue) expect(res.metadata.remainingItemCount).toBeGreaterThan(0);
      token = res.metadata?._continue;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen).toContain('default/no-namespace');
    const continued = sim.requestLog.filter((r) => r.path === '/api/v1/pods' && r.query.continue);
    expect(continued).toHaveLength(2);
    expect(sim.requestLog.every((r) => r.user === 'kubernetes-admin' && r.status === 200)).toBe(true);
  });

  it('lists one namespace, reads one object, lists deployments and nodes', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const inBeta = await core.listNamespacedPod({ namespace: 'beta' });
    expect(inBeta.items.map((p) => p.metadata?.name)).toEqual(['pod-0', 'pod-1', 'pod-2']);
    const one = await core.readNamespacedPod({ name: 'pod-1', namespace: 'gamma' });
    expect(one.kind).toBe('Pod');
    expect(one.metadata?.uid).toBeTruthy();
    expect(one.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(one.spec?.containers[0].image).toBe('registry.example.com/app:1.0');
    const apps = kc.makeApiClient(AppsV1Api);
    const deployments = await apps.listDeploymentForAllNamespaces();
    expect(deployments.kind).toBe('DeploymentList');
    expect(deployments.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`)).toEqual(['alpha/web']);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-a', 'node-b']);
    const selected = await core.listPodForAllNamespaces({ labelSelector: 'app=app-2' });
    expect(selected.items).toHaveLength(3);
  });

  it('answers 404 with a NotFound Status for a missing object', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.readNamespacedPod({ name: 'nope', namespace: 'alpha' }));
    expect(err).toBeInstanceOf(ApiException);
    const e = err as ApiException<string>;
    expect(e.code).toBe(404);
    expect(JSON.parse(e.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('rejects a bad token with 401', async () => {
    const core = configFor('not-a-valid-token').makeApiClient(CoreV1Api);
    const err = await rejection(core.listNamespace());
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(401);
    const raw = await rawGet('/api/v1/namespaces', { token: 'not-a-valid-token' });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('forbids what a restricted token may not do, with the API server wording', async () => {
    const core = configFor(sim.restrictedToken).makeApiClient(CoreV1Api);
    const err = await rejection(core.listSecretForAllNamespaces());
    expect(err).toBeInstanceOf(ApiException);
    const e = err as ApiException<string>;
    expect(e.code).toBe(403);
    const status = JSON.parse(e.body);
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, details: { kind: 'secrets' } });
    expect(status.message).toBe(
      'secrets is forbidden: User "system:serviceaccount:rampart:restricted-scanner" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    // The same token may still list pods.
    expect((await core.listPodForAllNamespaces()).items.length).toBe(10);

    const rbacDenied = configFor('rbac-denied').makeApiClient(CoreV1Api);
    const denied = await rawGet('/apis/rbac.authorization.k8s.io/v1/namespaces/alpha/roles', { token: 'rbac-denied' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      reason: 'Forbidden',
      details: { group: 'rbac.authorization.k8s.io', kind: 'roles' },
      message:
        'roles.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:rampart:scanner" cannot list resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "alpha"',
    });
    expect((await rbacDenied.listNode()).items).toHaveLength(2);

    const podsOnly = configFor('pods-only').makeApiClient(CoreV1Api);
    expect((await podsOnly.listPodForAllNamespaces()).items).toHaveLength(10);
    const getErr = await rejection(podsOnly.readNamespacedPod({ name: 'pod-0', namespace: 'alpha' }));
    expect((getErr as ApiException<string>).code).toBe(403);
    expect(JSON.parse((getErr as ApiException<string>).body).message).toBe(
      'pods "pod-0" is forbidden: User "alice@example.com" cannot get resource "pods" in API group "" in the namespace "alpha"',
    );
  });

  it('answers SelfSubjectAccessReviews from the token rules', async () => {
    const authz = configFor(sim.restrictedToken).makeApiClient(AuthorizationV1Api);
    const ask = async (resourceAttributes: { verb: string; resource: string; group?: string; subresource?: string }) =>
      (await authz.createSelfSubjectAccessReview({ body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } } }))
        .status?.allowed;
    expect(await ask({ verb: 'list', resource: 'secrets' })).toBe(false);
    expect(await ask({ verb: 'list', resource: 'pods' })).toBe(true);
    expect(await ask({ verb: 'list', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' })).toBe(false);
    expect(await ask({ verb: 'get', resource: 'nodes', subresource: 'proxy' })).toBe(false);
    expect(await ask({ verb: 'get', resource: 'nodes' })).toBe(true);
    const admin = kc.makeApiClient(AuthorizationV1Api);
    const res = await admin.createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'secrets' } } },
    });
    expect(res.status?.allowed).toBe(true);
  });

  it('serves secrets as metadata only when asked, and logs the Accept header', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const res = await core.listSecretForAllNamespaces({}, setHeaderOptions('Accept', METADATA_ACCEPT));
    expect(res.kind).toBe('PartialObjectMetadataList');
    expect(res.apiVersion).toBe('meta.k8s.io/v1');
    expect(res.items).toHaveLength(3);
    for (const item of res.items) {
      expect(item).not.toHaveProperty('data');
      expect(item).not.toHaveProperty('type');
      expect(item.metadata?.name).toBe('db');
    }
    const entries = sim.requestLog.filter((r) => r.path === '/api/v1/secrets');
    expect(entries).toHaveLength(1);
    expect(entries[0].accept).toContain('as=PartialObjectMetadataList');
    // Without the header the full objects come back (the log would show it).
    const full = await core.listNamespacedSecret({ namespace: 'alpha' });
    expect(full.kind).toBe('SecretList');
    expect(full.items[0].data?.password).toBeDefined();
    expect(sim.requestLog.at(-1)?.accept).not.toContain('PartialObjectMetadata');
  });

  it('serves kubelet configz through the nodes/proxy subresource', async () => {
    const res = await rawGet('/api/v1/nodes/node-a/proxy/configz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kubeletconfig: { authentication: { anonymous: { enabled: true } }, readOnlyPort: 10255 } });
    expect((await rawGet('/api/v1/nodes/node-b/proxy/configz')).status).toBe(404);
    expect((await rawGet('/api/v1/nodes/missing/proxy/configz')).status).toBe(404);
    const restricted = await rawGet('/api/v1/nodes/node-a/proxy/configz', { token: sim.restrictedToken });
    expect(restricted.status).toBe(403);
    expect(((await restricted.json()) as { message: string }).message).toBe(
      'nodes "node-a" is forbidden: User "system:serviceaccount:rampart:restricted-scanner" cannot get resource "nodes/proxy" in API group "" at the cluster scope',
    );
  });

  it('lists custom resources of a CRD with CustomObjectsApi across pages', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const res = (await custom.listCustomObjectForAllNamespaces({
        group: 'aquasecurity.github.io',
        version: 'v1alpha1',
        resourcePlural: 'vulnerabilityreports',
        limit: 2,
        _continue: token,
      })) as { kind: string; items: KubeObject[]; metadata?: { continue?: string } };
      expect(res.kind).toBe('VulnerabilityReportList');
      for (const item of res.items) {
        expect(item.apiVersion).toBe('aquasecurity.github.io/v1alpha1');
        names.push(`${item.metadata.namespace}/${item.metadata.name}`);
      }
      token = res.metadata?.continue || undefined;
    } while (token);
    expect(names).toEqual(['alpha/replicaset-web-1', 'beta/pod-x', 'gamma/pod-y']);
  });

  it('advertises discovery for built-in and CRD groups', async () => {
    const groups = (await (await rawGet('/apis')).json()) as { kind: string; groups: Array<{ name: string }> };
    expect(groups.kind).toBe('APIGroupList');
    const names = groups.groups.map((g) => g.name);
    for (const g of ['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'policy', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'aquasecurity.github.io']) {
      expect(names).toContain(g);
    }
    const core = (await (await rawGet('/api/v1')).json()) as { resources: Array<{ name: string; namespaced: boolean; kind: string; verbs: string[] }> };
    const byName = new Map(core.resources.map((r) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ namespaced: true, kind: 'Pod' });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, kind: 'Node' });
    expect(byName.get('pods/exec')?.verbs).toContain('create');
    expect(byName.has('nodes/proxy')).toBe(true);
    const version = (await (await rawGet('/version')).json()) as { gitVersion: string; major: string; minor: string };
    expect(version).toMatchObject({ gitVersion: 'v1.30.4', major: '1', minor: '30' });
    const unknown = await rawGet('/apis/nonexistent.example.com/v1');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  it('expires an invalid continue token with 410 Gone', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listPodForAllNamespaces({ limit: 2, _continue: 'bm90LXZhbGlk' }));
    expect((err as ApiException<string>).code).toBe(410);
    expect(JSON.parse((err as ApiException<string>).body)).toMatchObject({ reason: 'Expired', code: 410 });
  });

  it('expires continue tokens issued before replaceObjects', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    sim.replaceObjects(objects());
    const err = await rejection(core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata?._continue }));
    expect((err as ApiException<string>).code).toBe(410);
    await sim.reload();
    expect((await core.listPodForAllNamespaces()).items).toHaveLength(10);
  });
});

describe('kube-sim faults and latency', () => {
  it('injects a 500 for the first matching request only', async () => {
    sim.setFaults([{ match: '/api/v1/pods', times: 1, action: { type: 'status', code: 500, message: 'etcd leader changed' } }]);
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listPodForAllNamespaces());
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(500);
    expect(JSON.parse((err as ApiException<string>).body)).toMatchObject({ reason: 'InternalError', message: 'etcd leader changed' });
    expect((await core.listPodForAllNamespaces()).items).toHaveLength(10);
    expect(sim.faultHits()).toEqual([1]);
    expect(sim.requestLog.map((r) => r.fault)).toEqual(['status', undefined]);
  });

  it('answers 429 with Retry-After', async () => {
    sim.setFaults([{ match: /\/namespaces$/, action: { type: 'rate-limit', retryAfterSeconds: 7 } }]);
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listNamespace());
    expect((err as ApiException<string>).code).toBe(429);
    expect((err as ApiException<string>).headers['retry-after']).toBe('7');
    expect(JSON.parse((err as ApiException<string>).body)).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } });
  });

  it('truncates a body mid-JSON and the client fails to read it', async () => {
    sim.setFaults([{ match: '/api/v1/pods', action: { type: 'truncate' } }]);
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listPodForAllNamespaces());
    // undici reports a body cut short by the peer as TypeError('terminated').
    expect(err).not.toBeInstanceOf(ApiException);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('terminated');
    expect(((err as TypeError).cause as { code?: string } | undefined)?.code).toBe('UND_ERR_SOCKET');
    expect(sim.requestLog.at(-1)).toMatchObject({ fault: 'truncate' });
  });

  it('closes the connection without a response', async () => {
    sim.setFaults([{ match: '/api/v1/nodes', action: { type: 'close' } }]);
    const core = kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listNode());
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as { code?: string } | undefined)?.code).toBe('UND_ERR_SOCKET');
  });

  it('hangs: delayed answers, and no answer until the client gives up', async () => {
    sim.setFaults([
      { match: '/api/v1/nodes', times: 1, action: { type: 'hang', ms: 300 } },
      { match: '/api/v1/namespaces', action: { type: 'hang' } },
    ]);
    const started = Date.now();
    const slow = await rawGet('/api/v1/nodes');
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const err = await rejection(rawGet('/api/v1/namespaces', { signal: AbortSignal.timeout(300) }));
    expect((err as Error).name).toBe('TimeoutError');
  });

  it('adds global latency', async () => {
    sim.setLatency(200);
    const started = Date.now();
    expect((await rawGet('/version')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('kube-sim in-cluster presentation', () => {
  it('writes service-account files that loadFromCluster can use', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'kube-sim-sa-'));
    try {
      const sa = await sim.writeServiceAccountFiles(root, { token: sim.restrictedToken, namespace: 'beta' });
      vi.stubEnv('KUBERNETES_SERVICE_HOST', sa.env.KUBERNETES_SERVICE_HOST);
      vi.stubEnv('KUBERNETES_SERVICE_PORT', sa.env.KUBERNETES_SERVICE_PORT);
      const inCluster = new KubeConfig();
      inCluster.loadFromCluster(sa.pathPrefix);
      expect(inCluster.getContextObject(inCluster.getCurrentContext())?.namespace).toBe('beta');
      const core = inCluster.makeApiClient(CoreV1Api);
      expect((await core.listNamespacedPod({ namespace: 'beta' })).items).toHaveLength(3);
      expect(sim.requestLog.at(-1)?.user).toBe('system:serviceaccount:rampart:restricted-scanner');
    } finally {
      vi.unstubAllEnvs();
      await rm(root, { recursive: true, force: true });
    }
  });
});
