import { describe, expect, it } from 'vitest';
import { matchRisks, RISKS } from './risks';
import { isDefaultPublicGrant } from './defaults';
import type { Grant, PolicyRule, Scope, Subject } from './types';

const holder: Subject = { kind: 'User', name: 'u' };
const grant = (rule: Partial<PolicyRule>, scope: Scope = { kind: 'cluster' }, subject: Subject = holder): Grant => ({
  subject,
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...rule,
  scope,
  via: { binding: { kind: 'ClusterRoleBinding', name: 'b' }, role: { kind: 'ClusterRole', name: 'r' }, ruleIndex: 0 },
});
const ids = (grants: Grant[]) => matchRisks(grants).map((m) => m.riskId).sort();

describe('risk catalog', () => {
  it('has unique ids, a title, a severity and an explanation for every risk', () => {
    expect(new Set(RISKS.map((r) => r.id)).size).toBe(RISKS.length);
    for (const risk of RISKS) {
      expect(risk.title.length).toBeGreaterThan(0);
      expect(risk.explanation.length).toBeGreaterThan(30);
    }
  });

  it('matches secrets read through the core group or a wildcard group', () => {
    expect(ids([grant({ verbs: ['list'], apiGroups: [''], resources: ['secrets'] })])).toEqual(['secrets-read']);
    expect(ids([grant({ verbs: ['watch'], apiGroups: ['*'], resources: ['secrets'] })])).toEqual(['secrets-read']);
    expect(ids([grant({ verbs: ['get'], apiGroups: ['apps'], resources: ['secrets'] })])).toEqual([]);
    expect(ids([grant({ verbs: ['create', 'delete'], apiGroups: [''], resources: ['secrets'] })])).toEqual([]);
  });

  it('keeps resourceNames-limited grants apart, and never counts them for create', () => {
    const [secrets] = matchRisks([grant({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] })]);
    expect(secrets).toMatchObject({ riskId: 'secrets-read', grants: [] });
    expect(secrets!.restrictedGrants).toHaveLength(1);
    expect(ids([grant({ verbs: ['create'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] })])).toEqual([]);
    // A named subresource create (exec into one pod) is restricted, not void.
    expect(matchRisks([grant({ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'], resourceNames: ['debug'] })])[0]).toMatchObject({ riskId: 'pod-exec', grants: [] });
  });

  it('needs the exact subresource: pods does not cover pods/exec, */exec does', () => {
    expect(ids([grant({ verbs: ['create', 'get'], apiGroups: [''], resources: ['pods'] })])).toEqual(['workload-create']);
    expect(ids([grant({ verbs: ['create'], apiGroups: [''], resources: ['*/exec'] })])).toEqual(['pod-exec', 'wildcard']);
  });

  it('ignores namespaced grants on cluster-scoped resources, except bind on clusterroles', () => {
    const ns: Scope = { kind: 'namespace', namespace: 'a' };
    expect(ids([grant({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] }, ns)])).toEqual([]);
    expect(ids([grant({ verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups'] }, ns)])).toEqual([]);
    expect(ids([grant({ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }, ns)])).toEqual(['impersonate']);
    expect(ids([grant({ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }, ns)])).toEqual(['escalate-bind']);
    expect(ids([grant({ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }, ns)])).toEqual([]);
  });

  it('recognises cluster-admin equivalence only cluster-wide and unrestricted', () => {
    const all = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
    expect(ids([grant(all)])).toContain('cluster-admin');
    expect(ids([grant(all, { kind: 'namespace', namespace: 'a' })])).not.toContain('cluster-admin');
    expect(ids([grant({ ...all, resourceNames: ['x'] })])).not.toContain('cluster-admin');
  });

  it('requires both halves of CSR approval', () => {
    const approval = grant({ verbs: ['update'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'] });
    const signer = grant({ verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['example.com/serving'] });
    expect(ids([approval])).toEqual([]);
    expect(ids([approval, signer])).toEqual(['csr-approve']);
  });
});

describe('default public grants', () => {
  const authenticated: Subject = { kind: 'Group', name: 'system:authenticated' };
  const unauthenticated: Subject = { kind: 'Group', name: 'system:unauthenticated' };
  it('accepts the discovery, basic-user and public-info defaults and nothing wider', () => {
    expect(isDefaultPublicGrant(grant({ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/healthz'] }, undefined, authenticated))).toBe(true);
    expect(isDefaultPublicGrant(grant({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }, undefined, authenticated))).toBe(true);
    expect(isDefaultPublicGrant(grant({ verbs: ['get'], nonResourceURLs: ['/healthz', '/version'] }, undefined, unauthenticated))).toBe(true);
    expect(isDefaultPublicGrant(grant({ verbs: ['get'], nonResourceURLs: ['/api'] }, undefined, unauthenticated))).toBe(false);
    expect(isDefaultPublicGrant(grant({ verbs: ['get'], nonResourceURLs: ['*'] }, undefined, authenticated))).toBe(false);
    expect(isDefaultPublicGrant(grant({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, undefined, authenticated))).toBe(false);
    expect(
      isDefaultPublicGrant(
        grant({ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'] }, { kind: 'namespace', namespace: 'kube-public' }, { kind: 'User', name: 'system:anonymous' }),
      ),
    ).toBe(true);
  });
});
