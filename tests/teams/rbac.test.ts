/**
 * The RBAC explorer's routes for team members (route handlers, real API tokens, real PostgreSQL,
 * a stored RBAC artifact per cluster). In a cluster their teams own in part a member sees the
 * bindings in their namespaces (every subject), and everything their namespaces' service accounts
 * can do wherever it is granted, never another subject's grants; a cluster outside their teams is
 * a 404 on every route (who-can's CSV export included). Fleet users see the whole cluster, unchanged.
 */
import { describe, expect, it } from 'vitest';
import * as overviewRoute from '@/app/api/clusters/[id]/rbac/route';
import * as changesRoute from '@/app/api/clusters/[id]/rbac/changes/route';
import * as escalationsRoute from '@/app/api/clusters/[id]/rbac/escalations/route';
import * as graphRoute from '@/app/api/clusters/[id]/rbac/graph/route';
import * as riskyRoute from '@/app/api/clusters/[id]/rbac/risky/route';
import * as subjectRoute from '@/app/api/clusters/[id]/rbac/subjects/[key]/route';
import * as whoCanRoute from '@/app/api/clusters/[id]/rbac/who-can/route';
import type { Prisma } from '@/lib/db';
import { RBAC_ARTIFACT_KIND, rbacArtifactFromSnapshot } from '@/lib/rbac/explorer';
import type { AttackHop, AttackPath } from '@/lib/risk/types';
import { cr, crb, deployment, docs, rb, sa, snapshotOf } from '../rbac/helpers';
import { useTeamsCallers, type Caller } from './callers';

const PROD = docs(
  sa('payments-eu', 'pay-sa'),
  deployment('payments-eu', 'pay-api', 'pay-sa'),
  sa('payments-us', 'worker-sa'),
  deployment('payments-us', 'pay-worker', 'worker-sa'),
  deployment('web', 'storefront', 'shop-sa'),
  sa('web', 'shop-sa'),
  sa('kube-system', 'ops-sa'),
  cr('config-reader', '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]'),
  cr('secret-reader', '[{ apiGroups: [""], resources: [secrets], verbs: [get, list] }]'),
  cr('unbound-custom', '[{ apiGroups: [""], resources: [nodes], verbs: [get] }]'),
  // In the member's namespace: every subject stays, a user included.
  rb('payments-eu', 'pay-read', 'ClusterRole', 'config-reader', '[{ kind: ServiceAccount, name: pay-sa }, { kind: User, name: alice }]'),
  // Cluster-wide, one of the member's accounts among others: only theirs stays.
  crb('pay-admin', 'cluster-admin', '[{ kind: ServiceAccount, name: worker-sa, namespace: payments-us }, { kind: ServiceAccount, name: shop-sa, namespace: web }]'),
  crb('ops', 'cluster-admin', '[{ kind: ServiceAccount, name: ops-sa, namespace: kube-system }, { kind: User, name: bob }]'),
  // Elsewhere, granting the member's account: the binding shows, with their account only.
  rb('kube-system', 'secrets', 'ClusterRole', 'secret-reader', '[{ kind: ServiceAccount, name: pay-sa, namespace: payments-eu }, { kind: ServiceAccount, name: ops-sa }]'),
  rb('web', 'shop-edit', 'ClusterRole', 'secret-reader', '[{ kind: User, name: carol }]'),
);

const paths: Record<string, string> = {};
const h = useTeamsCallers(async ({ t, fleet }) => {
  for (const clusterId of [fleet.prod, fleet.staging]) {
    const scan = await t.db.scan.findFirstOrThrow({ where: { clusterId }, select: { id: true } });
    const data = rbacArtifactFromSnapshot(snapshotOf(clusterId === fleet.prod ? PROD : docs(sa('payments-eu', 'pay-sa')))) as unknown as Prisma.InputJsonValue;
    await t.db.scanArtifact.create({ data: { scanId: scan.id, kind: RBAC_ARTIFACT_KIND, data } });
    if (clusterId !== fleet.prod) continue;
    // Two ranked workloads whose service accounts are cluster-admin: the member's and Shop's.
    for (const [rank, namespace, name, account] of [[1, 'payments-us', 'pay-worker', 'worker-sa'], [2, 'web', 'storefront', 'shop-sa']] as const) {
      const hop = (kind: AttackHop['kind'], label: string, resource?: AttackHop['resource']): AttackHop => ({ kind, label, via: label, findings: [], ...(resource ? { resource } : {}) });
      const path: AttackPath = {
        target: 'cluster-admin',
        hops: [hop('container', name, { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name }), hop('service-account', account, { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name: account }), hop('target', 'cluster-admin')],
        cut: { hop: 1, action: 'unbind' },
      };
      const row = await t.db.workloadRisk.create({
        data: { scanId: scan.id, clusterId, rank, score: 90, apiVersion: 'apps/v1', kind: 'Deployment', namespace, name, serviceAccount: account, factors: [], path: path as unknown as Prisma.InputJsonValue },
      });
      paths[name] = row.id;
    }
  }
});

const get = (handler: unknown, who: Caller, clusterId: string, rest = '', query = '', params: Record<string, string> = {}) =>
  h.call(handler, who, 'GET', `/api/clusters/${clusterId}/rbac${rest}${query}`, { id: clusterId, ...params });
const whoCan = async (who: Caller, query: string) => ((await get(whoCanRoute.GET, who, h.fleet.prod, '/who-can', query)).json.whoCan.rows as Array<{ subjectKey: string }>).map((r) => r.subjectKey).sort();

describe('RBAC explorer', () => {
  it("shows a team member the bindings in their namespaces and their accounts' grants, nobody else's", async () => {
    const overview = await get(overviewRoute.GET, 'member', h.fleet.prod);
    expect(overview.status).toBe(200);
    expect(overview.json.partial).toBe(true);
    // pay-read, secrets (narrowed), pay-admin (narrowed); not ops or shop-edit.
    expect(overview.json.summary.bindings).toBe(3);
    const fleetOverview = await get(overviewRoute.GET, 'fleetViewer', h.fleet.prod);
    expect(fleetOverview.json.partial).toBe(false);
    expect(fleetOverview.json.summary.bindings).toBe(5);

    expect(await whoCan('member', '?verb=get&resource=secrets&namespace=kube-system')).toEqual(['ServiceAccount:payments-eu/pay-sa', 'ServiceAccount:payments-us/worker-sa']);
    expect(await whoCan('member', '?verb=get&resource=configmaps&namespace=payments-eu')).toEqual(['ServiceAccount:payments-eu/pay-sa', 'ServiceAccount:payments-us/worker-sa', 'User:alice']);
    const everyone = await whoCan('fleetViewer', '?verb=get&resource=secrets&namespace=kube-system');
    for (const s of ['ServiceAccount:kube-system/ops-sa', 'ServiceAccount:web/shop-sa', 'User:bob', 'ServiceAccount:payments-eu/pay-sa']) expect(everyone).toContain(s);
    // Shop's viewer: the bindings in web and shop-sa's grants.
    expect(await whoCan('memberViewer', '?verb=get&resource=secrets&namespace=web')).toEqual(['ServiceAccount:web/shop-sa', 'User:carol']);

    const subject = (who: Caller, key: string) => get(subjectRoute.GET, who, h.fleet.prod, `/subjects/${encodeURIComponent(key)}`, '', { key: encodeURIComponent(key) });
    expect((await subject('member', 'ServiceAccount:payments-us/worker-sa')).status).toBe(200);
    expect((await subject('member', 'User:bob')).status).toBe(404);
    expect((await subject('member', 'ServiceAccount:kube-system/ops-sa')).status).toBe(404);
    expect((await subject('fleetViewer', 'User:bob')).status).toBe(200);

    const risky = await get(riskyRoute.GET, 'member', h.fleet.prod, '/risky', '?includeSystem=true');
    expect(risky.json.subjects.map((s: { subjectKey: string }) => s.subjectKey).sort()).toEqual(['ServiceAccount:payments-eu/pay-sa', 'ServiceAccount:payments-us/worker-sa']);
    const search = await get(graphRoute.GET, 'member', h.fleet.prod, '/graph', '?search=bob&includeSystem=true');
    expect(search.json.matches).toEqual([]);
    expect((await get(graphRoute.GET, 'fleetViewer', h.fleet.prod, '/graph', '?search=bob&includeSystem=true')).json.matches.length).toBeGreaterThan(0);
    // Attack paths: their workload's, drawn on their part of the graph; another team's is not found.
    const own = await get(graphRoute.GET, 'member', h.fleet.prod, '/graph', `?path=${paths['pay-worker']}`);
    expect(own.status).toBe(200);
    expect(own.json.path.nodeIds).toEqual(['workload:Deployment:payments-us/pay-worker', 'subject:ServiceAccount:payments-us/worker-sa', expect.stringMatching(/^binding:/), 'role:ClusterRole:cluster-admin', expect.stringMatching(/^permission:/)]);
    expect(JSON.stringify(own.json.graph)).not.toMatch(/ops-sa|bob|shop-sa/);
    expect((await get(graphRoute.GET, 'member', h.fleet.prod, '/graph', `?path=${paths.storefront}`)).status).toBe(404);
    expect((await get(graphRoute.GET, 'memberViewer', h.fleet.prod, '/graph', `?path=${paths.storefront}`)).status).toBe(200);
    const routes = await get(escalationsRoute.GET, 'member', h.fleet.prod, '/escalations', '?includeSystem=true');
    expect(routes.status).toBe(200);
    expect(JSON.stringify(routes.json)).not.toMatch(/ops-sa|bob|shop-sa/);
    const scan = overview.json.scan.id;
    const changes = await get(changesRoute.GET, 'member', h.fleet.prod, '/changes', `?from=${scan}&to=${scan}`);
    expect(changes.status).toBe(200);
  });

  it("exports who-can as CSV with the rows the member's JSON shows, nobody else's", async () => {
    const query = '?verb=get&resource=secrets&namespace=kube-system';
    const csv = await get(whoCanRoute.GET, 'member', h.fleet.prod, '/who-can', `${query}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = csv.text.trim().split(/\r?\n/).slice(1);
    expect(rows).toHaveLength((await whoCan('member', query)).length);
    expect(csv.text).toContain('pay-sa');
    expect(csv.text).toContain('worker-sa');
    expect(csv.text).not.toMatch(/ops-sa|shop-sa|bob/);
    expect((await get(whoCanRoute.GET, 'fleetViewer', h.fleet.prod, '/who-can', `${query}&format=csv`)).text).toMatch(/ops-sa/);
    expect((await get(whoCanRoute.GET, 'member', h.fleet.staging, '/who-can', `${query}&format=csv`)).status).toBe(404);
  });

  it('answers 404 on every route for a cluster outside the caller\'s teams', async () => {
    const staging = h.fleet.staging;
    const calls: Array<[unknown, string, string, Record<string, string>?]> = [
      [overviewRoute.GET, '', ''],
      [whoCanRoute.GET, '/who-can', '?verb=get&resource=pods'],
      [riskyRoute.GET, '/risky', ''],
      [escalationsRoute.GET, '/escalations', ''],
      [graphRoute.GET, '/graph', ''],
      [subjectRoute.GET, '/subjects/x', '', { key: 'ServiceAccount:payments-eu/pay-sa' }],
    ];
    for (const [handler, rest, query, params] of calls) {
      const res = await get(handler, 'member', staging, rest, query, params);
      expect(res.status, rest).toBe(404);
      expect(res.json.error, rest).toMatch(/No cluster with id/);
    }
    expect((await get(overviewRoute.GET, 'fleetViewer', staging)).status).toBe(200);
    expect((await get(overviewRoute.GET, 'loner', h.fleet.prod)).status).toBe(403);
  });
});
