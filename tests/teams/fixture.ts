/**
 * A small fleet for the teams tests, persisted through the real scan pipeline (persistScan with
 * manifests and namespace labels): two clusters, findings in payments-eu, payments-us, web
 * (labelled team=shop), edge (one resource labelled app=ingress), kube-system and cluster-scoped.
 * Teams: Payments owns payments-* in prod, Shop the namespaces labelled team=shop, Ingress the
 * resources labelled app=ingress, Platform the whole of staging.
 */
import type { Db } from '@/lib/db';
import type { EvaluatedResult, PassCount } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

export interface TeamsFleet {
  prod: string;
  staging: string;
  teams: { payments: string; shop: string; ingress: string; platform: string };
}

export type FleetResult = EvaluatedResult & { labels: Record<string, string> };

/** A failing result of a Deployment (check: privileged-container unless named). */
export function failing(name: string, namespace: string | null, labels: Record<string, string> = {}, checkId = 'privileged-container'): FleetResult {
  return {
    status: 'fail',
    checkId,
    section: 'workloads',
    severity: 'high',
    title: checkId === 'privileged-container' ? 'Privileged container' : checkId,
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', ...(namespace ? { namespace } : {}), name },
    message: `${name} is privileged`,
    fingerprint: checkId === 'privileged-container' ? `fp-${namespace ?? 'cluster'}-${name}` : `fp-${checkId}-${namespace ?? 'cluster'}-${name}`,
    labels,
  };
}
const result = failing;

type Namespaces = Array<{ name: string; labels: Record<string, string> }>;

/** One more successful scan of a cluster through the real pipeline (findings not in `results` resolve); its id. */
export async function persistFleetScan(db: Db, clusterId: string, results: FleetResult[], namespaces: Namespaces, passes: PassCount[] = []): Promise<string> {
  const scan = await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } });
  await persistScan(db, {
    clusterId,
    scanId: scan.id,
    startedAt: new Date(Date.now() - 10_000),
    finishedAt: new Date(),
    objectCounts: { Deployment: results.length },
    coverageGaps: [],
    results,
    passes,
    engineErrors: [],
    exceptions: [],
    manifestOf: (r) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: r.resource.name, namespace: r.resource.namespace, labels: (r as FleetResult).labels } }),
    namespaces,
  });
  return scan.id;
}

async function scanned(db: Db, name: string, results: FleetResult[], namespaces: Namespaces): Promise<string> {
  const cluster = await db.cluster.create({ data: { name, authType: 'token', apiServerUrl: `https://${name}.example` } });
  await persistFleetScan(db, cluster.id, results, namespaces);
  return cluster.id;
}

export async function seedTeamsFleet(db: Db): Promise<TeamsFleet> {
  const prod = await scanned(
    db,
    'prod',
    [
      result('pay-api', 'payments-eu'),
      result('pay-worker', 'payments-us'),
      result('storefront', 'web'),
      result('router', 'edge', { app: 'ingress' }),
      result('cache', 'edge'),
      result('coredns', 'kube-system'),
      result('node-agent', null),
    ],
    [
      { name: 'payments-eu', labels: {} },
      { name: 'payments-us', labels: {} },
      { name: 'web', labels: { team: 'shop' } },
      { name: 'edge', labels: {} },
      { name: 'kube-system', labels: {} },
    ],
  );
  const staging = await scanned(db, 'staging', [result('pay-api', 'payments-eu'), result('storefront', 'web')], [
    { name: 'payments-eu', labels: {} },
    { name: 'web', labels: { team: 'other' } },
  ]);
  const team = async (name: string, scope: { clusterId: string | null; kind: 'cluster' | 'namespace' | 'namespace_glob' | 'namespace_label' | 'resource_label'; value: string | null }) =>
    (await db.team.create({ data: { name, scopes: { create: [scope] } } })).id;
  return {
    prod,
    staging,
    teams: {
      payments: await team('Payments', { clusterId: prod, kind: 'namespace_glob', value: 'payments-*' }),
      shop: await team('Shop', { clusterId: null, kind: 'namespace_label', value: 'team=shop' }),
      ingress: await team('Ingress', { clusterId: prod, kind: 'resource_label', value: 'app=ingress' }),
      platform: await team('Platform', { clusterId: staging, kind: 'cluster', value: null }),
    },
  };
}

export const ROOT_CHECK = 'container-runs-as-root';
const pass = (checkId: string, namespace: string, count: number): PassCount => ({ checkId, section: 'workloads', severity: 'high', status: 'pass', namespace, count });

/** prod's second scan (persistFleetScan): pay-worker fixed, coredns now also runs as root, and passing results in most namespaces. */
export const PROD_LATER_RESULTS: FleetResult[] = [
  failing('pay-api', 'payments-eu'),
  failing('storefront', 'web'),
  failing('router', 'edge', { app: 'ingress' }),
  failing('cache', 'edge'),
  failing('coredns', 'kube-system'),
  failing('node-agent', null),
  failing('coredns', 'kube-system', {}, ROOT_CHECK),
];
export const PROD_LATER_PASSES: PassCount[] = [
  pass('privileged-container', 'payments-eu', 3),
  pass('privileged-container', 'payments-us', 2),
  pass('privileged-container', 'web', 1),
  pass('privileged-container', 'kube-system', 5),
  pass(ROOT_CHECK, 'payments-eu', 4),
  pass(ROOT_CHECK, 'payments-us', 2),
];
export const PROD_NAMESPACE_LABELS: Namespaces = ['payments-eu', 'payments-us', 'web', 'edge', 'kube-system'].map((name) => ({ name, labels: (name === 'web' ? { team: 'shop' } : {}) as Record<string, string> }));
