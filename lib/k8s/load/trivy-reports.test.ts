import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from './builder';

const SECRET = 'sk_live_trivyFound-7Hq2Zx9Lm4';

const secretReport = {
  apiVersion: 'aquasecurity.github.io/v1alpha1',
  kind: 'ExposedSecretReport',
  metadata: {
    name: 'replicaset-web-7d9f8-app',
    namespace: 'shop',
    labels: { 'trivy-operator.resource.kind': 'ReplicaSet', 'trivy-operator.resource.name': 'web-7d9f8', 'trivy-operator.container.name': 'app' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"match":"${SECRET}"}` },
    managedFields: [{ manager: 'trivy-operator' }],
  },
  report: {
    artifact: { repository: 'shop/web', tag: '1.4.2', note: SECRET },
    registry: { server: 'registry.example.com' },
    scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.0' },
    summary: { criticalCount: 1, highCount: 1, mediumCount: 0, lowCount: 0, extra: SECRET },
    updateTimestamp: '2026-12-01T10:00:00Z',
    secrets: [
      { target: '/app/config.yaml', ruleID: 'stripe-secret-token', category: 'Stripe', severity: 'CRITICAL', title: 'Stripe Secret Key', match: `key: ${SECRET}`, code: { lines: [{ content: SECRET }] } },
      { target: '/root/.aws/credentials', ruleID: 'aws-secret-access-key', severity: 'HIGH', title: 'AWS Secret Access Key', match: `aws_secret_access_key=${SECRET}`, layer: { digest: 'sha256:abc', createdBy: `echo ${SECRET}` } },
      'junk',
    ],
  },
};

const configReport = {
  apiVersion: 'aquasecurity.github.io/v1alpha1',
  kind: 'ConfigAuditReport',
  metadata: { name: 'replicaset-web-7d9f8', namespace: 'shop', labels: { 'trivy-operator.resource.kind': 'ReplicaSet', 'trivy-operator.resource.name': 'web-7d9f8' } },
  report: {
    checks: [
      { checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', category: 'Kubernetes Security Check', success: false, messages: [`env PASSWORD=${SECRET}`], description: SECRET, remediation: SECRET },
      { checkID: 'KSV001', title: 'Can elevate its own privileges', severity: 'MEDIUM', success: true },
    ],
  },
};

function load(...objects: unknown[]) {
  const builder = new SnapshotBuilder();
  // structuredClone: the builder may reduce in place; the originals stay for the next test.
  for (const o of objects) expect(builder.add(structuredClone(o)).ok).toBe(true);
  return builder.build({ type: 'cluster', name: 'c' });
}

describe('Trivy ExposedSecretReport and ConfigAuditReport, as read', () => {
  it('keep of each secret only the rule id, category, title, severity and target: the matched text is gone', () => {
    const snapshot = load(secretReport);
    const [report] = snapshot.objects.exposedSecretReports;
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    expect(report).toEqual({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'ExposedSecretReport',
      metadata: { name: 'replicaset-web-7d9f8-app', namespace: 'shop', labels: secretReport.metadata.labels, annotations: {} },
      report: {
        artifact: { repository: 'shop/web', tag: '1.4.2' },
        registry: { server: 'registry.example.com' },
        scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.0' },
        summary: { criticalCount: 1, highCount: 1, mediumCount: 0, lowCount: 0 },
        updateTimestamp: '2026-12-01T10:00:00Z',
        secrets: [
          { target: '/app/config.yaml', ruleID: 'stripe-secret-token', category: 'Stripe', severity: 'CRITICAL', title: 'Stripe Secret Key' },
          { target: '/root/.aws/credentials', ruleID: 'aws-secret-access-key', severity: 'HIGH', title: 'AWS Secret Access Key' },
        ],
      },
    });
  });

  it('keep of each config-audit check only its id, title, severity, category and outcome', () => {
    const snapshot = load(configReport);
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    expect((snapshot.objects.configAuditReports[0]!.report as { checks: unknown[] }).checks).toEqual([
      { checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', category: 'Kubernetes Security Check', success: false },
      { checkID: 'KSV001', title: 'Can elevate its own privileges', severity: 'MEDIUM', success: true },
    ]);
  });

  it('are reduced the same way when read again (an agent upload rebuilt on the server)', () => {
    const once = load(secretReport, configReport);
    const twice = load(...once.objects.exposedSecretReports, ...once.objects.configAuditReports);
    expect(twice.objects.exposedSecretReports).toEqual(once.objects.exposedSecretReports);
    expect(twice.objects.configAuditReports).toEqual(once.objects.configAuditReports);
  });
});
