import { describe, expect, it } from 'vitest';
import { parseManifestText } from './load';
import { ExpiredContinueError, ObjectStore, parseLabelSelector, StoreError, type KubeObject } from './store';

const pod = (name: string, namespace?: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

function podsType(store: ObjectStore) {
  const t = store.registry.byPlural('', 'v1', 'pods');
  if (!t) throw new Error('pods type missing');
  return t;
}

describe('manifest parsing', () => {
  it('reads multi-document YAML, expands List and typed lists, skips empty documents', () => {
    const objs = parseManifestText(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}',
        '',
        'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}',
        'apiVersion: v1\nkind: PodList\nitems:\n- {metadata: {name: p, namespace: a}}',
      ].join('\n---\n'),
    );
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/a', 'ConfigMap/x', 'Pod/p']);
  });

  it('names the source on a YAML error', () => {
    expect(() => parseManifestText('kind: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml/);
  });
});

describe('ObjectStore', () => {
  it('fills uid, resourceVersion, creationTimestamp and the default namespace', () => {
    const store = new ObjectStore([pod('a'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'x' } }]);
    const [p] = store.all(podsType(store));
    expect(p.metadata.namespace).toBe('default');
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(p.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const node = store.get(store.registry.byPlural('', 'v1', 'nodes')!, 'n1');
    expect(node?.metadata.namespace).toBeUndefined();
  });

  it('keeps explicit uids (ownerReferences depend on them) and rejects duplicates and unknown kinds', () => {
    const store = new ObjectStore([{ ...pod('a', 'ns'), metadata: { name: 'a', namespace: 'ns', uid: 'fixed-uid' } }]);
    expect(store.get(podsType(store), 'a', 'ns')?.metadata.uid).toBe('fixed-uid');
    expect(() => new ObjectStore([pod('a', 'ns'), pod('a', 'ns')])).toThrow(StoreError);
    expect(() => new ObjectStore([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toThrow(
      /unknown kind Widget/,
    );
  });

  it('turns Secret stringData into base64 data, as the API server stores it', () => {
    const store = new ObjectStore([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, data: { a: 'eA==' }, stringData: { b: 'fake' } },
    ]);
    const secret = store.get(store.registry.byPlural('', 'v1', 'secrets')!, 's', 'a');
    expect(secret).not.toHaveProperty('stringData');
    expect(secret?.data).toEqual({ a: 'eA==', b: Buffer.from('fake').toString('base64') });
  });

  it('serves KubeletConfiguration documents as kubelet configs, not objects', () => {
    const store = new ObjectStore([
      { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', metadata: { name: 'n1' }, readOnlyPort: 10255 },
    ]);
    expect(store.kubeletConfigs.get('n1')).toMatchObject({ readOnlyPort: 10255 });
    expect(store.registry.types.some((t) => t.kind === 'KubeletConfiguration')).toBe(false);
  });

  it('registers custom resources from CRDs', () => {
    const store = new ObjectStore([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Cluster',
          names: { kind: 'Widget', plural: 'widgets' },
          versions: [{ name: 'v1', served: true, storage: true }],
        },
      },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ignored' } },
    ]);
    const t = store.registry.byPlural('example.com', 'v1', 'widgets');
    expect(t?.namespaced).toBe(false);
    expect(store.get(t!, 'w')?.metadata.namespace).toBeUndefined();
  });

  it('paginates in namespace/name order with an opaque continue token and remaining count', () => {
    const store = new ObjectStore([pod('b', 'z'), pod('a', 'z'), pod('c', 'a'), pod('d', 'm'), pod('e', 'm')]);
    const type = podsType(store);
    const names: string[] = [];
    let token: string | undefined;
    const remaining: Array<number | undefined> = [];
    do {
      const page = store.list(type, { limit: 2, continueToken: token });
      names.push(...page.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
      remaining.push(page.remainingItemCount);
      token = page.continueToken;
    } while (token);
    expect(names).toEqual(['a/c', 'm/d', 'm/e', 'z/a', 'z/b']);
    expect(remaining).toEqual([3, 1, undefined]);
  });

  it('expires malformed tokens and tokens from before a reload', () => {
    const objects = [pod('a', 'x'), pod('b', 'x'), pod('c', 'x')];
    const first = new ObjectStore(objects, 1);
    const token = first.list(podsType(first), { limit: 1 }).continueToken;
    expect(token).toBeDefined();
    expect(() => first.list(podsType(first), { continueToken: 'not-a-token' })).toThrow(ExpiredContinueError);
    const second = new ObjectStore(objects, 2);
    expect(() => second.list(podsType(second), { continueToken: token })).toThrow(ExpiredContinueError);
    expect(first.list(podsType(first), { continueToken: token }).items.map((o) => o.metadata.name)).toEqual(['b', 'c']);
  });

  it('filters by label and field selectors', () => {
    const store = new ObjectStore([pod('a', 'x', { app: 'web', tier: 'fe' }), pod('b', 'y', { app: 'db' }), pod('c', 'x')]);
    const type = podsType(store);
    const names = (q: Parameters<ObjectStore['list']>[1]) => store.list(type, q).items.map((o) => o.metadata.name);
    expect(names({ labelSelector: 'app=web' })).toEqual(['a']);
    expect(names({ labelSelector: 'app in (web,db)' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: '!app' })).toEqual(['c']);
    expect(names({ labelSelector: 'app!=web' })).toEqual(['c', 'b']); // x/c sorts before y/b
    expect(names({ fieldSelector: 'metadata.namespace=x' })).toEqual(['a', 'c']);
    expect(names({ fieldSelector: 'metadata.name!=a,metadata.namespace==x' })).toEqual(['c']);
    expect(() => parseLabelSelector('a in b')).toThrow(StoreError);
  });
});
