import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../lib/k8s/load/manifests';
import { analyzeRbac } from '../../lib/rbac/analyze';
import { riskySubjects } from '../../lib/rbac/escalation';
import {
  DEFAULT_SEEDS,
  buildRbacModel,
  graphNeighbourhood,
  rbacArtifactFromSnapshot,
  riskyView,
  searchGraphNodes,
  subjectView,
  whoCanCsv,
  whoCanView,
} from '../../lib/rbac/explorer';
import { cr, crb, deployment, docs, modelOf, rb, sa } from './helpers';

const demo = loadManifests('fixtures/demo-cluster').snapshot;
const demoModel = buildRbacModel(JSON.parse(JSON.stringify(rbacArtifactFromSnapshot(demo))));

describe('rbac-snapshot artifact', () => {
  it('rebuilds the same analysis as the full snapshot, without secrets or container specs', () => {
    const direct = analyzeRbac(demo);
    expect(demoModel.analysis.grants.length).toBe(direct.grants.length);
    expect(demoModel.analysis.subjects.map((s) => s.key).sort()).toEqual(direct.subjects.map((s) => s.key).sort());
    expect(riskySubjects(demoModel.analysis).map((r) => [r.subject.key, r.risks])).toEqual(riskySubjects(direct).map((r) => [r.subject.key, r.risks]));
    const text = JSON.stringify(demoModel.artifact);
    expect(text).not.toContain('"containers"');
    expect(text).not.toContain('"env"');
    expect(text).not.toContain('"image"');
  });

  it('finds which workloads are exposed (LoadBalancer, NodePort, Ingress)', () => {
    const rows = riskyView(demoModel);
    const dashboard = rows.find((r) => r.subjectKey === 'ServiceAccount:kubernetes-dashboard/kubernetes-dashboard')!;
    expect(dashboard.exposed).toBe(true);
    expect(dashboard.workloads[0]!.exposure.map((e) => e.kind)).toContain('LoadBalancer');
    // Ranked: critical first, exposed before unexposed at equal severity.
    expect(rows[0]!.subjectKey).toBe('ServiceAccount:kubernetes-dashboard/kubernetes-dashboard');
    expect(rows.every((r, i) => i === 0 || ['critical', 'high', 'medium', 'low', 'info'].indexOf(rows[i - 1]!.maxSeverity) <= ['critical', 'high', 'medium', 'low', 'info'].indexOf(r.maxSeverity))).toBe(true);
  });

  it('sees an Ingress in front of a ClusterIP Service as exposure', () => {
    const model = modelOf(
      docs(
        sa('shop', 'web'),
        deployment('shop', 'web', 'web'),
        `apiVersion: v1
kind: Service
metadata: { namespace: shop, name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }`,
        `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { namespace: shop, name: public }
spec: { rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }] }`,
        cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]'),
        rb('shop', 'web-secrets', 'ClusterRole', 'secret-reader', '[{ kind: ServiceAccount, name: web }]'),
      ),
    );
    const [row] = riskyView(model);
    expect(row!.exposed).toBe(true);
    expect(row!.workloads[0]!.exposure).toEqual([{ kind: 'Ingress', via: { kind: 'Ingress', namespace: 'shop', name: 'public' }, service: 'web' }]);
  });
});

const graphFixture = docs(
  sa('shop', 'api'),
  sa('shop', 'worker'),
  sa('other', 'tool'),
  deployment('shop', 'api', 'api'),
  cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]'),
  cr('pod-viewer', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'),
  rb('shop', 'api-secrets', 'ClusterRole', 'secret-reader', '[{ kind: ServiceAccount, name: api }]'),
  rb('shop', 'api-pods', 'ClusterRole', 'pod-viewer', '[{ kind: ServiceAccount, name: api }, { kind: ServiceAccount, name: worker }]'),
  rb('other', 'tool-pods', 'ClusterRole', 'pod-viewer', '[{ kind: ServiceAccount, name: tool }, { kind: User, name: carol }]'),
  crb('ops-secrets', 'secret-reader', '[{ kind: Group, name: ops }]'),
  crb('system-thing', 'secret-reader', '[{ kind: User, name: "system:kube-controller-manager" }]'),
);

describe('graph neighbourhood', () => {
  const model = modelOf(graphFixture);
  const api = 'subject:ServiceAccount:shop/api';
  const ids = (focus: string, options: Parameters<typeof graphNeighbourhood>[1] = {}) => graphNeighbourhood(model, { focus, ...options }).nodes.map((n) => n.id).sort();

  it('respects hops: bindings and workloads at 1, roles at 2, rules at 3', () => {
    expect(ids(api, { hops: 1 })).toEqual(
      [api, 'binding:RoleBinding:shop/api-pods', 'binding:RoleBinding:shop/api-secrets', 'workload:Deployment:shop/api', 'subject:Group:system:serviceaccounts', 'subject:Group:system:serviceaccounts:shop', 'subject:Group:system:authenticated']
        .filter((id) => graphNeighbourhood(model, { focus: api, hops: 3 }).nodes.some((n) => n.id === id))
        .sort(),
    );
    const two = ids(api, { hops: 2 });
    expect(two).toContain('role:ClusterRole:secret-reader');
    expect(two).toContain('subject:ServiceAccount:shop/worker');
    expect(two.some((id) => id.startsWith('permission:'))).toBe(false);
    const three = ids(api, { hops: 3 });
    expect(three).toContain('permission:ClusterRole:secret-reader#0');
    expect(three).toContain('binding:ClusterRoleBinding:ops-secrets');
  });

  it('applies namespace, subject-kind and risk filters, and keeps the focus', () => {
    const inShop = ids('role:ClusterRole:pod-viewer', { hops: 2, namespace: 'shop' });
    expect(inShop).toContain('binding:RoleBinding:shop/api-pods');
    expect(inShop).not.toContain('binding:RoleBinding:other/tool-pods');
    expect(inShop).not.toContain('subject:ServiceAccount:other/tool');
    const users = ids('role:ClusterRole:pod-viewer', { hops: 2, subjectKind: 'User' });
    expect(users).toContain('subject:User:carol');
    expect(users).not.toContain('subject:ServiceAccount:shop/api');
    const secrets = ids('role:ClusterRole:secret-reader', { hops: 2, risk: 'secrets-read' });
    expect(secrets).toContain('subject:ServiceAccount:shop/api');
    expect(ids(api, { hops: 1, risk: 'secrets-read' })).not.toContain('binding:RoleBinding:shop/api-pods');
    expect(ids(api, { hops: 1, risk: 'secrets-read' })).toContain(api);
  });

  it('hides system subjects unless asked, and colours risky edges', () => {
    expect(ids('role:ClusterRole:secret-reader', { hops: 2 })).not.toContain('subject:User:system:kube-controller-manager');
    expect(ids('role:ClusterRole:secret-reader', { hops: 2, includeSystem: true })).toContain('subject:User:system:kube-controller-manager');
    const view = graphNeighbourhood(model, { focus: api, hops: 3 });
    const risky = view.edges.find((e) => e.target === 'binding:RoleBinding:shop/api-secrets')!;
    expect(risky.risks).toContain('secrets-read');
    expect(risky.severity).toBe('high');
    expect(view.edges.find((e) => e.target === 'binding:RoleBinding:shop/api-pods')!.risks).toEqual([]);
    expect(view.nodes.find((n) => n.id === api)!.focus).toBe(true);
    expect(view.nodes.find((n) => n.id === 'permission:ClusterRole:secret-reader#0')!.risks).toEqual(['secrets-read']);
  });

  it('without focus seeds the riskiest subjects; unknown focus is empty; maxNodes truncates', () => {
    const view = graphNeighbourhood(model, { hops: 1 });
    expect(view.focus).toBeNull();
    expect(view.nodes.map((n) => n.id)).toContain(api);
    expect(view.nodes.map((n) => n.id)).not.toContain('subject:ServiceAccount:other/tool');
    expect(graphNeighbourhood(model, { focus: 'subject:User:nobody' }).nodes).toEqual([]);
    const cut = graphNeighbourhood(model, { focus: api, hops: 3, maxNodes: 4 });
    expect(cut.nodes.length).toBe(4);
    expect(cut.truncated).toBe(true);
    expect(graphNeighbourhood(demoModel, { hops: 3 }).nodes.length).toBeLessThanOrEqual(300);
  });

  it('by default starts from the few riskiest subjects, and from more on request', () => {
    const view = graphNeighbourhood(demoModel, {});
    expect(view.seeded).toBe(DEFAULT_SEEDS);
    expect(view.riskySubjects).toBeGreaterThan(DEFAULT_SEEDS);
    const subjects = view.nodes.filter((n) => n.type === 'subject' && n.risks.length > 0);
    // The seeds are the riskiest: nothing left out is more severe than the least severe seed.
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const all = graphNeighbourhood(demoModel, { maxSeeds: 200 });
    expect(all.seeded).toBe(all.riskySubjects);
    expect(all.nodes.length).toBeGreaterThan(view.nodes.length);
    const worstSeed = Math.max(...subjects.map((n) => order.indexOf(n.severity!)));
    const shown = new Set(view.nodes.map((n) => n.id));
    for (const n of all.nodes.filter((x) => x.type === 'subject' && x.risks.length > 0 && !shown.has(x.id))) expect(order.indexOf(n.severity!)).toBeGreaterThanOrEqual(worstSeed);
  });

  it('search finds subjects first', () => {
    expect(searchGraphNodes(model, 'api')[0]).toMatchObject({ id: api, type: 'subject', kind: 'ServiceAccount' });
    expect(searchGraphNodes(model, '   ')).toEqual([]);
  });
});

describe('who can', () => {
  const model = modelOf(graphFixture);
  it('lists subjects with binding → role → rule chains, groups included', () => {
    const view = whoCanView(model, 'get', 'secrets', 'shop', { includeSystem: false });
    expect(view.rows.map((r) => r.subjectKey).sort()).toEqual(['Group:ops', 'ServiceAccount:shop/api']);
    const api = view.rows.find((r) => r.subjectKey === 'ServiceAccount:shop/api')!;
    expect(api.chains).toEqual([
      expect.objectContaining({ binding: 'RoleBinding shop/api-secrets', role: 'ClusterRole secret-reader', scope: 'namespace shop', rule: 'get,list secrets (core)', ruleIndex: 0 }),
    ]);
    expect(whoCanView(model, 'get', 'secrets', 'other', { includeSystem: false }).rows.map((r) => r.subjectKey)).toEqual(['Group:ops']);
    expect(whoCanView(model, 'get', 'secrets', 'shop').rows.map((r) => r.subjectKey)).toContain('User:system:kube-controller-manager');
  });

  it('exports CSV with one line per chain and neutralised formulas', () => {
    const csv = whoCanCsv(whoCanView(model, 'get', 'secrets', 'shop', { includeSystem: false }));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('"subject","system","allowed","via group","binding","scope","role","rule","aggregated from","resource names"');
    expect(lines).toHaveLength(3);
    expect(csv).toContain('"ServiceAccount shop/api","no","yes","","RoleBinding shop/api-secrets","namespace shop","ClusterRole secret-reader","get,list secrets (core)","",""');
    const evil = modelOf(docs(cr('r', '[{ apiGroups: [""], resources: [pods], verbs: [get], resourceNames: ["=HYPERLINK(1)"] }]'), crb('b', 'r', '[{ kind: User, name: u }]')));
    expect(whoCanCsv(whoCanView(evil, 'get', 'pods'))).toContain(`"'=HYPERLINK(1)"`);
  });

  it('shows what a subject can do grouped by risk, with the workloads carrying it', () => {
    const view = subjectView(model, 'ServiceAccount:shop/api')!;
    expect(view.risks.map((r) => r.risk.id)).toEqual(['secrets-read']);
    expect(view.risks[0]!.chains[0]!.binding).toBe('RoleBinding shop/api-secrets');
    expect(view.otherChains.map((c) => c.rule)).toEqual(['get pods (core)']);
    expect(view.workloads.map((w) => w.key)).toEqual(['Deployment:shop/api']);
    expect(subjectView(model, 'User:nobody')).toBeNull();
  });
});

describe('grant chains', () => {
  it('name the group a subject holds a grant through, never a group through itself', () => {
    const model = modelOf(docs(cr('r', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'), crb('b', 'r', '[{ kind: Group, name: "system:serviceaccounts" }]'), sa('shop', 'api')));
    expect(subjectView(model, 'ServiceAccount:shop/api')!.otherChains[0]!.group).toBe('system:serviceaccounts');
    expect(subjectView(model, 'Group:system:serviceaccounts')!.otherChains[0]!.group).toBeUndefined();
  });
});
