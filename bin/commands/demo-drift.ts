/**
 * The demo estate drifts, so `rampart demo` looks like a cluster people work on: each scan of "demo"
 * sees the next state of a scripted cycle (a new mistake here, a fix there), and a first start seeds
 * a few weeks of backdated scans of those states so trends, new vs resolved, time to fix, RBAC
 * changes and "worse than last week" have something to show from the first minute.
 *
 * State k is fixtures/demo-cluster with the first k steps applied; after the last step the cycle
 * starts again from the unchanged estate (so fixed findings come back: reopened). The state a scan
 * sees is decided by how many scans of "demo" have succeeded, so it survives restarts.
 */
import type { KubeObject } from '../../lib/kube-sim';
import type { Db } from '../../lib/db';
import { runScan } from '../../lib/scans/run';
import { successfulScans } from '../../lib/scans/latest';

export interface DriftStep {
  /** What changes, for the console and the README. */
  title: string;
  kind: 'mistake' | 'fix';
  apply(objects: KubeObject[]): KubeObject[];
}

interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  ownerReferences?: Array<{ uid?: string; kind?: string; name?: string }>;
}

const meta = (o: KubeObject): Meta => ((o as { metadata?: Meta }).metadata ?? {}) as Meta;

/** Removes an object and everything it owns (ReplicaSets, Pods, Jobs…), by owner references. */
function withoutObject(objects: KubeObject[], kind: string, namespace: string | undefined, name: string): KubeObject[] {
  const target = objects.find((o) => o.kind === kind && meta(o).name === name && meta(o).namespace === namespace);
  if (!target) return objects;
  const removed = new Set<KubeObject>([target]);
  const removedUids = new Set([meta(target).uid].filter(Boolean) as string[]);
  const removedNames = new Set([`${kind}/${namespace ?? ''}/${name}`]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const o of objects) {
      if (removed.has(o)) continue;
      const m = meta(o);
      const owned = (m.ownerReferences ?? []).some((r) => (r.uid && removedUids.has(r.uid)) || removedNames.has(`${r.kind}/${m.namespace ?? ''}/${r.name}`));
      if (owned) {
        removed.add(o);
        if (m.uid) removedUids.add(m.uid);
        removedNames.add(`${o.kind}/${m.namespace ?? ''}/${m.name}`);
        changed = true;
      }
    }
  }
  return objects.filter((o) => !removed.has(o));
}

function deployment(namespace: string, name: string, container: Record<string, unknown>, pod: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { ...pod, containers: [{ name, ...container }] } },
    },
  } as KubeObject;
}

const PROMO_RISKY = deployment('shop-frontend', 'promo-banner', { image: 'nginx:latest', securityContext: { privileged: true } });
const PROMO_HARDENED = deployment(
  'shop-frontend',
  'promo-banner',
  {
    image: 'nginx@sha256:4f8c5e2b0c1f7f3a6b2d9c0e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b',
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  },
  { automountServiceAccountToken: false },
);

const CI_ADMIN_BINDING = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ci-deployer-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
} as KubeObject;

const LEDGER_EXPORT = deployment('payments', 'ledger-export', {
  image: 'registry.example.com/payments/ledger-export:2.3.1',
  // A made-up credential, as a careless manifest would carry it (never stored: Rampart masks env values).
  env: [{ name: 'EXPORT_DB_PASSWORD', value: 'pR7#kLx92mQvT4wZ' }],
});

export const DRIFT_STEPS: readonly DriftStep[] = [
  { kind: 'mistake', title: 'a privileged promo-banner Deployment on nginx:latest appears in shop-frontend', apply: (o) => [...o, PROMO_RISKY] },
  { kind: 'fix', title: 'the privileged debug-shell Pod in default is deleted', apply: (o) => withoutObject(o, 'Pod', 'default', 'debug-shell') },
  { kind: 'mistake', title: 'ci/deployer is bound to cluster-admin (ClusterRoleBinding ci-deployer-admin)', apply: (o) => [...o, CI_ADMIN_BINDING] },
  { kind: 'fix', title: 'the anonymous edit RoleBinding in legacy is deleted', apply: (o) => withoutObject(o, 'RoleBinding', 'legacy', 'anonymous-edit') },
  { kind: 'mistake', title: 'payments/ledger-export ships with a password in its environment', apply: (o) => [...o, LEDGER_EXPORT] },
  { kind: 'fix', title: 'promo-banner is hardened (non-root, read-only, no capabilities, pinned by digest, limits)', apply: (o) => [...withoutObject(o, 'Deployment', 'shop-frontend', 'promo-banner'), PROMO_HARDENED] },
  { kind: 'fix', title: 'the ci-deployer-admin binding is removed', apply: (o) => withoutObject(o, 'ClusterRoleBinding', undefined, 'ci-deployer-admin') },
  { kind: 'fix', title: 'the debug-agent DaemonSet in default (host filesystem, privileged) is removed', apply: (o) => withoutObject(o, 'DaemonSet', 'default', 'debug-agent') },
];

/** Number of states in the cycle: the unchanged estate plus one per step. */
export const DRIFT_STATES = DRIFT_STEPS.length + 1;

/** The estate after `index mod DRIFT_STATES` steps. */
export function driftState(base: readonly KubeObject[], index: number): KubeObject[] {
  const k = ((index % DRIFT_STATES) + DRIFT_STATES) % DRIFT_STATES;
  return DRIFT_STEPS.slice(0, k).reduce((objects, step) => step.apply(objects), structuredClone([...base]) as KubeObject[]);
}

/** What the scan after `index` scans will see change, for the console. */
export function driftNote(index: number): string {
  const k = index % DRIFT_STATES;
  return k === 0 ? 'the estate is back to where it started (fixed findings reopen)' : `${DRIFT_STEPS[k - 1]!.kind === 'fix' ? 'fix' : 'new mistake'}: ${DRIFT_STEPS[k - 1]!.title}`;
}

/** Days ago of the seeded history's scans (one a few days apart over about three weeks). */
export const HISTORY_DAYS_AGO: readonly number[] = [23, 21, 19, 16, 14, 12, 9, 7, 5, 2];

interface DriftSim {
  replaceObjects(objects: readonly KubeObject[]): void;
}

/**
 * Seeds the history of a demo cluster that has never been scanned: one real scan (collect over
 * HTTPS, evaluate, persist) of each drift state in turn, recorded at 03:00 UTC on the days of
 * HISTORY_DAYS_AGO. Returns how many scans were recorded.
 */
export async function seedDemoHistory(db: Db, clusterId: string, sim: DriftSim, base: readonly KubeObject[], options: { now?: Date; daysAgo?: readonly number[]; onScan?: (i: number, total: number) => void } = {}): Promise<number> {
  if ((await db.scan.count({ where: { clusterId } })) > 0) return 0;
  const now = options.now ?? new Date();
  const days = options.daysAgo ?? HISTORY_DAYS_AGO;
  for (const [i, ago] of days.entries()) {
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ago, 3, 0, 0));
    sim.replaceObjects(driftState(base, i));
    const scan = await db.scan.create({ data: { clusterId, trigger: 'schedule', status: 'queued', queuedAt: at } });
    await runScan(db, scan.id, { startAt: at });
    options.onScan?.(i + 1, days.length);
  }
  sim.replaceObjects(driftState(base, days.length));
  return days.length;
}

/**
 * Keeps the served estate one step ahead of the scans: whenever another scan of the cluster has
 * succeeded, the next scan will see the next state. Polls every `intervalMs`; returns a stop function.
 */
export function followDrift(db: Db, clusterId: string, sim: DriftSim, base: readonly KubeObject[], options: { intervalMs?: number; onStep?: (note: string) => void } = {}): { stop: () => void; ready: Promise<void> } {
  let served = -1;
  let stopped = false;
  const tick = async () => {
    const count = await db.scan.count({ where: successfulScans({ clusterId }) });
    if (stopped || count === served) return;
    sim.replaceObjects(driftState(base, count));
    if (served >= 0) options.onStep?.(driftNote(count));
    served = count;
  };
  const ready = tick();
  const timer = setInterval(() => void tick().catch(() => undefined), options.intervalMs ?? 2_000);
  timer.unref();
  return {
    ready,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
