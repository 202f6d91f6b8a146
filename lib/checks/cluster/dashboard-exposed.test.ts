import { describe, expect, it } from 'vitest';
import { check } from './dashboard-exposed';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadFixture, run, snapshotFromYaml } from './_shared/test-helpers';

const load = (file: string) => loadFixture(import.meta.dirname, check.id, file);

describe(check.id, () => {
  it('fails a NodePort Dashboard with login skipping and a cluster-admin ServiceAccount, once for the installation', () => {
    const results = run(check, load('fail.nodeport-skip-login-cluster-admin.yaml'));
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({
      status: 'fail',
      resource: { kind: 'Deployment', namespace: 'kubernetes-dashboard', name: 'kubernetes-dashboard' },
      path: 'spec.template.spec.containers[0].args',
      detail: 'dashboard',
    });
    expect(result.message).toContain('NodePort');
    expect(result.message).toContain('--enable-skip-login');
    expect(result.message).toContain('dashboard-admin');
    // the metrics scraper is not reported as a Dashboard
    expect(result.evidence?.workloads).toEqual(['Deployment/kubernetes-dashboard']);
  });

  it('fails Dashboard 7 published through an Ingress to its Kong proxy, reporting the web UI', () => {
    const [result] = run(check, load('fail.ingress-to-kong-proxy.yaml'));
    expect(result).toMatchObject({ status: 'fail', resource: { name: 'kubernetes-dashboard-web' } });
    expect(result.message).toContain('Ingress dashboard');
    expect(result.message).not.toContain('NodePort');
  });

  it('passes a ClusterIP Dashboard that requires login and has minimal RBAC (explicit --enable-skip-login=false)', () => {
    const results = run(check, load('pass.cluster-ip-login-required.yaml'));
    expect(results.map((r) => r.status)).toEqual(['pass']);
  });

  it('passes on the cluster when no Dashboard is installed, even with other LoadBalancer Services', () => {
    const results = run(check, load('pass.no-dashboard.yaml'));
    expect(results).toEqual([expect.objectContaining({ status: 'pass', resource: expect.objectContaining({ kind: 'Cluster' }) })]);
  });

  it('fails when the ServiceAccount gets full access through a group binding to a cluster-admin look-alike', () => {
    const base = readFileSync(path.join(import.meta.dirname, '__fixtures__', check.id, 'pass.cluster-ip-login-required.yaml'), 'utf8');
    const extra = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: superuser
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: dashboard-namespace-superuser
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: superuser
subjects:
- kind: Group
  name: system:serviceaccounts:kubernetes-dashboard
`;
    const [result] = run(check, snapshotFromYaml([base, extra]));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('ClusterRoleBinding dashboard-namespace-superuser → ClusterRole superuser (via group system:serviceaccounts:kubernetes-dashboard)');
  });
});
