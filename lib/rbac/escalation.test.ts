import { describe, expect, it } from 'vitest';
import { snapshotFromYaml as snapshotOf } from '../k8s/test-utils';
import { resolveWorkloads } from '../k8s/pod-spec';
import { analyzeRbac } from './analyze';
import { escalationPaths, riskySubjects } from './escalation';
import { subjectKey } from './subjects';

const snapshot = snapshotOf(`
apiVersion: v1
kind: ServiceAccount
metadata: { namespace: shop, name: backup }
---
apiVersion: apps/v1
kind: Deployment
metadata: { namespace: shop, name: backup }
spec:
  selector: { matchLabels: { app: backup } }
  template:
    metadata: { labels: { app: backup } }
    spec:
      serviceAccountName: backup
      containers: [{ name: backup, image: "example.com/backup:1" }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: backup-secrets }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: ServiceAccount, name: backup, namespace: shop }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { namespace: shop, name: deployer }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: shop, name: ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: User, name: ci-bot }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { namespace: shop, name: debugger }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: shop, name: support }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger }
subjects: [{ kind: Group, name: support }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { namespace: other, name: ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: User, name: reader }]
`);

describe('escalation paths', () => {
  const analysis = analyzeRbac(snapshot);

  it('finds creating a workload as, or exec into a pod of, a more powerful service account', () => {
    const paths = escalationPaths(analysis, resolveWorkloads(snapshot));
    expect(paths.map((p) => [subjectKey(p.from), p.technique, subjectKey(p.to), p.gains, p.workload?.name])).toEqual([
      ['Group:support', 'pod-exec', 'ServiceAccount:shop/backup', ['secrets-read'], 'backup'],
      ['User:ci-bot', 'workload-create', 'ServiceAccount:shop/backup', ['secrets-read'], undefined],
    ]);
    expect(paths[1]!.grants.map((g) => g.via.binding.name)).toEqual(['ci']);
  });

  it('needs a workload to exec into, and reports no path to what the source already holds', () => {
    expect(escalationPaths(analysis, []).map((p) => p.technique)).toEqual(['workload-create']);
  });

  it('lists risky subjects, most severe first', () => {
    expect(riskySubjects(analysis).map((r) => [r.subject.key, r.maxSeverity])).toEqual([
      ['Group:support', 'high'],
      ['ServiceAccount:shop/backup', 'high'],
      ['User:reader', 'high'],
      ['User:ci-bot', 'medium'],
    ]);
  });
});

describe('risky subjects rank by the severity their findings have', () => {
  it('a risky grant to everyone (system:anonymous, system:authenticated) is critical, as its findings are', () => {
    const analysis = analyzeRbac(
      snapshotOf(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: read-secrets }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: public-secrets }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: read-secrets }
subjects: [{ kind: User, name: "system:anonymous" }, { kind: Group, name: "system:authenticated" }, { kind: User, name: alice }]
`),
    );
    const ranked = Object.fromEntries(riskySubjects(analysis).map((r) => [r.subject.key, r.maxSeverity]));
    expect(ranked['User:system:anonymous']).toBe('critical');
    expect(ranked['Group:system:authenticated']).toBe('critical');
    expect(ranked['User:alice']).toBe('high');
  });
});

describe('riskySubjects severity matches the checks', () => {
  it('ranks edit inside kube-system critical (it reaches the controllers\' accounts) and the same binding elsewhere by the permission', async () => {
    const { loadFixtureSnapshot } = await import('../checks/test-utils');
    const snapshot = loadFixtureSnapshot(new URL('../checks/authorization/__fixtures__/_cluster/kube-system-edit.yaml', import.meta.url).pathname);
    const ranked = riskySubjects(analyzeRbac(snapshot)).map((r) => [r.subject.subject.name, r.maxSeverity]);
    expect(ranked).toEqual([
      ['ops@example.com', 'critical'],
      ['backup', 'critical'],
      ['dev@example.com', 'high'],
    ]);
  });
});
