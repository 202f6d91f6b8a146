import { describe, expect, it } from 'vitest';
import { snapshotFromYaml as snapshotOf } from '../k8s/test-utils';
import { analyzeRbac } from './analyze';
import { buildRbacGraph, type RbacGraph } from './graph';

const MANIFEST = `
apiVersion: v1
kind: ServiceAccount
metadata: { namespace: shop, name: api }
---
apiVersion: apps/v1
kind: Deployment
metadata: { namespace: shop, name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: api
      containers: [{ name: app, image: nginx:1.27 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: shop-reader }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { aggregate-to-shop-reader: "true" } }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secrets-part, labels: { aggregate-to-shop-reader: "true" } }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: shop, name: api-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: shop-reader }
subjects: [{ kind: ServiceAccount, name: api }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: shop, name: ghost }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: gone }
subjects: [{ kind: User, name: jane }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-sas-discovery }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secrets-part }
subjects: [{ kind: Group, name: "system:serviceaccounts:shop" }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "system:kube-scheduler" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secrets-part }
subjects: [{ kind: User, name: "system:kube-scheduler" }]
`;


const edge = (graph: RbacGraph, type: string, source: string, target: string) => graph.edges.some((e) => e.type === type && e.source === source && e.target === target);

describe('buildRbacGraph', () => {
  const snapshot = snapshotOf(MANIFEST);
  const graph = buildRbacGraph(analyzeRbac(snapshot), snapshot);

  it('links subject → binding → role → (aggregated role →) permission, and service account → workload', () => {
    const sa = 'subject:ServiceAccount:shop/api';
    expect(edge(graph, 'bound-by', sa, 'binding:RoleBinding:shop/api-reader')).toBe(true);
    expect(edge(graph, 'references', 'binding:RoleBinding:shop/api-reader', 'role:ClusterRole:shop-reader')).toBe(true);
    expect(edge(graph, 'aggregates', 'role:ClusterRole:shop-reader', 'role:ClusterRole:secrets-part')).toBe(true);
    expect(edge(graph, 'allows', 'role:ClusterRole:secrets-part', 'permission:ClusterRole:secrets-part#0')).toBe(true);
    expect(edge(graph, 'used-by', sa, 'workload:Deployment:shop/web')).toBe(true);
    expect(edge(graph, 'member-of', sa, 'subject:Group:system:serviceaccounts:shop')).toBe(true);
    const subject = graph.nodes.find((n) => n.id === sa)!;
    expect(subject).toMatchObject({ type: 'subject', risks: ['secrets-read'], maxSeverity: 'high', exists: true });
    const aggregated = graph.nodes.find((n) => n.id === 'role:ClusterRole:shop-reader')!;
    expect(aggregated).toMatchObject({ ownRules: 0, effectiveRules: 1, aggregated: true });
  });

  it('marks dangling bindings and gives them no role', () => {
    const ghost = graph.nodes.find((n) => n.id === 'binding:RoleBinding:shop/ghost')!;
    expect(ghost).toMatchObject({ type: 'binding', dangling: true });
    expect(graph.edges.some((e) => e.source === ghost.id && e.type === 'references')).toBe(false);
  });

  it('leaves system subjects out unless asked', () => {
    expect(graph.nodes.some((n) => n.id === 'subject:User:system:kube-scheduler')).toBe(false);
    const full = buildRbacGraph(analyzeRbac(snapshot), snapshot, { includeSystem: true });
    expect(full.nodes.some((n) => n.id === 'subject:User:system:kube-scheduler')).toBe(true);
  });

  it('is plain serialisable data with every edge between existing nodes', () => {
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(ids.size).toBe(graph.nodes.length);
    for (const e of graph.edges) {
      expect(ids.has(e.source)).toBe(true);
      expect(ids.has(e.target)).toBe(true);
    }
  });
});
