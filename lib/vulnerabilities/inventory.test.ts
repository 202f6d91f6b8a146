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
