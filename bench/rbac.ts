/**
 * RBAC explorer benchmark: a synthetic cluster with 5,000 bindings (200 namespaces, RoleBindings
 * and ClusterRoleBindings to Roles, ClusterRoles and the aggregated built-ins, service accounts
 * with workloads, a sprinkling of risky rules). Times every step the explorer's API performs:
 * artifact → analysis (analyzeRbac) → full graph → focused neighbourhood, who-can, risky subjects,
 * escalation routes. Target: analysis + graph + who-can under 1 s.
 *
 *   npx tsx bench/rbac.ts [bindings=5000] [--json]
 */
import { performance } from 'node:perf_hooks';
import { makeSnapshot, type SnapshotObjects } from '../lib/k8s/snapshot';
import { loadManifests } from '../lib/k8s/load/manifests';
import { buildRbacModel, escalationRoutes, graphNeighbourhood, rbacArtifactFromSnapshot, riskyView, whoCanView, type RbacArtifact } from '../lib/rbac/explorer';

const RBAC = 'rbac.authorization.k8s.io';

/** A deterministic cluster with `bindings` bindings (about 10 % ClusterRoleBindings). */
export function syntheticRbacCluster(bindings: number) {
  const builtIns = loadManifests('fixtures/demo-cluster/30-rbac-system.yaml').snapshot.objects.clusterRoles;
  const namespaces = 200;
  const o: Partial<SnapshotObjects> = { roles: [], clusterRoles: [...builtIns], roleBindings: [], clusterRoleBindings: [], serviceAccounts: [], deployments: [], services: [] };
  const rules = (i: number) =>
    i % 53 === 0
      ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]
      : i % 97 === 0
        ? [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }, { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get'] }]
        : [{ apiGroups: ['', 'apps'], resources: ['configmaps', 'pods', 'deployments'], verbs: ['get', 'list', 'watch'] }];
  for (let c = 0; c < 100; c++) o.clusterRoles!.push({ metadata: { name: `team-role-${c}` }, rules: c % 37 === 0 ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] : rules(c) });
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${n}`;
    for (let r = 0; r < 5; r++) o.roles!.push({ metadata: { namespace: ns, name: `role-${r}` }, rules: rules(n * 5 + r) });
    for (let s = 0; s < 15; s++) {
      o.serviceAccounts!.push({ metadata: { namespace: ns, name: `sa-${s}` } });
      o.deployments!.push({
        metadata: { namespace: ns, name: `app-${s}` },
        spec: { selector: { matchLabels: { app: `app-${s}` } }, template: { metadata: { labels: { app: `app-${s}` } }, spec: { serviceAccountName: `sa-${s}`, containers: [{ name: 'app', image: 'example.com/app:1' }] } } },
      });
      if (s === 0) o.services!.push({ metadata: { namespace: ns, name: `app-${s}` }, spec: { type: n % 9 === 0 ? 'LoadBalancer' : 'ClusterIP', selector: { app: `app-${s}` } } });
    }
  }
  for (let b = 0; b < bindings; b++) {
    if (b % 10 === 0) {
      o.clusterRoleBindings!.push({
        metadata: { name: `crb-${b}` },
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b % 30 === 0 ? 'view' : `team-role-${b % 100}` },
        subjects: [{ kind: b % 20 === 0 ? 'Group' : 'User', name: b % 20 === 0 ? `group-${b % 50}` : `user-${b % 400}@example.com`, apiGroup: RBAC }],
      });
      continue;
    }
    const ns = `team-${b % namespaces}`;
    const useClusterRole = b % 4 === 0;
    o.roleBindings!.push({
      metadata: { namespace: ns, name: `rb-${b}` },
      roleRef: { apiGroup: RBAC, kind: useClusterRole ? 'ClusterRole' : 'Role', name: useClusterRole ? (b % 8 === 0 ? 'edit' : `team-role-${b % 100}`) : `role-${b % 5}` },
      subjects: [b % 3 === 0 ? { kind: 'User', name: `user-${b % 400}@example.com`, apiGroup: RBAC } : { kind: 'ServiceAccount', name: `sa-${b % 15}`, namespace: ns }],
    });
  }
  return makeSnapshot({ source: { type: 'cluster', name: `synthetic-rbac-${bindings}` }, objects: o });
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

export interface RbacBenchmarkResult {
  bindings: number;
  subjects: number;
  grants: number;
  graphNodes: number;
  artifactBytes: number;
  timingsMs: Record<string, number>;
  /** analysis + full graph + who-can: what a first request on a cold cache costs. */
  coldRequestMs: number;
}

export function runRbacBenchmark(bindings = 5000): RbacBenchmarkResult {
  const snapshot = syntheticRbacCluster(bindings);
  const [artifact, tArtifact] = time(() => rbacArtifactFromSnapshot(snapshot));
  const json = JSON.stringify(artifact);
  const [parsed, tParse] = time(() => JSON.parse(json) as RbacArtifact);
  const [model, tAnalysis] = time(() => buildRbacModel(parsed));
  const [graph, tGraph] = time(() => model.graph(false));
  const [, tNeighbourhood] = time(() => graphNeighbourhood(model, { focus: 'subject:ServiceAccount:team-7/sa-3', hops: 3 }));
  const [, tDefaultView] = time(() => graphNeighbourhood(model, { hops: 2 }));
  const [whoCan, tWhoCan] = time(() => whoCanView(model, 'get', 'secrets', 'team-42'));
  const [, tWhoCanCluster] = time(() => whoCanView(model, 'create', 'pods/exec'));
  const [, tRisky] = time(() => riskyView(model));
  const [, tEscalations] = time(() => escalationRoutes(model));
  if (whoCan.rows.length === 0) throw new Error('benchmark sanity: nobody can get secrets');
  const timingsMs = {
    'artifact from snapshot': tArtifact,
    'artifact JSON parse': tParse,
    'analysis (analyzeRbac)': tAnalysis,
    'full graph (buildRbacGraph)': tGraph,
    'neighbourhood, focus, 3 hops': tNeighbourhood,
    'default view (riskiest subjects)': tDefaultView,
    'who-can get secrets in a namespace': tWhoCan,
    'who-can create pods/exec cluster-wide': tWhoCanCluster,
    'risky subjects': tRisky,
    'escalation routes': tEscalations,
  };
  return {
    bindings,
    subjects: model.analysis.subjects.length,
    grants: model.analysis.grants.length,
    graphNodes: graph.nodes.length,
    artifactBytes: json.length,
    timingsMs,
    coldRequestMs: tParse + tAnalysis + tGraph + tWhoCan,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bindings = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
  const result = runRbacBenchmark(bindings);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`RBAC explorer, synthetic cluster: ${result.bindings} bindings, ${result.subjects} subjects, ${result.grants} grants, ${result.graphNodes} graph nodes, artifact ${(result.artifactBytes / 1024).toFixed(0)} KiB`);
    for (const [step, ms] of Object.entries(result.timingsMs)) console.log(`  ${step.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms`);
    console.log(`  ${'cold request (parse+analysis+graph+who-can)'.padEnd(42)} ${result.coldRequestMs.toFixed(1).padStart(8)} ms  (target < 1000 ms)`);
  }
}
