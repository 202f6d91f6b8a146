/**
 * Vulnerabilities and the workloads to fix first for team members (read models and route handlers,
 * real API tokens, real PostgreSQL): a member sees the images their teams' workloads run (with only
 * those workloads), the CVEs of those images, the config-audit objects of their namespaces and the
 * ranked workloads of their namespaces; another team's image, CVE or workload is not found; the
 * export writes the same rows, and another cluster is a 404. Fleet users keep everything.
 */
import { describe, expect, it } from 'vitest';
import * as exportRoute from '@/app/api/exports/vulnerabilities/route';
import type { Prisma } from '@/lib/db';
import { getFixFirst, getWorkloadRisk } from '@/lib/dashboard/fix-first';
import { getCveDetail, getFleetInventory, getImageDetail } from '@/lib/dashboard/vulnerabilities';
import { accessScopeFor, FLEET } from '@/lib/teams/scope';
import { VULNERABILITY_ARTIFACT_KIND, zeroCveCounts, type InventoryImage, type VulnerabilityInventory } from '@/lib/vulnerabilities/inventory';
import { useTeamsCallers } from './callers';

const image = (ref: string, cve: string, workloads: Array<[string, string]>): InventoryImage => ({
  image: ref,
  repository: ref.split(':')[0]!,
  tag: ref.split(':')[1],
  workloads: workloads.map(([namespace, name]) => ({ kind: 'Deployment', namespace, name, container: 'main' })),
  counts: { ...zeroCveCounts(), critical: 1 },
  fixable: 1,
  cves: [{ id: cve, pkg: 'openssl', installedVersion: '1.0', fixedVersion: '1.1', severity: 'critical' }],
  truncated: 0,
});
const audit = (namespace: string, name: string) => ({ resource: { kind: 'Deployment', namespace, name }, failed: [{ checkId: 'KSV001', title: 'x', severity: 'high' as const }] });
const risks: Record<string, string> = {};

const h = useTeamsCallers(async ({ t, fleet }) => {
  const scanOf = async (clusterId: string) => (await t.db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, select: { id: true } })).id;
  const inventories: Array<[string, VulnerabilityInventory]> = [
    [
      fleet.prod,
      {
        available: true,
        images: [
          image('example.com/pay:1', 'CVE-2026-0001', [['payments-eu', 'pay-api']]),
          image('example.com/shared:1', 'CVE-2026-0002', [['payments-us', 'pay-worker'], ['web', 'storefront']]),
          image('example.com/shop:1', 'CVE-2026-0003', [['web', 'storefront']]),
          image('example.com/dns:1', 'CVE-2026-0004', [['kube-system', 'coredns']]),
        ],
        configAudit: [audit('payments-eu', 'pay-api'), audit('kube-system', 'coredns')],
      },
    ],
    [fleet.staging, { available: true, images: [image('example.com/pay:1', 'CVE-2026-0001', [['payments-eu', 'pay-api']])], configAudit: [] }],
  ];
  for (const [clusterId, data] of inventories) {
    const scanId = await scanOf(clusterId);
    await t.db.scanArtifact.create({ data: { scanId, kind: VULNERABILITY_ARTIFACT_KIND, data: data as unknown as Prisma.InputJsonValue } });
    const ranked: Array<[string | null, string]> = clusterId === fleet.prod ? [['web', 'storefront'], ['payments-eu', 'pay-api'], ['kube-system', 'coredns'], [null, 'node-agent'], ['payments-us', 'pay-worker']] : [['payments-eu', 'pay-api']];
    for (const [i, [namespace, name]] of ranked.entries()) {
      const fingerprint = `fp-${namespace ?? 'cluster'}-${name}`;
      const row = await t.db.workloadRisk.create({
        data: {
          scanId,
          clusterId,
          rank: i + 1,
          score: 90 - i * 10,
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace,
          name,
          serviceAccount: 'default',
          factors: [
            { id: 'privileged', kind: 'privilege', points: 30, reason: 'privileged', findings: [{ checkId: 'privileged-container', fingerprint, resource: { kind: 'Deployment', namespace: namespace ?? undefined, name } }] },
            // A reason resting on another team's finding: named, never linked.
            { id: 'privileged', kind: 'privilege', points: 5, reason: 'next to the shop', findings: [{ checkId: 'privileged-container', fingerprint: 'fp-web-storefront', resource: { kind: 'Deployment', namespace: 'web', name: 'storefront' } }] },
          ],
        },
      });
      risks[`${clusterId === fleet.prod ? 'prod' : 'staging'}/${name}`] = row.id;
    }
  }
});

const scopeOf = (who: 'member' | 'memberViewer') => accessScopeFor(h.t.db, { id: h.ids[who], role: 'viewer' });
const where = (workloads: Array<{ clusterName: string; namespace: string; name: string }>) => workloads.map((w) => `${w.clusterName}/${w.namespace}/${w.name}`).sort();

describe('vulnerabilities', () => {
  it("show a team member the images their teams' workloads run, with those workloads only; another team's image or CVE is not found", async () => {
    const member = await scopeOf('member');
    const mine = await getFleetInventory(h.t.db, {}, member);
    expect(mine.images.map((i) => i.image).sort()).toEqual(['example.com/pay:1', 'example.com/shared:1']);
    expect(mine.images.flatMap((i) => where(i.workloads))).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker']);
    expect(mine.images.flatMap((i) => i.clusters.map((c) => c.name))).toEqual(['prod', 'prod']);
    expect(mine.configAudit.map((r) => `${r.resource.namespace}/${r.resource.name}`)).toEqual(['payments-eu/pay-api']);
    expect(mine.scanned).toBe(1);
    expect(where((await getImageDetail(h.t.db, 'example.com/shared:1', member))!.workloads)).toEqual(['prod/payments-us/pay-worker']);
    expect(await getImageDetail(h.t.db, 'example.com/shop:1', member)).toBeNull();
    expect(await getCveDetail(h.t.db, 'CVE-2026-0003', member)).toBeNull();
    expect((await getCveDetail(h.t.db, 'CVE-2026-0001', member))!.images.flatMap((i) => where(i.workloads))).toEqual(['prod/payments-eu/pay-api']);

    const shop = await getFleetInventory(h.t.db, {}, await scopeOf('memberViewer'));
    expect(shop.images.map((i) => i.image).sort()).toEqual(['example.com/shared:1', 'example.com/shop:1']);
    expect(shop.images.flatMap((i) => where(i.workloads))).toEqual(['prod/web/storefront', 'prod/web/storefront']);

    const all = await getFleetInventory(h.t.db, {}, FLEET);
    expect(all.images).toHaveLength(4);
    expect(all.scanned).toBe(2);
    expect(where((await getCveDetail(h.t.db, 'CVE-2026-0001'))!.images.flatMap((i) => i.workloads))).toEqual(['prod/payments-eu/pay-api', 'staging/payments-eu/pay-api']);
  });

  it('export what the pages show: the member\'s images and CVEs; another cluster is a 404', async () => {
    const images = await h.call(exportRoute.GET, 'member', 'GET', '/api/exports/vulnerabilities?kind=images&format=csv');
    expect(images.status).toBe(200);
    expect(images.text.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual(['example.com/pay:1', 'example.com/shared:1']);
    const cves = await h.call(exportRoute.GET, 'member', 'GET', '/api/exports/vulnerabilities?kind=cves&format=json');
    expect(cves.json.rows.map((r: { cve: string; workloads: number }) => `${r.cve}:${r.workloads}`).sort()).toEqual(['CVE-2026-0001:1', 'CVE-2026-0002:1']);
    expect((await h.call(exportRoute.GET, 'member', 'GET', `/api/exports/vulnerabilities?cluster=${h.fleet.staging}`)).status).toBe(404);
    expect((await h.call(exportRoute.GET, 'memberViewer', 'GET', '/api/exports/vulnerabilities')).status).toBe(403);
    const fleet = await h.call(exportRoute.GET, 'admin', 'GET', '/api/exports/vulnerabilities?kind=cves&format=json');
    expect(fleet.json.count).toBe(4);
  });
});

describe('fix first', () => {
  it("ranks a team member's workloads only and links only the findings they may see; another team's workload is not found", async () => {
    const member = await scopeOf('member');
    const mine = await getFixFirst(h.t.db, { access: member });
    expect(mine.map((r) => `${r.cluster.name}/${r.resource.namespace}/${r.resource.name}`)).toEqual(['prod/payments-eu/pay-api', 'prod/payments-us/pay-worker']);
    const payApi = (await getWorkloadRisk(h.t.db, risks['prod/pay-api']!, member))!;
    expect(Object.keys(payApi.findings)).toEqual(['fp-payments-eu-pay-api']);
    expect(payApi.factors.map((f) => f.reason)).toEqual(['privileged', 'next to the shop']);
    for (const other of ['prod/storefront', 'prod/coredns', 'prod/node-agent', 'staging/pay-api']) expect(await getWorkloadRisk(h.t.db, risks[other]!, member), other).toBeNull();

    expect((await getFixFirst(h.t.db, { access: FLEET, limit: 100 })).length).toBe(6);
    expect(Object.keys((await getWorkloadRisk(h.t.db, risks['prod/pay-api']!))!.findings).sort()).toEqual(['fp-payments-eu-pay-api', 'fp-web-storefront']);
  });
});
