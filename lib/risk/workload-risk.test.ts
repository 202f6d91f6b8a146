import { describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import { createCheckContext } from '../checks/context';
import { makeSnapshot, type GenericObject, type SnapshotObjects } from '../k8s/snapshot';
import { evaluateSnapshot } from '../evaluation/evaluate';
import { assessWorkloadRisk, RISK_POINTS, type WorkloadRisk } from './index';

/** A hardened Deployment shop/api: non-root, nothing added, no token, isolated by a default-deny policy. */
function deployment(patch: { pod?: Record<string, unknown>; container?: Record<string, unknown>; securityContext?: Record<string, unknown>; image?: string } = {}): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'api',
              image: patch.image ?? 'registry.example.com/shop/api:1.0.0',
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, ...patch.securityContext },
              ...patch.container,
            },
          ],
          ...patch.pod,
        },
      },
    },
  } as V1Deployment;
}

const denyAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
const publicService = (type: 'LoadBalancer' | 'NodePort' | 'ClusterIP') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { type, selector: { app: 'api' }, ports: [{ port: 443 }] },
});
const ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { tls: [{ hosts: ['api.example.com'] }], rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 443 } } } }] } }] },
};
const serviceAccount = (name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'shop' } });
const clusterRoleBinding = (sa: string, role: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: `${sa}-${role}` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'ServiceAccount', name: sa, namespace: 'shop' }],
});
const clusterRole = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
const CLUSTER_ADMIN = clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
const withToken = (sa: string) => ({ pod: { automountServiceAccountToken: true, serviceAccountName: sa } });

function vulnerabilityReport(vulnerabilities: Array<{ id: string; severity: string; fixed: string }>): GenericObject {
  const critical = vulnerabilities.filter((v) => v.severity === 'CRITICAL').length;
  return {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'VulnerabilityReport',
    metadata: {
      name: 'deployment-api-api',
      namespace: 'shop',
      labels: { 'trivy-operator.resource.kind': 'Deployment', 'trivy-operator.resource.name': 'api', 'trivy-operator.resource.namespace': 'shop', 'trivy-operator.container.name': 'api' },
    },
    report: {
      registry: { server: 'registry.example.com' },
      artifact: { repository: 'shop/api', tag: '1.0.0' },
      summary: { criticalCount: critical, highCount: 0, mediumCount: 0, lowCount: 0 },
      vulnerabilities: vulnerabilities.map((v) => ({ vulnerabilityID: v.id, resource: 'openssl', installedVersion: '1.0', fixedVersion: v.fixed, severity: v.severity, score: 9.8, primaryLink: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}` })),
    },
  };
}

function rank(objects: Partial<SnapshotObjects>): WorkloadRisk[] {
  const snapshot = makeSnapshot({ source: { type: 'manifests', name: 'test' }, objects: { networkPolicies: [denyAll] as SnapshotObjects['networkPolicies'], ...objects } });
  const evaluation = evaluateSnapshot(snapshot);
  return assessWorkloadRisk(createCheckContext(snapshot), evaluation.results);
}
const api = (risks: WorkloadRisk[]) => risks.find((r) => r.resource.kind === 'Deployment' && r.resource.name === 'api');
const factorIds = (risk: WorkloadRisk | undefined) => risk?.factors.map((f) => f.id).sort() ?? [];

describe('workload risk formula', () => {
  it('a hardened, unexposed workload has no factor and is not ranked', () => {
    expect(api(rank({ deployments: [deployment()] }))).toBeUndefined();
  });

  it('exposure: a public LoadBalancer or NodePort adds internet-exposed; a ClusterIP Service does not; an Ingress does', () => {
    for (const type of ['LoadBalancer', 'NodePort'] as const) {
      const risk = api(rank({ deployments: [deployment()], services: [publicService(type)] as SnapshotObjects['services'] }));
      expect(risk?.score).toBe(RISK_POINTS['internet-exposed']);
      expect(risk?.factors[0]).toMatchObject({ id: 'internet-exposed', kind: 'exposure', findings: [{ checkId: 'service-exposed-externally' }] });
    }
    expect(api(rank({ deployments: [deployment()], services: [publicService('ClusterIP')] as SnapshotObjects['services'] }))).toBeUndefined();
    const viaIngress = api(rank({ deployments: [deployment()], services: [publicService('ClusterIP')] as SnapshotObjects['services'], ingresses: [ingress] as SnapshotObjects['ingresses'] }));
    expect(viaIngress?.score).toBe(RISK_POINTS['internet-exposed']);
    expect(viaIngress?.factors[0]?.reason).toContain('Ingress shop/api');
  });

  it('exposure: a namespace without a NetworkPolicy adds no-network-policy, read from network-policy-missing', () => {
    const risk = api(rank({ deployments: [deployment()], networkPolicies: [] }));
    expect(risk?.score).toBe(RISK_POINTS['no-network-policy']);
    expect(risk?.factors[0]?.findings[0]?.checkId).toBe('network-policy-missing');
  });

  it('privilege: each failed privilege check on the workload adds its points once', () => {
    const cases: Array<[Parameters<typeof deployment>[0], string, number]> = [
      [{ securityContext: { privileged: true, allowPrivilegeEscalation: true } }, 'privileged', RISK_POINTS.privileged],
      [{ pod: { hostPID: true } }, 'host-namespaces', RISK_POINTS['host-namespaces']],
      [{ pod: { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] } }, 'host-path', RISK_POINTS['host-path']],
      [{ securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }, 'dangerous-capabilities', RISK_POINTS['dangerous-capabilities']],
      [{ pod: { securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } } }, 'runs-as-root', RISK_POINTS['runs-as-root']],
    ];
    for (const [patch, id, points] of cases) {
      const risk = api(rank({ deployments: [deployment(patch)] }));
      const f = risk?.factors.find((x) => x.id === id);
      expect(f, id).toMatchObject({ kind: 'privilege', points });
      expect(f!.findings.length).toBeGreaterThan(0);
    }
  });

  it('RBAC: a mounted token of a cluster-admin ServiceAccount adds rbac-cluster-admin; without the token it adds nothing', () => {
    const objects = {
      serviceAccounts: [serviceAccount('api')] as SnapshotObjects['serviceAccounts'],
      clusterRoles: [CLUSTER_ADMIN] as SnapshotObjects['clusterRoles'],
      clusterRoleBindings: [clusterRoleBinding('api', 'cluster-admin')] as SnapshotObjects['clusterRoleBindings'],
    };
    const mounted = api(rank({ ...objects, deployments: [deployment(withToken('api'))] }));
    expect(mounted?.factors).toEqual([expect.objectContaining({ id: 'rbac-cluster-admin', points: RISK_POINTS['rbac-cluster-admin'], findings: [expect.objectContaining({ checkId: 'rbac-cluster-admin-binding' })] })]);
    expect(api(rank({ ...objects, deployments: [deployment({ pod: { serviceAccountName: 'api' } })] }))).toBeUndefined();
  });

  it('RBAC: reading secrets and exec each add their points', () => {
    const reader = clusterRole('reader', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ]);
    const risk = api(rank({
      deployments: [deployment(withToken('api'))],
      serviceAccounts: [serviceAccount('api')] as SnapshotObjects['serviceAccounts'],
      clusterRoles: [reader] as SnapshotObjects['clusterRoles'],
      clusterRoleBindings: [clusterRoleBinding('api', 'reader')] as SnapshotObjects['clusterRoleBindings'],
    }));
    expect(factorIds(risk)).toContain('rbac-secrets-read');
    expect(factorIds(risk)).toContain('rbac-pod-exec');
    expect(risk?.factors.find((f) => f.id === 'rbac-secrets-read')?.points).toBe(RISK_POINTS['rbac-secrets-read']);
    expect(risk?.factors.find((f) => f.id === 'rbac-pod-exec')?.points).toBe(RISK_POINTS['rbac-pod-exec']);
  });

  it('RBAC: a token that can become a cluster-admin ServiceAccount adds rbac-escalation', () => {
    const creator = clusterRole('creator', [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }]);
    const risk = api(rank({
      deployments: [deployment(withToken('api'))],
      serviceAccounts: [serviceAccount('api'), serviceAccount('admin')] as SnapshotObjects['serviceAccounts'],
      clusterRoles: [creator, CLUSTER_ADMIN] as SnapshotObjects['clusterRoles'],
      clusterRoleBindings: [clusterRoleBinding('api', 'creator'), clusterRoleBinding('admin', 'cluster-admin')] as SnapshotObjects['clusterRoleBindings'],
    }));
    expect(risk?.factors.find((f) => f.id === 'rbac-escalation')).toMatchObject({ points: RISK_POINTS['rbac-escalation-cluster-admin'], findings: [expect.objectContaining({ checkId: 'rbac-token-create' })] });
  });

  it('vulnerabilities: only critical CVEs with a fixed version count; each further one adds a little, up to the cap', () => {
    const run = (vulns: Parameters<typeof vulnerabilityReport>[0]) => api(rank({ deployments: [deployment()], vulnerabilityReports: [vulnerabilityReport(vulns)] }));
    expect(run([{ id: 'CVE-1', severity: 'CRITICAL', fixed: '' }])).toBeUndefined();
    expect(run([{ id: 'CVE-1', severity: 'HIGH', fixed: '1.1' }])).toBeUndefined();
    expect(run([{ id: 'CVE-1', severity: 'CRITICAL', fixed: '1.1' }])?.score).toBe(RISK_POINTS['critical-cve-fixable']);
    expect(run([{ id: 'CVE-1', severity: 'CRITICAL', fixed: '1.1' }, { id: 'CVE-2', severity: 'CRITICAL', fixed: '1.1' }])?.score).toBe(RISK_POINTS['critical-cve-fixable'] + RISK_POINTS['critical-cve-fixable-more']);
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `CVE-${i}`, severity: 'CRITICAL', fixed: '2.0' }));
    const capped = run(many);
    expect(capped?.score).toBe(RISK_POINTS['critical-cve-fixable-max']);
    expect(capped?.factors[0]?.findings[0]?.checkId).toBe('image-known-vulnerabilities');
  });

  it('the score is the sum of the factors, capped at 100, and the ranking is sorted by score', () => {
    const risks = rank({
      deployments: [
        deployment({ ...withToken('api'), securityContext: { privileged: true, allowPrivilegeEscalation: true } }),
        { ...deployment(), metadata: { name: 'quiet', namespace: 'shop' }, spec: { ...deployment().spec!, template: { ...deployment().spec!.template, metadata: { labels: { app: 'quiet' } } }, selector: { matchLabels: { app: 'quiet' } } } } as V1Deployment,
      ],
      services: [publicService('LoadBalancer'), { ...publicService('NodePort'), metadata: { name: 'quiet', namespace: 'shop' }, spec: { type: 'NodePort', selector: { app: 'quiet' }, ports: [{ port: 80 }] } }] as SnapshotObjects['services'],
      serviceAccounts: [serviceAccount('api')] as SnapshotObjects['serviceAccounts'],
      clusterRoles: [CLUSTER_ADMIN] as SnapshotObjects['clusterRoles'],
      clusterRoleBindings: [clusterRoleBinding('api', 'cluster-admin')] as SnapshotObjects['clusterRoleBindings'],
      vulnerabilityReports: [vulnerabilityReport([{ id: 'CVE-1', severity: 'CRITICAL', fixed: '1.1' }])],
    });
    const top = risks[0]!;
    expect(top.resource.name).toBe('api');
    const sum = top.factors.reduce((s, f) => s + f.points, 0);
    expect(sum).toBeGreaterThan(100);
    expect(top.score).toBe(100);
    expect(risks.map((r) => r.score)).toEqual([...risks.map((r) => r.score)].sort((a, b) => b - a));
    expect(risks.find((r) => r.resource.name === 'quiet')?.score).toBe(RISK_POINTS['internet-exposed']);
  });

  it('ranks every workload kind, bare Pods included', () => {
    const template = deployment({ securityContext: { privileged: true, allowPrivilegeEscalation: true } }).spec!.template;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop', labels: { app: 'debug' } }, spec: template.spec };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } } } } };
    const daemonSet = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'api' } }, template } };
    const statefulSet = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'api' } }, template } };
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'shop' }, spec: { template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } } };
    const replicaSet = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'loose', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'api' } }, template } };
    const risks = rank({ pods: [pod], cronJobs: [cronJob], daemonSets: [daemonSet], statefulSets: [statefulSet], jobs: [job], replicaSets: [replicaSet] } as unknown as Partial<SnapshotObjects>);
    expect(risks.map((r) => r.resource.kind).sort()).toEqual(['CronJob', 'DaemonSet', 'Job', 'Pod', 'ReplicaSet', 'StatefulSet']);
    for (const r of risks) expect(factorIds(r)).toContain('privileged');
  });
});
