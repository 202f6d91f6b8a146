/**
 * A ranked workload's attack path on the RBAC graph, through the graph route as the explorer
 * calls it (?path=<workload risk id>): the demo estate scanned through the real pipeline, real
 * PostgreSQL. The path's hops come back in order with their graph nodes and the findings that
 * break them (resolved to finding ids), and a path of another cluster or an unknown id is a 404.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as graphRoute from '@/app/api/clusters/[id]/rbac/graph/route';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import type { Prisma } from '@/lib/generated/prisma/client';
import { loadManifests } from '@/lib/k8s/load';
import { RBAC_ARTIFACT_KIND, rbacArtifactFromSnapshot } from '@/lib/rbac/explorer';
import { DEMO_CLUSTER_DIR } from '../dashboard/seed';
import { callRoute, useReportHarness } from '../reports/harness';

const h = useReportHarness();
// The seeded scan stores its ranking; a scan run by a worker also stores the RBAC artifact (lib/scans/run.ts).
beforeAll(async () => {
  const data = rbacArtifactFromSnapshot(loadManifests(DEMO_CLUSTER_DIR).snapshot) as unknown as Prisma.InputJsonValue;
  await h.t.db.scanArtifact.create({ data: { scanId: h.demo.scans.at(-1)!.id, kind: RBAC_ARTIFACT_KIND, data } });
}, 60_000);
const get = (clusterId: string, query: string) => callRoute(h, graphRoute.GET, `/api/clusters/${clusterId}/rbac/graph${query}`, { params: { id: clusterId } });

describe('attack path on the RBAC graph (API)', () => {
  it('draws the demo dashboard path: numbered graph nodes from the workload to cluster-admin, each hop linked to its findings', async () => {
    const ranked = await getFixFirst(h.t.db, { clusterId: h.demo.clusterId, limit: 50 });
    const row = ranked.find((r) => r.resource.name === 'kubernetes-dashboard' && r.path)!;
    expect(row).toBeDefined();
    const r = await get(h.demo.clusterId, `?path=${row.id}`);
    expect(r.status).toBe(200);
    const { graph, path } = r.json();
    expect(path.hops.map((x: { kind: string }) => x.kind)).toEqual(row.path!.hops.map((x) => x.kind));
    expect(path.nodeIds[0]).toBe('workload:Deployment:kubernetes-dashboard/kubernetes-dashboard');
    expect(path.nodeIds).toContain('role:ClusterRole:cluster-admin');
    for (const id of path.nodeIds) expect(graph.nodes.some((n: { id: string }) => n.id === id)).toBe(true);
    for (const id of path.edgeIds) expect(graph.edges.some((e: { id: string }) => e.id === id)).toBe(true);
    // The cut hop's finding resolves to a finding of this cluster.
    const cut = path.hops.find((x: { cut: boolean }) => x.cut);
    expect(cut.findings.length).toBeGreaterThan(0);
    const finding = path.findings[cut.findings[0].fingerprint];
    expect(await h.t.db.finding.findUnique({ where: { id: finding.id }, select: { clusterId: true, checkId: true } })).toEqual({ clusterId: h.demo.clusterId, checkId: cut.findings[0].checkId });
  });

  it('answers 404 for an unknown id or another cluster\'s path, 400 for a malformed id', async () => {
    const [row] = (await getFixFirst(h.t.db, { clusterId: h.demo.clusterId, limit: 50 })).filter((r) => r.path);
    const other = await h.t.db.cluster.create({ data: { name: 'other', authType: 'token' } });
    expect((await get(other.id, `?path=${row!.id}`)).status).toBe(404);
    expect((await get(h.demo.clusterId, '?path=nope')).status).toBe(404);
    expect((await get(h.demo.clusterId, '?path=../x')).status).toBe(400);
  });
});
