import { describe, expect, it } from 'vitest';
import { rbacChanges } from '../../lib/rbac/explorer';
import { cr, crb, docs, modelOf, rb } from './helpers';

describe('changes between two scans', () => {
  const roles = docs(cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]'), cr('pod-viewer', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]'));
  const before = modelOf(docs(roles, rb('shop', 'a-pods', 'ClusterRole', 'pod-viewer', '[{ kind: User, name: ann }]'), rb('shop', 'b-pods', 'ClusterRole', 'pod-viewer', '[{ kind: User, name: ben }]')));
  const after = modelOf(docs(roles, rb('shop', 'a-pods', 'ClusterRole', 'pod-viewer', '[{ kind: User, name: ann }]'), crb('ben-secrets', 'secret-reader', '[{ kind: User, name: ben }]')));

  it('lists grants that appeared and disappeared, and risks gained and lost', () => {
    const changes = rbacChanges(before.analysis, after.analysis);
    expect(changes.added.map((c) => [c.subject, c.binding, c.rule])).toEqual([['User ben', 'ClusterRoleBinding ben-secrets', 'get secrets (core)']]);
    expect(changes.removed.map((c) => [c.subject, c.binding])).toEqual([['User ben', 'RoleBinding shop/b-pods']]);
    expect(changes.risksGained.map((r) => [r.subjectKey, r.risk.id])).toEqual([['User:ben', 'secrets-read']]);
    expect(changes.risksLost).toEqual([]);
    const back = rbacChanges(after.analysis, before.analysis);
    expect(back.risksLost.map((r) => r.subjectKey)).toEqual(['User:ben']);
  });

  it('is empty between identical scans', () => {
    expect(rbacChanges(before.analysis, before.analysis)).toEqual({ added: [], removed: [], risksGained: [], risksLost: [] });
  });
});
