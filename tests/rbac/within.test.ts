/**
 * The part of an RBAC artifact a viewer limited to some namespaces sees (lib/rbac/explorer/within.ts):
 * a ClusterRole aggregated into a role their binding references keeps its rules (the built-in
 * aggregation restored as the API server does), unrelated ClusterRoles and other namespaces'
 * objects go, and grants to the groups every account of theirs belongs to stay.
 */
import { describe, expect, it } from 'vitest';
import { artifactWithin, buildRbacModel, rbacArtifactFromSnapshot, whoCanView } from '../../lib/rbac/explorer';
import { cr, crb, deployment, docs, rb, sa, snapshotOf } from './helpers';

const artifact = rbacArtifactFromSnapshot(
  snapshotOf(
    docs(
      sa('payments', 'pay-sa'),
      deployment('payments', 'pay-api', 'pay-sa'),
      sa('search', 'search-sa'),
      deployment('search', 'indexer', 'search-sa'),
      rb('payments', 'pay-admin', 'ClusterRole', 'admin', '[{ kind: ServiceAccount, name: pay-sa }]'),
      // Aggregated into the built-in admin role by label (no aggregationRule written on admin here).
      `${cr('widgets-admin', '[{ apiGroups: [example.com], resources: [widgets], verbs: [create] }]')}`.replace('metadata: { name: widgets-admin }', 'metadata: { name: widgets-admin, labels: { rbac.authorization.k8s.io/aggregate-to-admin: "true" } }'),
      cr('nodes-reader', '[{ apiGroups: [""], resources: [nodes], verbs: [get] }]'),
      cr('unbound', '[{ apiGroups: [""], resources: [pods], verbs: [delete] }]'),
      crb('all-sa-nodes', 'nodes-reader', '[{ kind: Group, name: "system:serviceaccounts:payments" }, { kind: Group, name: "system:serviceaccounts:search" }]'),
      rb('search', 'search-edit', 'ClusterRole', 'edit', '[{ kind: ServiceAccount, name: search-sa }]'),
    ),
  ),
);
const part = artifactWithin(JSON.parse(JSON.stringify(artifact)), (ns) => ns === 'payments');
const keys = (verb: string, resource: string, namespace?: string) => whoCanView(buildRbacModel(part), verb, resource, namespace, { includeSystem: true }).rows.map((r) => r.subjectKey).sort();

describe('artifactWithin', () => {
  it("keeps the namespaces' bindings, roles aggregated into them and their accounts' groups; drops the rest", () => {
    expect(keys('create', 'widgets.example.com', 'payments')).toEqual(['ServiceAccount:payments/pay-sa']);
    expect(keys('get', 'nodes')).toEqual(['Group:system:serviceaccounts:payments']);
    expect(part.clusterRoleBindings.map((b) => [b.metadata?.name, b.subjects?.map((s) => s.name)])).toEqual([['all-sa-nodes', ['system:serviceaccounts:payments']]]);
    // admin is absent from these manifests: the analysis assumes its default, which aggregates widgets-admin.
    expect(part.clusterRoles.map((r) => r.metadata?.name).sort()).toEqual(['nodes-reader', 'widgets-admin']);
    expect(part.roleBindings.map((b) => b.metadata?.name)).toEqual(['pay-admin']);
    expect(part.workloads.map((w) => w.ref.name)).toEqual(['pay-api']);
    expect(part.serviceAccounts.map((s) => s.name)).toEqual(['pay-sa']);
  });
});
