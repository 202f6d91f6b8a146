/**
 * The collector against kube-sim over real HTTPS with @kubernetes/client-node's KubeConfig.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeObject, type KubeSim } from '@/lib/kube-sim';
import { createCheckContext } from '@/lib/checks/context';
import { check as imageSignaturePolicy } from '@/lib/checks/images/image-signature-policy';
import { check as externalSecretStore } from '@/lib/checks/secrets/external-secret-store';
import { check as networkPolicyMissing } from '@/lib/checks/workloads/network-policy-missing';
import { check as metadataApiEgress } from '@/lib/checks/workloads/metadata-api-egress';
import { check as ingressWithoutTls } from '@/lib/checks/workloads/ingress-without-tls';
import { collectClusterSnapshot, CollectError, scannerClusterRoleRules, type CollectProgress } from './index';

function kcFrom(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

const pod = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  ...extra,
});

function objects(): KubeObject[] {
  const out: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { images: [{ names: ['x'] }], nodeInfo: { kubeletVersion: 'v1.30.4' } } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-b' } },
    { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', metadata: { name: 'node-a' }, readOnlyPort: 10255 },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"p":"c2VjcmV0LXZhbHVl"}}' } },
      type: 'Opaque',
      data: { password: 'c2VjcmV0LXZhbHVl' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'legacy-token', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'default' } },
      type: 'kubernetes.io/service-account-token',
      data: { token: 'dG9rZW4tdmFsdWU=' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'shop' },
      data: { HOST: 'db.internal.example', BROKER: 'amqp://shop:' + 'Rb81-kq' + '@rabbitmq:5672/' },
      binaryData: { blob: 'AAEC' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'kube-apiserver-cp', namespace: 'kube-system' },
      spec: { containers: [{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.30.4', command: ['kube-apiserver', '--anonymous-auth=false'] }] },
    },
  ];
  for (let i = 0; i < 7; i++) out.push(pod('shop', `p-${i}`));
  return out;
}

describe('collectClusterSnapshot against kube-sim', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ objects: objects() });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => {
    sim.setFaults([]);
    sim.clearRequestLog();
  });

  it('lists every kind, follows pagination, reads kubelets and control plane, and never requests secret values', async () => {
    const events: CollectProgress[] = [];
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { pageSize: 3, onProgress: (e) => events.push(e) });
    expect(snap.source).toEqual({ type: 'cluster', name: 'demo' });
    expect(snap.serverVersion).toBe('v1.30.4');
    const o = snap.objects;
    expect(o.pods.map((p) => p.metadata?.name).sort()).toEqual(['kube-apiserver-cp', ...Array.from({ length: 7 }, (_, i) => `p-${i}`)].sort());
    expect(o.pods.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1' && p.metadata?.managedFields === undefined)).toBe(true);
    expect(o.deployments.map((d) => `${d.apiVersion}/${d.kind}/${d.metadata?.name}`)).toEqual(['apps/v1/Deployment/web']);
    expect(o.clusterRoles.map((r) => r.metadata?.name)).toEqual(['reader']);
    expect(o.nodes.map((n) => n.metadata?.name)).toEqual(['node-a', 'node-b']);
    expect(o.nodes[0].status).toEqual({ nodeInfo: { kubeletVersion: 'v1.30.4' } });
    expect(o.namespaces.map((n) => n.metadata?.name)).toEqual(['shop']);

    // Secrets: metadata only, by request and in the snapshot.
    expect(o.secrets.map((x) => [x.metadata.name, x.type])).toEqual([
      ['db', undefined],
      ['legacy-token', 'kubernetes.io/service-account-token'], // learnt with a metadata-only list filtered by type
    ]);
    expect(o.secrets[0]).toMatchObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' } });
    expect(o.secrets[0].metadata.annotations).toEqual({});
    const secretRequests = sim.requestLog.filter((r) => r.path.endsWith('/secrets'));
    expect(secretRequests.length).toBeGreaterThan(0);
    for (const r of secretRequests) expect(r.accept).toContain('as=PartialObjectMetadataList');
    expect(secretRequests.some((r) => r.query.fieldSelector === 'type=kubernetes.io/service-account-token')).toBe(true);
    // ConfigMaps: key names and the keys holding a credential, inspected as the page is read; no value.
    expect(o.configMaps).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: expect.objectContaining({ name: 'cfg', namespace: 'shop' }),
        keys: ['HOST', 'BROKER', 'blob'],
        credentials: [{ key: 'BROKER', kind: 'url-password' }],
      },
    ]);
    const everything = JSON.stringify(snap);
    for (const v of ['c2VjcmV0LXZhbHVl', 'dG9rZW4tdmFsdWU=', 'db.internal.example', 'AAEC', 'Rb81-kq']) expect(everything).not.toContain(v);

    // Pagination: 8 pods at 3 per page = 3 requests, the later ones with a continue token.
    const podRequests = sim.requestLog.filter((r) => r.path === '/api/v1/pods');
    expect(podRequests.map((r) => r.query.limit)).toEqual(['3', '3', '3']);
    expect(podRequests.filter((r) => r.query.continue).length).toBe(2);

    // Kubelets: node-a has a config; node-b has none (404) → a coverage gap, not a failure.
    expect(snap.kubelets).toEqual([{ nodeName: 'node-a', config: { readOnlyPort: 10255 } }]);
    expect(snap.coverage.gaps).toEqual([expect.objectContaining({ resource: 'nodes/proxy (configz) on node-b', reason: 'not-found' })]);
    expect(snap.controlPlane.map((c) => `${c.component}:${c.flags['anonymous-auth']}`)).toEqual(['kube-apiserver:false']);

    // Progress: kind N of M, ending at M of M with every object counted.
    const last = events[events.length - 1];
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i + 1));
    expect(last.index).toBe(last.total);
    expect(last.objects).toBeGreaterThanOrEqual(o.pods.length + o.nodes.length + o.secrets.length);
    expect(events.every((e) => e.phase === 'collect')).toBe(true);
  });

  it('turns forbidden kinds into coverage gaps and completes', async () => {
    const kc = kcFrom(sim.kubeconfigFor({ token: sim.restrictedToken }));
    const snap = await collectClusterSnapshot(kc, { pageSize: 100 });
    const gaps = snap.coverage.gaps;
    const forbidden = gaps.filter((g) => g.reason === 'forbidden').map((g) => g.resource).sort();
    expect(forbidden).toEqual(['clusterrolebindings', 'clusterroles', 'nodes/proxy (configz) on node-a, node-b', 'rolebindings', 'roles', 'secrets'].sort());
    expect(gaps.find((g) => g.resource === 'secrets')?.message).toMatch(/Grant list on secrets to the scanner's identity.*or accept the gap/);
    expect(snap.objects.secrets).toEqual([]);
    expect(snap.objects.pods.length).toBe(8);
  });

  it('fails as forbidden when the identity may list nothing at all', async () => {
    const token = sim.addToken({ user: 'system:serviceaccount:x:nobody', deny: [{ verb: 'list' }] });
    const err = await collectClusterSnapshot(kcFrom(sim.kubeconfigFor({ token }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).code).toBe('forbidden');
    expect((err as CollectError).message).toMatch(/read-only ClusterRole/);
  });

  it('retries a 500, a 429 (honouring Retry-After), a truncated body and a reset connection', async () => {
    sim.setFaults([
      { match: '/api/v1/pods', times: 1, action: { type: 'status', code: 500 } },
      { match: '/apis/apps/v1/deployments', times: 1, action: { type: 'rate-limit', retryAfterSeconds: 1 } },
      { match: '/api/v1/namespaces?', times: 1, action: { type: 'truncate' } },
      { match: '/api/v1/services', times: 1, action: { type: 'close' } },
    ]);
    const started = Date.now();
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { backoffBaseMs: 10 });
    expect(sim.faultHits()).toEqual([1, 1, 1, 1]);
    expect(snap.objects.pods.length).toBe(8);
    expect(snap.objects.deployments.length).toBe(1);
    expect(snap.objects.namespaces.length).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // waited for Retry-After: 1
    const deploymentStatuses = sim.requestLog.filter((r) => r.path === '/apis/apps/v1/deployments').map((r) => r.status);
    expect(deploymentStatuses).toEqual([429, 200]);
  });

  it('restarts a list whose continue token expired (410)', async () => {
    sim.setFaults([{ match: /\/api\/v1\/pods\?.*continue=/, times: 1, action: { type: 'status', code: 410, message: 'The provided continue parameter is too old' } }]);
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { pageSize: 5 });
    expect(snap.objects.pods.length).toBe(8);
    const pods = sim.requestLog.filter((r) => r.path === '/api/v1/pods');
    expect(pods.map((r) => [r.status, r.query.continue ? 'cont' : 'first'])).toEqual([
      [200, 'first'],
      [410, 'cont'],
      [200, 'first'],
      [200, 'cont'],
    ]);
  });

  it('fails with a typed error after retries are exhausted', async () => {
    sim.setFaults([{ match: '/api/v1/pods', action: { type: 'status', code: 503 } }]);
    const err = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { retries: 2, backoffBaseMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).code).toBe('server');
    expect((err as CollectError).message).toMatch(/kept failing GET \/api\/v1\/pods.*3 attempts/);
  });

  it('fails as unauthorized on a bad token, with what to do', async () => {
    const err = await collectClusterSnapshot(kcFrom(sim.kubeconfigFor({ token: 'not-a-valid-token' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).code).toBe('unauthorized');
    expect((err as CollectError).message).toMatch(/401.*Refresh/);
    expect((err as CollectError).message).not.toContain('not-a-valid-token');
  });

  it('fails as timeout when the server never answers', async () => {
    sim.setFaults([{ match: '/version', action: { type: 'hang' } }]);
    const err = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { timeoutMs: 300, retries: 1, backoffBaseMs: 5 }).catch((e: unknown) => e);
    expect((err as CollectError).code).toBe('timeout');
  });

  it('fails as tls when the CA does not match', async () => {
    const other = await startKubeSim({ objects: [] });
    try {
      // The other simulator's CA does not sign this server's certificate.
      const yaml = sim.kubeconfig.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(other.caPem).toString('base64')}`);
      const err = await collectClusterSnapshot(kcFrom(yaml)).catch((e: unknown) => e);
      expect((err as CollectError).code).toBe('tls');
    } finally {
      await other.stop();
    }
  });

  it('stops when the caller aborts', async () => {
    sim.setLatency(300);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('scan cancelled')), 100);
      const err = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { signal: controller.signal }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('scan cancelled');
    } finally {
      sim.setLatency(0);
    }
  });

  it('documents the RBAC rules a complete collection needs', () => {
    const rules = scannerClusterRoleRules();
    const core = rules.find((r) => r.apiGroups[0] === '' && r.verbs[0] === 'list');
    expect(core?.resources).toEqual(expect.arrayContaining(['pods', 'secrets', 'configmaps', 'nodes', 'namespaces']));
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
    expect(rules.find((r) => r.apiGroups[0] === 'rbac.authorization.k8s.io')?.resources).toEqual(['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles']);
  });

  it('fails as unreachable when nothing listens', async () => {
    const other = await startKubeSim({ objects: [] });
    const yaml = other.kubeconfig;
    await other.stop();
    const err = await collectClusterSnapshot(kcFrom(yaml), { retries: 1, backoffBaseMs: 5 }).catch((e: unknown) => e);
    expect((err as CollectError).code).toBe('unreachable');
    expect((err as CollectError).message).toMatch(/Cannot reach the API server/);
  });
});

describe('collectClusterSnapshot: custom resources the checks read', () => {
  const crd = (group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', versions: string[]): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope, names: { kind, plural, singular: kind.toLowerCase() }, versions: versions.map((name, i) => ({ name, served: true, storage: i === 0 })) },
  });
  const crObjects = (): KubeObject[] => [
    crd('policies.kyverno.io', 'ImageValidatingPolicy', 'imagevalidatingpolicies', 'Cluster', ['v1', 'v1beta1', 'v1alpha1']),
    crd('portieris.cloud.ibm.com', 'ClusterImagePolicy', 'clusterimagepolicies', 'Cluster', ['v1']),
    crd('portieris.cloud.ibm.com', 'ImagePolicy', 'imagepolicies', 'Namespaced', ['v1']),
    crd('templates.gatekeeper.sh', 'ConstraintTemplate', 'constrainttemplates', 'Cluster', ['v1']),
    // Gatekeeper creates one CRD per ConstraintTemplate in constraints.gatekeeper.sh.
    crd('constraints.gatekeeper.sh', 'RatifyVerification', 'ratifyverification', 'Cluster', ['v1beta1', 'v1alpha1', 'v1']),
    crd('constraints.gatekeeper.sh', 'K8sRequiredLabels', 'k8srequiredlabels', 'Cluster', ['v1beta1', 'v1alpha1', 'v1']),
    crd('external-secrets.io', 'ExternalSecret', 'externalsecrets', 'Namespaced', ['v1', 'v1beta1']),
    crd('bitnami.com', 'SealedSecret', 'sealedsecrets', 'Namespaced', ['v1alpha1']),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'policies.kyverno.io/v1', kind: 'ImageValidatingPolicy', metadata: { name: 'release-signed' }, spec: { validationActions: ['Deny'] } },
    {
      apiVersion: 'portieris.cloud.ibm.com/v1',
      kind: 'ClusterImagePolicy',
      metadata: { name: 'default-allow' },
      spec: { repositories: [{ name: '*', policy: {} }] },
    },
    {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 'ratifyverification' },
      spec: { crd: { spec: { names: { kind: 'RatifyVerification' } } }, targets: [] },
    },
    { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'RatifyVerification', metadata: { name: 'ratify-constraint' }, spec: { enforcementAction: 'deny' } },
    ...['team', 'owner', 'cost-center'].map((n) => ({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', metadata: { name: `require-${n}` }, spec: {} })),
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, data: [{ secretKey: 'pw', remoteRef: { key: 'shop/db-remote-path' } }] },
    },
    { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'token', namespace: 'shop' }, spec: { encryptedData: { token: 'AgSEALEDCIPHERTEXT42' } } },
  ];

  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ objects: crObjects() });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => sim.clearRequestLog());

  const names = (list: Array<{ kind: string; metadata: { namespace?: string; name?: string } }>): string[] =>
    list.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

  it('lists image policies, every Gatekeeper constraint kind (found by discovery) and secret-store objects, paginated', async () => {
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { pageSize: 2 });
    expect(names(snap.objects.policies)).toEqual([
      'ClusterImagePolicy /default-allow',
      'ConstraintTemplate /ratifyverification',
      'ImageValidatingPolicy /release-signed',
      'K8sRequiredLabels /require-cost-center',
      'K8sRequiredLabels /require-owner',
      'K8sRequiredLabels /require-team',
      'RatifyVerification /ratify-constraint',
    ]);
    expect(snap.objects.policies.find((p) => p.kind === 'ImageValidatingPolicy')?.apiVersion).toBe('policies.kyverno.io/v1');
    expect(names(snap.objects.secretStores)).toEqual(['ExternalSecret shop/db', 'SealedSecret shop/token']);
    expect(snap.coverage.gaps).toEqual([]);

    // Constraints: the kinds come from the group's discovery document, each list is paginated.
    expect(sim.requestLog.some((r) => /^\/apis\/constraints\.gatekeeper\.sh\/v1(beta1)?$/.test(r.path))).toBe(true);
    const labelLists = sim.requestLog.filter((r) => /^\/apis\/constraints\.gatekeeper\.sh\/v1(beta1)?\/k8srequiredlabels$/.test(r.path));
    expect(labelLists.map((r) => r.query.limit)).toEqual(['2', '2']);
    // Secret-store objects: metadata only, by request and in the snapshot.
    const storeLists = sim.requestLog.filter((r) => /\/(externalsecrets|sealedsecrets)$/.test(r.path));
    expect(storeLists.length).toBeGreaterThanOrEqual(2);
    for (const r of storeLists) expect(r.accept).toContain('as=PartialObjectMetadataList');
    expect(snap.objects.secretStores.find((o) => o.kind === 'SealedSecret')).toMatchObject({ apiVersion: 'bitnami.com/v1alpha1', metadata: { name: 'token', namespace: 'shop' } });
    const all = JSON.stringify(snap);
    for (const v of ['AgSEALEDCIPHERTEXT42', 'shop/db-remote-path']) expect(all).not.toContain(v);
  });

  it('gives the checks their verdicts on the collected snapshot', async () => {
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig));
    const ctx = createCheckContext(snap);
    expect([...imageSignaturePolicy.evaluate(ctx)].map((r) => r.status)).toEqual(['pass']);
    expect([...externalSecretStore.evaluate(ctx)].map((r) => r.status)).toEqual(['pass']);
  });

  it('turns a forbidden constraint / image-policy list into coverage gaps, never a crash', async () => {
    const token = sim.addToken({
      user: 'system:serviceaccount:rampart:no-policies',
      deny: [{ group: 'constraints.gatekeeper.sh' }, { group: 'policies.kyverno.io' }, { group: 'bitnami.com' }],
    });
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfigFor({ token })));
    const forbidden = snap.coverage.gaps.filter((g) => g.reason === 'forbidden').map((g) => g.resource).sort();
    expect(forbidden).toEqual(['imagevalidatingpolicies', 'k8srequiredlabels', 'ratifyverification', 'sealedsecrets']);
    expect(snap.objects.policies.some((p) => p.kind === 'RatifyVerification' || p.kind === 'ImageValidatingPolicy')).toBe(false);
    expect(names(snap.objects.secretStores)).toEqual(['ExternalSecret shop/db']);
    // The template is visible, its constraints are not: no verdict rather than a guess.
    expect([...imageSignaturePolicy.evaluate(createCheckContext(snap))].map((r) => r.status)).toEqual(['not-applicable']);
  });

  it('asks the scanner role for the new static kinds (constraint kinds are dynamic and not in it)', () => {
    const rules = scannerClusterRoleRules();
    const of = (group: string) => rules.find((r) => r.apiGroups[0] === group)?.resources;
    expect(of('policies.kyverno.io')).toEqual(expect.arrayContaining(['imagevalidatingpolicies']));
    expect(of('portieris.cloud.ibm.com')).toEqual(['clusterimagepolicies', 'imagepolicies']);
    expect(of('external-secrets.io')).toEqual(expect.arrayContaining(['externalsecrets', 'secretstores', 'clustersecretstores']));
    expect(rules.some((r) => r.resources.includes('*'))).toBe(false);
  });
});

describe('collectClusterSnapshot: CNI and admin network policies', () => {
  const crd = (group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', version: string): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope, names: { kind, plural, singular: kind.toLowerCase() }, versions: [{ name: version, served: true, storage: true }] },
  });
  const cnp = (i: number): KubeObject => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `deny-${i}`, namespace: 'shop' },
    spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{}] }] },
  });
  const objectsWith = (): KubeObject[] => [
    crd('cilium.io', 'CiliumNetworkPolicy', 'ciliumnetworkpolicies', 'Namespaced', 'v2'),
    crd('cilium.io', 'CiliumClusterwideNetworkPolicy', 'ciliumclusterwidenetworkpolicies', 'Cluster', 'v2'),
    crd('crd.projectcalico.org', 'GlobalNetworkPolicy', 'globalnetworkpolicies', 'Cluster', 'v1'),
    crd('crd.projectcalico.org', 'NetworkPolicy', 'networkpolicies', 'Namespaced', 'v1'),
    crd('policy.networking.k8s.io', 'AdminNetworkPolicy', 'adminnetworkpolicies', 'Cluster', 'v1alpha1'),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    },
    cnp(1),
    cnp(2),
    cnp(3),
    { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'cw' }, spec: { endpointSelector: {}, egressDeny: [{ toCIDR: ['169.254.169.254/32'] }] } },
    { apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', metadata: { name: 'default.gnp' }, spec: { selector: 'all()', types: ['Ingress'] } },
    { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'anp' }, spec: { priority: 1, subject: { namespaces: {} } } },
  ];
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ objects: objectsWith() });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => sim.clearRequestLog());

  it('lists the policies of every served group, paginated, and the checks read them', async () => {
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { pageSize: 2 });
    expect(snap.objects.cniNetworkPolicies.map((p) => `${p.kind} ${p.metadata.namespace ?? ''}/${p.metadata.name}`).sort()).toEqual([
      'AdminNetworkPolicy /anp',
      'CiliumClusterwideNetworkPolicy /cw',
      'CiliumNetworkPolicy shop/deny-1',
      'CiliumNetworkPolicy shop/deny-2',
      'CiliumNetworkPolicy shop/deny-3',
      'GlobalNetworkPolicy /default.gnp',
    ]);
    expect(snap.coverage.gaps).toEqual([]);
    const cnpLists = sim.requestLog.filter((r) => r.path === '/apis/cilium.io/v2/ciliumnetworkpolicies');
    expect(cnpLists.map((r) => r.query.limit)).toEqual(['2', '2']);
    // Groups discovery does not show are not asked for (no Antrea here).
    expect(sim.requestLog.some((r) => r.path.startsWith('/apis/crd.antrea.io'))).toBe(false);
    const ctx = createCheckContext(snap);
    expect([...networkPolicyMissing.evaluate(ctx)].map((r) => [r.resource.name, r.status])).toEqual([['shop', 'pass']]);
    expect([...metadataApiEgress.evaluate(ctx)].map((r) => [r.resource.name, r.status])).toEqual([['shop', 'pass']]);
  });

  it('turns a forbidden CNI policy list into a named coverage gap, and the checks into not-applicable', async () => {
    const token = sim.addToken({ user: 'system:serviceaccount:rampart:no-cilium', deny: [{ group: 'cilium.io' }] });
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfigFor({ token })));
    expect(snap.coverage.gaps.filter((g) => g.reason === 'forbidden').map((g) => g.resource).sort()).toEqual([
      'ciliumclusterwidenetworkpolicies.cilium.io',
      'ciliumnetworkpolicies.cilium.io',
    ]);
    const ctx = createCheckContext(snap);
    expect([...networkPolicyMissing.evaluate(ctx)].map((r) => [r.resource.kind, r.status])).toEqual([['Cluster', 'not-applicable']]);
  });

  it('asks the scanner role for the CNI policy kinds', () => {
    const rules = scannerClusterRoleRules();
    const of = (group: string) => rules.find((r) => r.apiGroups[0] === group)?.resources;
    expect(of('cilium.io')).toEqual(['ciliumclusterwidenetworkpolicies', 'ciliumnetworkpolicies']);
    expect(of('projectcalico.org')).toEqual(['globalnetworkpolicies', 'networkpolicies']);
    expect(of('crd.antrea.io')).toEqual(['clusternetworkpolicies', 'networkpolicies']);
    expect(of('policy.networking.k8s.io')).toEqual(['adminnetworkpolicies', 'baselineadminnetworkpolicies']);
  });
});

describe('collectClusterSnapshot: Gateway API', () => {
  const crd = (kind: string, plural: string): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.gateway.networking.k8s.io` },
    spec: { group: 'gateway.networking.k8s.io', scope: 'Namespaced', names: { kind, plural, singular: kind.toLowerCase() }, versions: [{ name: 'v1', served: true, storage: true }] },
  });
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({
      objects: [
        crd('Gateway', 'gateways'),
        crd('HTTPRoute', 'httproutes'),
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'edge' }, spec: { gatewayClassName: 'envoy', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'edge' }, spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } },
      ],
    });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('lists Gateways and routes when the group is served (GRPCRoute not installed is no gap), and ingress-without-tls reads them', async () => {
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig));
    expect(snap.objects.gatewayApi.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(['Gateway edge/public', 'HTTPRoute edge/web']);
    expect(snap.coverage.gaps).toEqual([]);
    expect([...ingressWithoutTls.evaluate(createCheckContext(snap))].map((r) => [r.resource.kind, r.resource.name, r.status])).toEqual([['Gateway', 'public', 'fail']]);
  });

  it('asks the scanner role for the Gateway API kinds', () => {
    expect(scannerClusterRoleRules().find((r) => r.apiGroups[0] === 'gateway.networking.k8s.io')?.resources).toEqual(['gateways', 'grpcroutes', 'httproutes']);
  });
});

describe('collectClusterSnapshot: workloads defined by custom resources (Argo Rollouts, OpenShift DeploymentConfig)', () => {
  const crd = (group: string, kind: string, plural: string, version: string): KubeObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope: 'Namespaced', names: { kind, plural, singular: kind.toLowerCase() }, versions: [{ name: version, served: true, storage: true }] },
  });
  const template = (image: string) => ({ metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'app', image }] } });
  const owner = (apiVersion: string, kind: string, name: string, uid: string) => [{ apiVersion, kind, name, uid, controller: true }];
  const withCrds = (): KubeObject[] => [
    crd('argoproj.io', 'Rollout', 'rollouts', 'v1alpha1'),
    crd('apps.openshift.io', 'DeploymentConfig', 'deploymentconfigs', 'v1'),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ...['a', 'b', 'c'].map((n) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: `ro-${n}`, namespace: 'shop', uid: `uid-ro-${n}` },
      spec: { template: template('registry.example.com/app:1') },
    })),
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'ro-a-7f8d9c6b5', namespace: 'shop', uid: 'uid-rs-a', labels: { 'rollouts-pod-template-hash': '7f8d9c6b5' }, ownerReferences: owner('argoproj.io/v1alpha1', 'Rollout', 'ro-a', 'uid-ro-a') },
      spec: { replicas: 1, template: template('registry.example.com/app:1') },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ro-a-7f8d9c6b5-abcde', namespace: 'shop', labels: { 'rollouts-pod-template-hash': '7f8d9c6b5' }, ownerReferences: owner('apps/v1', 'ReplicaSet', 'ro-a-7f8d9c6b5', 'uid-rs-a') },
      spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1' }] },
    },
    { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: { name: 'web', namespace: 'shop', uid: 'uid-dc-web' }, spec: { template: template('web:2') } },
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'web-2', namespace: 'shop', uid: 'uid-rc-web-2', ownerReferences: owner('apps.openshift.io/v1', 'DeploymentConfig', 'web', 'uid-dc-web') },
      spec: { replicas: 1, template: template('web:2') },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-2-xyz12', namespace: 'shop', ownerReferences: owner('v1', 'ReplicationController', 'web-2', 'uid-rc-web-2') },
      spec: { containers: [{ name: 'app', image: 'web:2' }] },
    },
  ];
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ objects: withCrds() });
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => sim.clearRequestLog());

  it('lists Rollouts and DeploymentConfigs when discovery shows their groups, paginated, and folds what they own into them', async () => {
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfig), { pageSize: 2 });
    expect(snap.objects.rollouts.map((r) => `${r.apiVersion} ${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
      'argoproj.io/v1alpha1 shop/ro-a',
      'argoproj.io/v1alpha1 shop/ro-b',
      'argoproj.io/v1alpha1 shop/ro-c',
    ]);
    expect(snap.objects.deploymentConfigs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`)).toEqual(['apps.openshift.io/v1 DeploymentConfig web']);
    expect(snap.coverage.gaps.filter((g) => g.reason !== 'not-found' && !g.resource.startsWith('nodes/proxy'))).toEqual([]);
    const rolloutLists = sim.requestLog.filter((r) => r.path === '/apis/argoproj.io/v1alpha1/rollouts');
    expect(rolloutLists.map((r) => [r.query.limit, r.query.continue ? 'cont' : 'first'])).toEqual([
      ['2', 'first'],
      ['2', 'cont'],
    ]);
    const kinds = createCheckContext(snap).workloads.map((w) => `${w.ref.kind}/${w.ref.name}`).sort();
    expect(kinds).toEqual(['DeploymentConfig/web', 'Rollout/ro-a', 'Rollout/ro-b', 'Rollout/ro-c']);
  });

  it('turns a forbidden Rollout / DeploymentConfig list into a coverage gap', async () => {
    const token = sim.addToken({ user: 'system:serviceaccount:rampart:no-crd-workloads', deny: [{ group: 'argoproj.io' }, { group: 'apps.openshift.io' }] });
    const snap = await collectClusterSnapshot(kcFrom(sim.kubeconfigFor({ token })));
    const forbidden = snap.coverage.gaps.filter((g) => g.reason === 'forbidden');
    expect(forbidden.map((g) => g.resource).sort()).toEqual(['deploymentconfigs', 'rollouts']);
    expect(forbidden.find((g) => g.resource === 'rollouts')?.message).toMatch(/apiGroups: \["argoproj.io"\], resources: \["rollouts"\]/);
    expect(snap.objects.rollouts).toEqual([]);
  });

  it('does not ask for the groups when the cluster does not serve them (silent)', async () => {
    const plain = await startKubeSim({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }] });
    try {
      const snap = await collectClusterSnapshot(kcFrom(plain.kubeconfig));
      expect(plain.requestLog.some((r) => r.path.startsWith('/apis/argoproj.io') || r.path.startsWith('/apis/apps.openshift.io'))).toBe(false);
      expect(snap.coverage.gaps.some((g) => /rollouts|deploymentconfigs/.test(g.resource))).toBe(false);
      expect(snap.objects.rollouts).toEqual([]);
      expect(snap.objects.deploymentConfigs).toEqual([]);
    } finally {
      await plain.stop();
    }
  });

  it('asks the scanner role for rollouts and deploymentconfigs', () => {
    const rules = scannerClusterRoleRules();
    expect(rules).toContainEqual({ apiGroups: ['argoproj.io'], resources: ['rollouts'], verbs: ['list'] });
    expect(rules).toContainEqual({ apiGroups: ['apps.openshift.io'], resources: ['deploymentconfigs'], verbs: ['list'] });
  });
});
