/**
 * Vulnerabilities in depth, end to end from the database: the demo estate scanned through the
 * real pipeline stores its image inventory; the fleet inventory, one image's CVE rows and "which
 * workloads run CVE-X" read it back; a cluster whose scan saw no report is named as a coverage gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { getCveDetail, getFleetInventory, getImageDetail } from '@/lib/dashboard/vulnerabilities';
import { seedClusterHistory } from './seed';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedClusterHistory(t.db, { name: 'demo', scans: 1 });
  // A cluster scanned without Trivy Operator: a succeeded scan with no inventory.
  const bare = await t.db.cluster.create({ data: { name: 'bare', authType: 'token' } });
  await t.db.scan.create({ data: { clusterId: bare.id, trigger: 'manual', status: 'succeeded', finishedAt: new Date() } });
}, 180_000);
afterAll(() => t?.drop());

describe('vulnerabilities read model', () => {
  it('lists the fleet\'s images with workloads, clusters, counts and fixes, and names clusters without reports', async () => {
    const inventory = await getFleetInventory(t.db);
    expect(inventory.uncovered.map((c) => c.name)).toEqual(['bare']);
    const dashboard = inventory.images.find((i) => i.image === 'docker.io/kubernetesui/dashboard:v2.7.0')!;
    expect(dashboard.clusters.map((c) => c.name)).toEqual(['demo']);
    expect(dashboard.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual(['Deployment kubernetes-dashboard/kubernetes-dashboard']);
    expect(dashboard.counts.critical).toBe(1);
    expect(inventory.images[0]!.counts.critical).toBeGreaterThanOrEqual(inventory.images.at(-1)!.counts.critical);
    expect((await getFleetInventory(t.db, { q: 'mysql' })).images.map((i) => i.image)).toEqual(['docker.io/library/mysql:5.7']);
    expect((await getFleetInventory(t.db, { fixable: true })).images.some((i) => i.image.includes('mysql'))).toBe(false);
  });

  it('shows one image\'s CVE rows and which workloads run a CVE', async () => {
    const image = await getImageDetail(t.db, 'docker.io/kubernetesui/dashboard:v2.7.0');
    expect(image?.cves.map((c) => [c.id, c.pkg, c.installedVersion, c.fixedVersion, c.severity])).toEqual([
      ['CVE-2024-24790', 'stdlib', 'v1.19.2', '1.21.11, 1.22.4', 'critical'],
      ['CVE-2023-44487', 'golang.org/x/net', 'v0.1.0', '0.17.0', 'high'],
    ]);
    const cve = await getCveDetail(t.db, 'CVE-2024-24790');
    expect(cve?.sample.link).toBe('https://avd.aquasec.com/nvd/cve-2024-24790');
    expect(cve?.images.flatMap((i) => i.workloads.map((w) => `${w.clusterName}: ${w.namespace}/${w.name}`))).toEqual(['demo: kubernetes-dashboard/kubernetes-dashboard']);
    expect(await getCveDetail(t.db, 'CVE-1999-0000')).toBeNull();
    expect(await getImageDetail(t.db, 'nowhere/none:1')).toBeNull();
  });
});
