import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFixtureSnapshot } from '../checks/test-utils';
import { resolveWorkloads } from '../k8s/pod-spec';
import { buildVulnerabilityInventory } from './inventory';
import { readVulnerabilities } from './report';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo-cluster');
const demo = () => loadFixtureSnapshot(readdirSync(DEMO).filter((f) => f.endsWith('.yaml')).map((f) => path.join(DEMO, f)));

describe('vulnerability inventory', () => {
  it('lists each reported image with the workloads running it, CVE counts and rows with fixed versions and links', () => {
    const snapshot = demo();
    const inventory = buildVulnerabilityInventory(snapshot.objects.vulnerabilityReports, resolveWorkloads(snapshot));
    expect(inventory.available).toBe(true);
    const dashboard = inventory.images.find((i) => i.image === 'docker.io/kubernetesui/dashboard:v2.7.0')!;
    expect(dashboard.workloads).toEqual([{ kind: 'Deployment', namespace: 'kubernetes-dashboard', name: 'kubernetes-dashboard', container: 'kubernetes-dashboard' }]);
    // Counts are the report's summary (as image-known-vulnerabilities reads them); rows list what the report lists.
    expect(dashboard.counts).toMatchObject({ critical: 1, high: 4, medium: 3 });
    expect(dashboard.cves).toHaveLength(2);
    expect(dashboard.fixable).toBe(2);
    expect(dashboard.cves[0]).toMatchObject({ id: 'CVE-2024-24790', pkg: 'stdlib', installedVersion: 'v1.19.2', fixedVersion: '1.21.11, 1.22.4', severity: 'critical', score: 9.8, link: 'https://avd.aquasec.com/nvd/cve-2024-24790' });
    const mysql = inventory.images.find((i) => i.image.includes('mysql'))!;
    expect(mysql.fixable).toBe(0);
    expect(inventory.images[0]!.counts.critical).toBeGreaterThanOrEqual(inventory.images.at(-1)!.counts.critical);
  });

  it('attaches the secrets of ExposedSecretReports to their image and lists objects with failed config-audit checks, worst first', () => {
    const snapshot = demo();
    const labels = (kind: string, name: string) => ({ 'trivy-operator.resource.kind': kind, 'trivy-operator.resource.name': name, 'trivy-operator.resource.namespace': 'kubernetes-dashboard' });
    const inventory = buildVulnerabilityInventory(snapshot.objects.vulnerabilityReports, resolveWorkloads(snapshot), {
      exposedSecretReports: [
        {
          apiVersion: 'aquasecurity.github.io/v1alpha1',
          kind: 'ExposedSecretReport',
          metadata: { name: 's', namespace: 'kubernetes-dashboard', labels: labels('Deployment', 'kubernetes-dashboard') },
          report: {
            artifact: { repository: 'kubernetesui/dashboard', tag: 'v2.7.0' },
            registry: { server: 'index.docker.io' },
            secrets: [
              { ruleID: 'jwt-token', title: 'JWT token', severity: 'MEDIUM', target: '/etc/app.conf' },
              { ruleID: 'private-key', title: 'Asymmetric private key', severity: 'HIGH', target: '/certs/key.pem', category: 'AsymmetricPrivateKey' },
            ],
          },
        },
      ],
      configAuditReports: [
        { apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'ConfigAuditReport', metadata: { name: 'a', namespace: 'kubernetes-dashboard', labels: labels('Deployment', 'low-one') }, report: { checks: [{ checkID: 'KSV011', title: 'CPU not limited', severity: 'LOW', success: false }] } },
        { apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'ConfigAuditReport', metadata: { name: 'b', namespace: 'kubernetes-dashboard', labels: labels('Deployment', 'passing') }, report: { checks: [{ checkID: 'KSV011', title: 'CPU not limited', severity: 'LOW', success: true }] } },
        {
          apiVersion: 'aquasecurity.github.io/v1alpha1',
          kind: 'ConfigAuditReport',
          metadata: { name: 'c', namespace: 'kubernetes-dashboard', labels: labels('Deployment', 'kubernetes-dashboard') },
          report: { checks: [{ checkID: 'KSV011', title: 'CPU not limited', severity: 'LOW', success: false }, { checkID: 'KSV017', title: 'Privileged container', severity: 'HIGH', success: false }] },
        },
      ],
    });
    const dashboard = inventory.images.find((i) => i.image === 'docker.io/kubernetesui/dashboard:v2.7.0')!;
    expect(dashboard.secrets).toEqual([
      { ruleId: 'private-key', title: 'Asymmetric private key', severity: 'high', target: '/certs/key.pem', category: 'AsymmetricPrivateKey' },
      { ruleId: 'jwt-token', title: 'JWT token', severity: 'medium', target: '/etc/app.conf' },
    ]);
    expect(inventory.images.filter((i) => i.secrets).length).toBe(1);
    expect(inventory.configAudit?.map((e) => [e.resource.name, e.failed.map((c) => c.checkId)])).toEqual([
      ['kubernetes-dashboard', ['KSV017', 'KSV011']],
      ['low-one', ['KSV011']],
    ]);
  });

  it('lists an image that has only a secret report (no VulnerabilityReport): no CVEs, its secrets, and still "unavailable" for CVEs', () => {
    const inventory = buildVulnerabilityInventory([], [], {
      exposedSecretReports: [{ apiVersion: 'aquasecurity.github.io/v1alpha1', kind: 'ExposedSecretReport', metadata: { name: 's' }, report: { artifact: { repository: 'team/app', tag: '2' }, secrets: [{ ruleID: 'github-pat', title: 'GitHub PAT', severity: 'CRITICAL', target: '/app/.git/config' }] } }],
    });
    expect(inventory.available).toBe(false);
    expect(inventory.images).toEqual([
      expect.objectContaining({ image: 'docker.io/team/app:2', cves: [], fixable: 0, secrets: [{ ruleId: 'github-pat', title: 'GitHub PAT', severity: 'critical', target: '/app/.git/config' }] }),
    ]);
  });

  it('is unavailable without reports (Trivy Operator absent)', () => {
    expect(buildVulnerabilityInventory([], [])).toEqual({ available: false, images: [] });
  });

  it('reads a report defensively: rows without an id are skipped, links must be http(s)', () => {
    const rows = readVulnerabilities({
      apiVersion: 'aquasecurity.github.io/v1alpha1',
      kind: 'VulnerabilityReport',
      metadata: { name: 'x' },
      report: { vulnerabilities: [{ resource: 'a' }, { vulnerabilityID: 'CVE-1', severity: 'UNKNOWN', primaryLink: 'javascript:alert(1)' }, 'junk'] },
    });
    expect(rows).toEqual([{ id: 'CVE-1', pkg: '', installedVersion: '', fixedVersion: '', severity: 'info' }]);
  });
});
