import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDump, loadManifests, splitJsonValues } from './index';
import { LAST_APPLIED_ANNOTATION as LAST_APPLIED } from '../metadata';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/test-manifests');

describe('loadManifests', () => {
  const res = loadManifests(path.join(FIXTURES, 'mixed'));
  const { objects } = res.snapshot;

  it('loads YAML, JSON, kind: List and typed lists from a directory recursively', () => {
    expect(res.snapshot.source).toEqual({ type: 'manifests', name: path.join(FIXTURES, 'mixed') });
    expect(objects.deployments.map((d) => d.metadata?.name)).toEqual(['web']);
    expect(objects.serviceAccounts.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(['ci/builder']);
    expect(objects.clusterRoleBindings.map((b) => b.metadata?.name)).toEqual(['builder-admin']);
    expect(objects.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).toEqual(['ci/debug', 'kube-system/kube-apiserver-cp-1']);
    // typed list items get apiVersion/kind from the list
    expect(objects.pods.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1')).toBe(true);
    expect(objects.services.map((s) => s.metadata?.name)).toEqual(['first-ok', 'last-ok']);
  });

  it('puts namespaced objects without a namespace in default, drops namespace of cluster-scoped ones', () => {
    expect(objects.deployments[0].metadata?.namespace).toBe('default');
    expect(objects.namespaces[0].metadata).toEqual({ name: 'shop' });
    expect(objects.clusterRoleBindings[0].metadata?.namespace).toBeUndefined();
  });

  it('keeps Secrets as metadata + type and ConfigMaps as metadata + key names, never values', () => {
    expect(objects.secrets).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: 'shop', annotations: {} }, type: 'Opaque' }]);
    expect(objects.configMaps).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, keys: ['LOG_LEVEL', 'DB_HOST', 'logo.png'], credentials: [] }]);
    const all = JSON.stringify(res.snapshot);
    for (const value of ['c3VwZXJzZWNyZXQ=', 'plain-text-secret-value', 'db.internal', 'aGVsbG8=']) expect(all).not.toContain(value);
    expect(objects.deployments[0].metadata?.annotations).toEqual({});
  });

  it('turns KubeletConfiguration documents into kubelet info and kube-system pods into control-plane components', () => {
    expect(res.snapshot.kubelets).toEqual([{ nodeName: 'worker-1', config: { authentication: { anonymous: { enabled: true } }, readOnlyPort: 10255 } }]);
    expect(res.snapshot.controlPlane).toHaveLength(1);
    expect(res.snapshot.controlPlane[0]).toMatchObject({
      component: 'kube-apiserver',
      pod: { namespace: 'kube-system', name: 'kube-apiserver-cp-1' },
      flags: { 'anonymous-auth': 'false', 'authorization-mode': 'Node,RBAC' },
    });
  });

  it('reports malformed documents with file and line and still loads the rest', () => {
    expect(res.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['nested/broken.yaml:12', 'nested/broken.yaml:15', 'nested/broken.yaml:18']);
    expect(res.errors[0].message).toMatch(/invalid YAML/);
    expect(res.errors[1].message).toMatch(/not a mapping/);
    expect(res.errors[2].message).toMatch(/lacks apiVersion or kind/);
  });

  it('remembers the file and start line of every object (list items included)', () => {
    expect(res.locations.get('Deployment/default/web')).toEqual({ file: 'app.yaml', line: 2 });
    expect(res.locations.get('Secret/shop/db-credentials')).toEqual({ file: 'app.yaml', line: 19 });
    expect(res.locations.get('ClusterRoleBinding//builder-admin')).toEqual({ file: 'list.json', line: 10 });
    expect(res.locations.get('Pod/ci/debug')).toEqual({ file: 'pods.yaml', line: 15 });
    expect(res.locations.get('Service/shop/last-ok')).toEqual({ file: 'nested/broken.yaml', line: 22 });
  });

  it('reads Helm-rendered output: # Source comments, empty documents', () => {
    const helm = loadManifests(path.join(FIXTURES, 'helm', 'rendered.yaml'));
    expect(helm.errors).toEqual([]);
    expect(helm.snapshot.objects.serviceAccounts.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(['default/shop']);
    expect(helm.snapshot.objects.deployments.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual(['shop/shop']);
    expect(helm.locations.get('Deployment/shop/shop')).toEqual({ file: 'rendered.yaml', line: 13 });
    expect(helm.root).toBe(path.join(FIXTURES, 'helm'));
  });

  it('counts kinds no check reads, and lets a later duplicate win', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-load-'));
    writeFileSync(
      path.join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x}\nspec: {type: ClusterIP}\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: x}\nspec: {type: NodePort}\n',
    );
    const r = loadManifests(dir);
    expect(r.snapshot.objects.services.map((s) => s.spec?.type)).toEqual(['NodePort']);
    expect(r.duplicates).toEqual(['Service/x/s']);
    expect([...r.ignoredKinds]).toEqual([['storage.k8s.io/v1/StorageClass', 1]]);
  });

  it('parses large JSON manifests with JSON.parse and still locates their objects', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-bigjson-'));
    const items = Array.from({ length: 4000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'big', annotations: { pad: 'x'.repeat(500) } } }));
    writeFileSync(path.join(dir, 'big.json'), '\n\n' + JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const r = loadManifests(dir);
    expect(r.errors).toEqual([]);
    expect(r.snapshot.objects.services).toHaveLength(4000);
    expect(r.locations.get('Service/big/svc-3999')).toEqual({ file: 'big.json', line: 3 });
  });

  it('reads YAML as kubectl does (1.1: yes/on booleans, merge keys)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-yaml11-'));
    writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\nspec:\n  containers:\n    - &base {name: a, image: nginx, securityContext: {privileged: yes}}\n    - <<: *base\n      name: b\n',
    );
    const r = loadManifests(dir);
    expect(r.errors).toEqual([]);
    const containers = r.snapshot.objects.pods[0].spec?.containers ?? [];
    expect(containers.map((c) => [c.name, c.image, c.securityContext?.privileged])).toEqual([
      ['a', 'nginx', true],
      ['b', 'nginx', true],
    ]);
  });

  it('throws for a path that does not exist or has no manifests', () => {
    expect(() => loadManifests(path.join(FIXTURES, 'nope'))).toThrow(/no such file/);
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-empty-'));
    expect(() => loadManifests(dir)).toThrow(/no \*\.yaml/);
  });
});

describe('loadDump', () => {
  it('reads concatenated kubectl -o json lists, dropping managedFields, secret values and node images', () => {
    const res = loadDump(path.join(FIXTURES, 'dump', 'cluster.json'));
    expect(res.errors).toEqual([]);
    const { objects } = res.snapshot;
    expect(res.snapshot.source.type).toBe('dump');
    expect(objects.pods.map((p) => p.metadata?.name)).toEqual(['api-7d9c']);
    expect(objects.pods[0].metadata?.managedFields).toBeUndefined();
    expect(objects.deployments.map((d) => d.metadata?.name)).toEqual(['api']);
    expect(objects.secrets).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'shop' }, type: 'kubernetes.io/tls' }]);
    expect(objects.nodes[0].status).toEqual({ nodeInfo: { kubeletVersion: 'v1.30.4' } });
    expect(JSON.stringify(res.snapshot)).not.toContain('LS0tLS1CRUdJTg==');
  });

  it('reads a single list, an array, and reports a truncated tail while keeping what came before', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-dump-'));
    const one = path.join(dir, 'one.json');
    writeFileSync(one, JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] }));
    expect(loadDump(one).snapshot.objects.namespaces.map((n) => n.metadata?.name)).toEqual(['a', 'b']);
    const trunc = path.join(dir, 'trunc.json');
    writeFileSync(trunc, '{"kind":"List","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ok"}}]}\n{"kind":"List","items":[{"apiVersion":"v1","kind"');
    const r = loadDump(trunc);
    expect(r.snapshot.objects.namespaces.map((n) => n.metadata?.name)).toEqual(['ok']);
    expect(r.errors).toEqual([{ file: 'trunc.json', line: 2, message: expect.stringMatching(/not terminated/) }]);
  });

  it('inspects ConfigMap values as they are read and keeps only which keys hold a credential, never the values', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-cm-dump-'));
    const file = path.join(dir, 'dump.json');
    const url = 'postgres://shop:' + 'Zq81xkLm' + '@db:5432/shop';
    const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(3)}\n-----END PRIVATE KEY-----\n`;
    const items = [
      { metadata: { name: 'app', namespace: 'shop', annotations: { [LAST_APPLIED]: JSON.stringify({ data: { DATABASE: url } }) } }, data: { DATABASE: url, LOG_LEVEL: 'info' } },
      { metadata: { name: 'keys', namespace: 'shop' }, binaryData: { 'signing.pem': Buffer.from(pem).toString('base64') } },
    ];
    writeFileSync(file, JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', items }));
    const res = loadDump(file);
    expect(res.snapshot.objects.configMaps.map((c) => [c.metadata.name, c.keys, c.credentials])).toEqual([
      ['app', ['DATABASE', 'LOG_LEVEL'], [{ key: 'DATABASE', kind: 'url-password' }]],
      ['keys', ['signing.pem'], [{ key: 'signing.pem', kind: 'private-key', binary: true }]],
    ]);
    const all = JSON.stringify(res.snapshot);
    for (const v of ['Zq81xkLm', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', Buffer.from(pem).toString('base64').slice(0, 40)]) expect(all).not.toContain(v);
  });

  it('stores NUL and lone surrogates as U+FFFD and reports an object it cannot read, loading everything else', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-hostile-dump-'));
    const file = path.join(dir, 'dump.json');
    const pod = (name: string, spec: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', annotations: { note: 'a\u0000b\ud800' } }, spec });
    const items = [
      pod('fine', { containers: [{ name: 'app', image: 'app:1', args: ['--x=\u0000'] }] }),
      pod('containers-not-a-list', { containers: 'app' }),
      pod('env-not-a-list', { containers: [{ name: 'app', image: 'app:1', env: { A: 'b' } }] }),
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w\u0000' } },
    ];
    writeFileSync(file, JSON.stringify({ kind: 'List', apiVersion: 'v1', items }));
    const res = loadDump(file);
    expect(res.snapshot.objects.pods.map((p) => p.metadata?.name)).toEqual(['fine']);
    expect(res.snapshot.objects.pods[0]!.metadata?.annotations?.note).toBe('a\ufffdb\ufffd');
    expect(res.snapshot.objects.pods[0]!.spec?.containers[0]!.args).toEqual(['--x=\ufffd']);
    expect(res.errors.map((e) => e.message)).toEqual([
      'items[1]: Pod shop/containers-not-a-list: spec.containers is not a list',
      'items[2]: Pod shop/env-not-a-list: spec.containers[0].env is not a list',
    ]);
    expect(res.ignoredKinds.get('example.com/v1/Widget')).toBe(1);
  });

  it('reports an object nested deeper than any real one instead of overflowing the stack', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-deep-dump-'));
    const file = path.join(dir, 'dump.json');
    const deep = '{"a":'.repeat(100_000) + '{}' + '}'.repeat(100_000);
    writeFileSync(file, `{"kind":"List","apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ok"}},{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"deep","namespace":"shop"},"spec":${deep}}]}`);
    const res = loadDump(file);
    expect(res.snapshot.objects.namespaces.map((n) => n.metadata?.name)).toEqual(['ok']);
    expect(res.errors.map((e) => e.message)).toEqual(['items[1]: Rollout shop/deep: nests maps and lists more than 200 levels deep']);
  });

  it('splitJsonValues respects strings containing braces', () => {
    const { parts, error } = splitJsonValues('{"a":"}{"}\n[1,{"b":"]"}]');
    expect(error).toBeUndefined();
    expect(parts.map((p) => JSON.parse(p.text))).toEqual([{ a: '}{' }, [1, { b: ']' }]]);
    expect(parts.map((p) => p.line)).toEqual([1, 2]);
  });
});

describe('custom resources the checks read', () => {
  // One object per integration the secrets / images checks recognise, none with its CRD.
  const MANIFEST = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: orders-db}
spec:
  secretStoreRef: {name: vault-backend, kind: ClusterSecretStore}
  data: [{secretKey: password, remoteRef: {key: orders/db}}]
---
apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata: {name: vault-backend, namespace: ignored}
spec:
  provider: {vault: {server: "https://vault.internal:8200"}}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: api-token, namespace: shop}
spec:
  encryptedData: {token: AgCIPHERTEXTnotAvalue0123}
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: {name: kv, namespace: shop}
spec: {provider: azure}
---
apiVersion: kubernetes-client.io/v1
kind: ExternalSecret
metadata: {name: legacy, namespace: shop}
spec: {backendType: secretsManager, data: [{key: shop/legacy, name: pw}]}
---
apiVersion: secrets.infisical.com/v1alpha1
kind: InfisicalSecret
metadata: {name: app, namespace: shop}
spec: {hostAPI: "https://app.infisical.com/api"}
---
apiVersion: spv.no/v2beta1
kind: AzureKeyVaultSecret
metadata: {name: cert, namespace: shop}
spec: {vault: {name: corp-kv, object: {name: tls, type: certificate}}}
---
apiVersion: policies.kyverno.io/v1
kind: ImageValidatingPolicy
metadata: {name: signed-only, namespace: ignored}
spec: {validationActions: [Deny]}
---
apiVersion: portieris.cloud.ibm.com/v1
kind: ClusterImagePolicy
metadata: {name: trust-all-icr}
spec: {repositories: [{name: "icr.io/*", policy: {trust: {enabled: true}}}]}
---
apiVersion: portieris.cloud.ibm.com/v1
kind: ImagePolicy
metadata: {name: team}
spec: {repositories: [{name: "*", policy: {}}]}
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: RatifyVerification
metadata: {name: ratify-constraint}
spec: {enforcementAction: deny}
`;

  const names = (list: Array<{ kind: string; metadata: { namespace?: string; name?: string } }>): string[] =>
    list.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

  it('routes secret-store and image-policy custom resources into the snapshot from manifests, with the right scope', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-crs-'));
    writeFileSync(path.join(dir, 'crs.yaml'), MANIFEST);
    const r = loadManifests(dir);
    expect(r.errors).toEqual([]);
    expect([...r.ignoredKinds]).toEqual([]);
    expect(names(r.snapshot.objects.secretStores)).toEqual([
      'AzureKeyVaultSecret shop/cert',
      'ClusterSecretStore /vault-backend',
      'ExternalSecret default/orders-db',
      'ExternalSecret shop/legacy',
      'InfisicalSecret shop/app',
      'SealedSecret shop/api-token',
      'SecretProviderClass shop/kv',
    ]);
    expect(names(r.snapshot.objects.policies)).toEqual([
      'ClusterImagePolicy /trust-all-icr',
      'ImagePolicy default/team',
      'ImageValidatingPolicy /signed-only',
      'RatifyVerification /ratify-constraint',
    ]);
    expect(r.locations.get('SealedSecret/shop/api-token')).toEqual({ file: 'crs.yaml', line: 15 });
  });

  it('keeps secret-store objects as metadata only (no spec: sealed ciphertext, provider settings)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-crs-'));
    writeFileSync(path.join(dir, 'crs.yaml'), MANIFEST);
    const { objects } = loadManifests(dir).snapshot;
    const sealed = objects.secretStores.find((o) => o.kind === 'SealedSecret');
    expect(sealed).toEqual({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'api-token', namespace: 'shop' } });
    const text = JSON.stringify(objects.secretStores);
    for (const value of ['AgCIPHERTEXTnotAvalue0123', 'vault.internal', 'orders/db']) expect(text).not.toContain(value);
  });

  it('routes the same objects from a kubectl -o json dump', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-crs-dump-'));
    const items = [
      { apiVersion: 'external-secrets.io/v1beta1', kind: 'SecretStore', metadata: { name: 'aws', namespace: 'shop' }, spec: { provider: { aws: { region: 'eu-west-1' } } } },
      { apiVersion: 'policies.kyverno.io/v1alpha1', kind: 'ImageValidatingPolicy', metadata: { name: 'ivp' }, spec: { validationActions: ['Deny'] } },
      { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'RatifyVerification', metadata: { name: 'c' }, spec: {} },
    ];
    const file = path.join(dir, 'dump.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const r = loadDump(file);
    expect(r.errors).toEqual([]);
    expect(names(r.snapshot.objects.secretStores)).toEqual(['SecretStore shop/aws']);
    expect(names(r.snapshot.objects.policies)).toEqual(['ImageValidatingPolicy /ivp', 'RatifyVerification /c']);
  });
});
