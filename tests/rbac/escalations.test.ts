/**
 * Escalation routes of the explorer. lib/rbac/escalation.test.ts covers the one-step paths
 * (workload-create / pod-exec into a more powerful SA); these cover routes: the three kinds the
 * explorer must find, each with a fixture that has the path and one that does not, multi-step
 * routes to cluster-admin and the remediation text.
 */
import { describe, expect, it } from 'vitest';
import { escalationRoutes } from '../../lib/rbac/explorer';
import { cr, crb, deployment, docs, modelOf, rb, sa } from './helpers';

const secretReaderSa = docs(
  sa('shop', 'backup'),
  deployment('shop', 'backup', 'backup'),
  cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]'),
  rb('shop', 'backup-secrets', 'ClusterRole', 'secret-reader', '[{ kind: ServiceAccount, name: backup, namespace: shop }]'),
  cr('pod-creator', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
);

describe('create pods in a namespace whose service account reads secrets', () => {
  it('has the path when the creator is in that namespace', () => {
    const model = modelOf(docs(secretReaderSa, rb('shop', 'dev-pods', 'ClusterRole', 'pod-creator', '[{ kind: User, name: dev }]')));
    const [route] = escalationRoutes(model).filter((r) => r.subjectKey === 'User:dev');
    expect(route).toBeDefined();
    expect(route!.reachesClusterAdmin).toBe(false);
    expect(route!.gains.map((g) => g.id)).toEqual(['secrets-read']);
    expect(route!.steps[0]).toMatchObject({ technique: 'workload-create', toKey: 'ServiceAccount:shop/backup' });
    expect(route!.steps[0]!.chains[0]!.binding).toBe('RoleBinding shop/dev-pods');
    expect(route!.steps[0]!.remediation).toContain('Remove create on pods');
  });

  it('has no path when the creator may only create pods elsewhere', () => {
    const model = modelOf(docs(secretReaderSa, rb('sandbox', 'dev-pods', 'ClusterRole', 'pod-creator', '[{ kind: User, name: dev }]')));
    expect(escalationRoutes(model).filter((r) => r.subjectKey === 'User:dev')).toEqual([]);
  });
});

describe('bind / escalate', () => {
  const binder = (rules: string) => docs(cr('binder', rules), crb('binder', 'binder', '[{ kind: User, name: eve }]'));

  it('bind on clusterroles plus create clusterrolebindings reaches cluster-admin', () => {
    const model = modelOf(
      binder('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }]'),
    );
    const [route] = escalationRoutes(model).filter((r) => r.subjectKey === 'User:eve');
    expect(route).toMatchObject({ reachesClusterAdmin: true, severity: 'critical' });
    expect(route!.steps).toHaveLength(1);
    expect(route!.steps[0]).toMatchObject({ technique: 'bind-escalate', toKey: 'cluster-admin' });
    expect(route!.steps[0]!.remediation).toContain('bind / escalate');
  });

  it('escalate plus create clusterroles plus create clusterrolebindings reaches cluster-admin', () => {
    const model = modelOf(binder('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, create] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }]'));
    expect(escalationRoutes(model).find((r) => r.subjectKey === 'User:eve')?.steps[0]?.technique).toBe('bind-escalate');
  });

  it('bind limited to the view role by resourceNames is no path', () => {
    const model = modelOf(
      binder('[{ apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view] }, { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create] }]'),
    );
    expect(escalationRoutes(model).filter((r) => r.reachesClusterAdmin)).toEqual([]);
  });
});

describe('impersonate', () => {
  const impersonator = (rules: string) => docs(cr('imp', rules), crb('imp', 'imp', '[{ kind: User, name: mallory }]'));

  it('impersonating groups reaches cluster-admin through system:masters', () => {
    const model = modelOf(impersonator('[{ apiGroups: [""], resources: [groups], verbs: [impersonate] }]'));
    const [route] = escalationRoutes(model);
    expect(route).toMatchObject({ subjectKey: 'User:mallory', reachesClusterAdmin: true });
    expect(route!.steps[0]).toMatchObject({ technique: 'impersonate', toKey: 'cluster-admin' });
  });

  it('impersonating a user who is cluster-admin reaches cluster-admin', () => {
    const model = modelOf(docs(impersonator('[{ apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [root] }]'), crb('root', 'cluster-admin', '[{ kind: User, name: root }]')));
    const route = escalationRoutes(model).find((r) => r.subjectKey === 'User:mallory');
    expect(route?.steps[0]).toMatchObject({ technique: 'impersonate', toKey: 'User:root' });
  });

  it('impersonating only an unprivileged user is no path', () => {
    const model = modelOf(docs(impersonator('[{ apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [bob] }]'), crb('root', 'cluster-admin', '[{ kind: User, name: root }]')));
    expect(escalationRoutes(model).filter((r) => r.subjectKey === 'User:mallory')).toEqual([]);
  });
});

describe('routes of several steps', () => {
  it('chains create-pods into a service account that can impersonate system:masters', () => {
    const model = modelOf(
      docs(
        sa('ci', 'runner'),
        cr('imp', '[{ apiGroups: [""], resources: [groups], verbs: [impersonate] }]'),
        crb('runner-imp', 'imp', '[{ kind: ServiceAccount, name: runner, namespace: ci }]'),
        cr('pod-creator', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]'),
        rb('ci', 'dev-pods', 'ClusterRole', 'pod-creator', '[{ kind: User, name: dev }]'),
      ),
    );
    const route = escalationRoutes(model).find((r) => r.subjectKey === 'User:dev')!;
    expect(route.reachesClusterAdmin).toBe(true);
    expect(route.steps.map((s) => [s.technique, s.toKey])).toEqual([
      ['workload-create', 'ServiceAccount:ci/runner'],
      ['impersonate', 'cluster-admin'],
    ]);
    // The runner itself has a one-step route.
    expect(escalationRoutes(model).find((r) => r.subjectKey === 'ServiceAccount:ci/runner')!.steps).toHaveLength(1);
  });
});
