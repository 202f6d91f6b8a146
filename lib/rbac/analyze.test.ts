import { describe, expect, it } from 'vitest';
import type { RbacV1Subject, V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule, V1Role, V1RoleBinding } from '@kubernetes/client-node';
import { makeSnapshot } from '../k8s/snapshot';
import { analyzeRbac, can, whoCan } from './index';
import { subjectKey } from './subjects';
import type { Subject } from './types';

const clusterRole = (name: string, rules: V1PolicyRule[], extra: Partial<V1ClusterRole> = {}, labels?: Record<string, string>): V1ClusterRole => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels },
  rules,
  ...extra,
});
const role = (namespace: string, name: string, rules: V1PolicyRule[]): V1Role => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { namespace, name }, rules });
const crb = (name: string, roleName: string, subjects: RbacV1Subject[]): V1ClusterRoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects,
});
const rb = (namespace: string | undefined, name: string, roleKind: 'Role' | 'ClusterRole', roleName: string, subjects: RbacV1Subject[]): V1RoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { namespace, name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
  subjects,
});
const sa = (namespace: string | undefined, name: string): RbacV1Subject => ({ kind: 'ServiceAccount', name, namespace });
const user = (name: string): RbacV1Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
const group = (name: string): RbacV1Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
const SA = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', namespace, name });

describe('aggregated ClusterRoles', () => {
  const snapshot = makeSnapshot({
    objects: {
      clusterRoles: [
        clusterRole('monitoring', [{ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }], {
          aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
        }),
        clusterRole('pods-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], {}, { 'rbac.example.com/aggregate-to-monitoring': 'true' }),
        // Same rule as the aggregating role's own: deduplicated.
        clusterRole('nodes-lister', [{ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }], {}, { 'rbac.example.com/aggregate-to-monitoring': 'true' }),
        clusterRole('other', [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }], {}, { 'rbac.example.com/aggregate-to-monitoring': 'false' }),
        // Nested: outer aggregates roles labelled tier in (a, b) that do not carry `excluded`; inner is itself aggregated.
        clusterRole('outer', [], { aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'excluded', operator: 'DoesNotExist' }] }] } }),
        clusterRole('inner', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { leaf: 'yes' } }] } }, { tier: 'a' }),
        clusterRole('leaf', [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }], {}, { leaf: 'yes' }),
        clusterRole('skipped', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }], {}, { tier: 'b', excluded: 'x' }),
      ],
    },
  });
  const analysis = analyzeRbac(snapshot);

  it('unions listed rules with the rules of every matching ClusterRole, deduplicated', () => {
    const monitoring = analysis.rolesByKey.get('ClusterRole:monitoring')!;
    expect(monitoring.aggregatesFrom.sort()).toEqual(['nodes-lister', 'pods-reader']);
    expect(monitoring.rules.map((r) => [r.verbs.join(','), r.resources.join(','), r.origin.name])).toEqual([
      ['list', 'nodes', 'monitoring'],
      ['get,list', 'pods', 'pods-reader'],
    ]);
  });

  it('follows nested aggregation and honours matchExpressions', () => {
    const outer = analysis.rolesByKey.get('ClusterRole:outer')!;
    expect(outer.aggregatesFrom).toEqual(['inner']);
    expect(outer.rules.map((r) => `${r.resources[0]}<-${r.origin.name}`)).toEqual(['deployments<-leaf']);
  });
});

describe('effective permissions', () => {
  const snapshot = makeSnapshot({
    objects: {
      serviceAccounts: [{ metadata: { namespace: 'shop', name: 'api' } }, { metadata: { namespace: 'shop', name: 'idle' } }],
      clusterRoles: [
        clusterRole('secret-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'] }]),
        clusterRole('health', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }]),
        clusterRole('all', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
      ],
      roles: [
        role('shop', 'exec', [{ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }]),
        role('shop', 'one-config', [{ verbs: ['get', 'update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] }]),
      ],
      roleBindings: [
        // Subject namespace omitted: defaults to the RoleBinding's namespace.
        rb('shop', 'api-secrets', 'ClusterRole', 'secret-reader', [sa(undefined, 'api')]),
        rb('shop', 'api-exec', 'Role', 'exec', [sa('shop', 'api')]),
        rb('shop', 'api-config', 'Role', 'one-config', [sa('shop', 'api')]),
        rb('shop', 'health-in-ns', 'ClusterRole', 'health', [user('bob')]),
        rb('shop', 'missing', 'Role', 'does-not-exist', [user('carol')]),
        // A User named after a service account is that service account.
        rb('web', 'as-user', 'ClusterRole', 'secret-reader', [user('system:serviceaccount:shop:idle')]),
      ],
      clusterRoleBindings: [
        crb('ns-less-sa', 'all', [sa(undefined, 'ghost')]),
        crb('health', 'health', [group('monitoring')]),
        crb('all-sas-read', 'secret-reader', [group('system:serviceaccounts:shop')]),
        crb('ops', 'all', [user('alice')]),
      ],
    },
  });
  const analysis = analyzeRbac(snapshot);

  it('defaults a RoleBinding ServiceAccount subject to the binding namespace, and grants a ClusterRole in that namespace only', () => {
    const api = analysis.subjectsByKey.get('ServiceAccount:shop/api')!;
    const secretGrant = api.directGrants.find((g) => g.via.binding.name === 'api-secrets')!;
    expect(secretGrant.scope).toEqual({ kind: 'namespace', namespace: 'shop' });
    expect(secretGrant.via.role).toEqual({ kind: 'ClusterRole', name: 'secret-reader' });
    expect(can(analysis, SA('shop', 'api'), 'get', 'secrets', 'shop').allowed).toBe(true);
    // In another namespace only through its namespace group's ClusterRoleBinding, never through its own RoleBinding.
    const elsewhere = can(analysis, SA('shop', 'api'), 'get', 'secrets', 'web');
    expect(elsewhere.grants.map((g) => g.via.binding.name)).toEqual(['all-sas-read']);
    expect(can(analysis, SA('shop', 'api'), 'list', 'secrets').grants.every((g) => g.via.group === 'system:serviceaccounts:shop')).toBe(true);
    expect(can(analysis, SA('shop', 'api'), 'delete', 'secrets', 'shop').allowed).toBe(false);
  });

  it('ignores a ServiceAccount without namespace in a ClusterRoleBinding', () => {
    const binding = analysis.bindingsByKey.get('ClusterRoleBinding:ns-less-sa')!;
    expect(binding.subjects).toEqual([]);
    expect(binding.ignoredSubjects).toHaveLength(1);
  });

  it('folds system:serviceaccount users into the service account', () => {
    expect(can(analysis, SA('shop', 'idle'), 'get', 'secrets', 'web').allowed).toBe(true);
    expect(analysis.subjectsByKey.has('User:system:serviceaccount:shop:idle')).toBe(false);
  });

  it('records bindings to missing roles as dangling, granting nothing', () => {
    expect(analysis.danglingBindings.map((b) => b.key)).toEqual(['RoleBinding:shop/missing']);
    expect(analysis.subjectsByKey.get('User:carol')!.grants).toEqual([]);
  });

  it('distinguishes pods/exec from pods and honours wildcards', () => {
    expect(can(analysis, SA('shop', 'api'), 'create', 'pods/exec', 'shop').allowed).toBe(true);
    expect(can(analysis, SA('shop', 'api'), 'create', 'pods', 'shop').allowed).toBe(false);
    expect(can(analysis, SA('shop', 'api'), 'get', 'pods/exec', 'shop').allowed).toBe(false);
    const alice = { kind: 'User' as const, name: 'alice' };
    expect(can(analysis, alice, 'escalate', 'clusterroles').allowed).toBe(true);
    expect(can(analysis, alice, 'create', 'deployments.apps/scale', 'any').allowed).toBe(true);
  });

  it('treats resourceNames as narrower: not "any object", but the named one', () => {
    const api = SA('shop', 'api');
    const any = can(analysis, api, 'get', 'configmaps', 'shop');
    expect(any.allowed).toBe(false);
    expect(any.restrictedGrants.map((g) => g.resourceNames)).toEqual([['app-config']]);
    expect(can(analysis, api, 'get', 'configmaps', 'shop', { name: 'app-config' }).allowed).toBe(true);
    expect(can(analysis, api, 'get', 'configmaps', 'shop', { name: 'other' }).allowed).toBe(false);
  });

  it('grants non-resource URLs through ClusterRoleBindings only', () => {
    expect(can(analysis, { kind: 'Group', name: 'monitoring' }, 'get', '/metrics/cadvisor').allowed).toBe(true);
    expect(can(analysis, { kind: 'User', name: 'bob' }, 'get', '/healthz').allowed).toBe(false);
  });

  it('applies grants to implicit groups to every service account of the namespace, showing the group', () => {
    const idle = analysis.subjectsByKey.get('ServiceAccount:shop/idle')!;
    expect(idle.inheritedGroups).toEqual(['system:serviceaccounts:shop']);
    const viaGroup = can(analysis, SA('shop', 'idle'), 'list', 'secrets', 'other-ns');
    expect(viaGroup.allowed).toBe(true);
    expect(viaGroup.grants[0]!.via).toMatchObject({ group: 'system:serviceaccounts:shop', binding: { kind: 'ClusterRoleBinding', name: 'all-sas-read' } });
    // A service account in no binding and not in the snapshot still gets its groups' grants.
    expect(can(analysis, SA('shop', 'new'), 'list', 'secrets').allowed).toBe(true);
    expect(can(analysis, SA('web', 'new'), 'list', 'secrets').allowed).toBe(false);
  });

  it('answers who-can with the binding chains, cluster-wide grants counting for any namespace', () => {
    const entries = whoCan(analysis, 'get', 'secrets', 'shop');
    expect(entries.filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual([
      'Group:system:serviceaccounts:shop',
      'ServiceAccount:shop/api',
      'User:alice',
    ]);
    expect(whoCan(analysis, 'get', 'secrets', 'web').filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual([
      'Group:system:serviceaccounts:shop',
      'ServiceAccount:shop/idle',
      'User:alice',
    ]);
    const expanded = whoCan(analysis, 'get', 'secrets', 'web', { expandGroups: true }).map((e) => subjectKey(e.subject));
    expect(expanded).toContain('ServiceAccount:shop/api');
    // "In any namespace": namespace-scoped grants count too.
    expect(whoCan(analysis, 'create', 'pods/exec').filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual(['User:alice']);
    expect(whoCan(analysis, 'create', 'pods/exec', undefined, { anyNamespace: true }).filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual([
      'ServiceAccount:shop/api',
      'User:alice',
    ]);
    // Restricted grants are listed apart.
    const configReaders = whoCan(analysis, 'get', 'configmaps', 'shop');
    expect(configReaders.find((e) => subjectKey(e.subject) === 'ServiceAccount:shop/api')).toMatchObject({ allowed: false });
  });

  it('never lets a RoleBinding reach cluster-scoped resources', () => {
    const s = makeSnapshot({
      objects: {
        clusterRoles: [clusterRole('node-proxy', [{ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy', 'nodes'] }])],
        roleBindings: [rb('shop', 'np', 'ClusterRole', 'node-proxy', [user('dave')])],
      },
    });
    const a = analyzeRbac(s);
    expect(can(a, { kind: 'User', name: 'dave' }, 'get', 'nodes/proxy', 'shop').allowed).toBe(false);
    expect(a.subjectsByKey.get('User:dave')!.risks).toEqual([]);
  });

  it('matches risks, keeping resourceNames-limited grants apart', () => {
    const api = analysis.subjectsByKey.get('ServiceAccount:shop/api')!;
    expect(api.risks.map((r) => r.riskId).sort()).toEqual(['pod-exec', 'secrets-read']);
    const alice = analysis.subjectsByKey.get('User:alice')!;
    expect(alice.risks.map((r) => r.riskId)).toContain('cluster-admin');
    // `*` verbs cover approve on signers too, so the composite CSR-approval risk matches.
    expect(alice.risks.map((r) => r.riskId)).toContain('csr-approve');
  });
});

describe('scale', () => {
  it('analyses 5,000 bindings and answers who-can correctly', () => {
    const namespaces = Array.from({ length: 251 }, (_, i) => `ns-${i}`);
    const clusterRoles: V1ClusterRole[] = [
      clusterRole('reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments', 'configmaps'] }]),
      clusterRole('secrets', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]),
      clusterRole('named-secret', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }]),
    ];
    const roles: V1Role[] = namespaces.map((ns) => role(ns, 'deployer', [{ verbs: ['create', 'update'], apiGroups: ['apps'], resources: ['deployments'] }]));
    const roleBindings: V1RoleBinding[] = [];
    for (let i = 0; i < 5000; i++) {
      const ns = namespaces[i % namespaces.length]!;
      const kind = i % 4;
      const roleName = kind === 0 ? 'reader' : kind === 1 ? 'secrets' : kind === 2 ? 'named-secret' : 'deployer';
      roleBindings.push(rb(ns, `b-${i}`, kind === 3 ? 'Role' : 'ClusterRole', roleName, [sa(ns, `sa-${i}`), user(`user-${i % 100}`)]));
    }
    const clusterRoleBindings = [crb('global-secrets', 'secrets', [group('auditors')])];
    const analysis = analyzeRbac(makeSnapshot({ objects: { clusterRoles, roles, roleBindings, clusterRoleBindings } }));
    expect(analysis.bindings).toHaveLength(5001);
    expect(analysis.subjects).toHaveLength(5000 + 100 + 1);

    const readers = whoCan(analysis, 'get', 'secrets', 'ns-7').filter((e) => e.allowed);
    // user-N is bound in ns-7 whenever it is bound by a secrets binding there; count distinct subjects.
    const expected = new Set<string>(['Group:auditors']);
    for (let i = 0; i < 5000; i++) {
      if (i % 4 === 1 && namespaces[i % namespaces.length] === 'ns-7') {
        expected.add(`ServiceAccount:ns-7/sa-${i}`);
        expected.add(`User:user-${i % 100}`);
      }
    }
    expect(expected.size).toBeGreaterThan(1);
    expect(new Set(readers.map((e) => subjectKey(e.subject)))).toEqual(expected);
    const restricted = whoCan(analysis, 'get', 'secrets', 'ns-7').filter((e) => !e.allowed);
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted.every((e) => e.restrictedGrants.every((g) => g.resourceNames.includes('tls')))).toBe(true);
    const deployers = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      if (i % 4 === 3 && namespaces[i % namespaces.length] === 'ns-8') deployers.add(`ServiceAccount:ns-8/sa-${i}`).add(`User:user-${i % 100}`);
    }
    expect(deployers.size).toBeGreaterThan(0);
    expect(new Set(whoCan(analysis, 'create', 'deployments', 'ns-8').filter((e) => e.allowed).map((e) => subjectKey(e.subject)))).toEqual(deployers);
    // The user-facing question across the cluster: nobody but the auditors group can read secrets everywhere.
    expect(whoCan(analysis, 'list', 'secrets').filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual([]);
    expect(whoCan(analysis, 'get', 'secrets').filter((e) => e.allowed).map((e) => subjectKey(e.subject))).toEqual(['Group:auditors']);
  });
});

describe('built-in roles missing from manifests', () => {
  const bindings = {
    roleBindings: [rb('shop', 'devs-edit', 'ClusterRole', 'edit', [group('devs')]), rb('shop', 'auditor', 'ClusterRole', 'view', [user('audrey')])],
    clusterRoleBindings: [crb('root', 'cluster-admin', [user('root')])],
    clusterRoles: [
      clusterRole('widgets-edit', [{ verbs: ['create', 'delete'], apiGroups: ['example.com'], resources: ['widgets'] }], {}, { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }),
    ],
  };

  it('assumes the Kubernetes defaults for cluster-admin, admin, edit and view, with aggregation', () => {
    const analysis = analyzeRbac(makeSnapshot({ source: { type: 'manifests', name: 'repo' }, objects: bindings }));
    expect(analysis.danglingBindings).toEqual([]);
    expect(analysis.rolesByKey.get('ClusterRole:edit')).toMatchObject({ assumed: true, aggregated: true });
    const devs = { kind: 'Group' as const, name: 'devs' };
    expect(can(analysis, devs, 'create', 'pods/exec', 'shop').allowed).toBe(true);
    expect(can(analysis, devs, 'get', 'secrets', 'shop').allowed).toBe(true);
    expect(can(analysis, devs, 'create', 'widgets.example.com', 'shop').allowed).toBe(true);
    expect(can(analysis, devs, 'create', 'roles', 'shop').allowed).toBe(false);
    const audrey = { kind: 'User' as const, name: 'audrey' };
    expect(can(analysis, audrey, 'list', 'deployments', 'shop').allowed).toBe(true);
    expect(can(analysis, audrey, 'get', 'secrets', 'shop').allowed).toBe(false);
    expect(analysis.subjectsByKey.get('User:root')!.risks.map((r) => r.riskId)).toContain('cluster-admin');
  });

  it('does not invent roles for a live cluster, where a missing role really is missing', () => {
    const analysis = analyzeRbac(makeSnapshot({ source: { type: 'cluster', name: 'prod' }, objects: bindings }));
    expect(analysis.danglingBindings.map((b) => b.roleRef.name).sort()).toEqual(['cluster-admin', 'edit', 'view']);
  });
});

describe('assumed admin role', () => {
  it('includes edit and view through the aggregation chain', () => {
    const analysis = analyzeRbac(makeSnapshot({ objects: { roleBindings: [rb('shop', 'owner', 'ClusterRole', 'admin', [user('olivia')])] } }));
    const olivia = { kind: 'User' as const, name: 'olivia' };
    expect(can(analysis, olivia, 'create', 'rolebindings', 'shop').allowed).toBe(true);
    expect(can(analysis, olivia, 'create', 'pods/exec', 'shop').allowed).toBe(true);
    expect(can(analysis, olivia, 'list', 'statefulsets', 'shop').allowed).toBe(true);
    expect(can(analysis, olivia, 'create', 'nodes').allowed).toBe(false);
    expect(analysis.rolesByKey.get('ClusterRole:admin')!.aggregatesFrom.sort()).toEqual(['edit', 'system:aggregate-to-admin']);
  });
});
