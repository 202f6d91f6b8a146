/**
 * Seeds a cluster with a history of scans through the real pipeline, for the dashboard's tests
 * and screenshots: loads fixtures/demo-cluster (loadManifests), mutates a few objects between
 * scans (fixes some workloads, breaks others, reverts a fix), evaluates each snapshot
 * (evaluateSnapshot) and persists it as the scan job does (persistEvaluation) with explicit
 * finishedAt dates.
 *
 *   const { clusterId, scans } = await seedClusterHistory(db, { name: 'prod-eu', scans: 6, days: 30 });
 *
 * The story (scan index → change), with 6 scans over 30 days:
 *   0  the demo cluster as it is
 *   1  shop-frontend/web and ci/build-runner hardened (their findings resolve)
 *   2  legacy/php-admin hardened
 *   3  six privileged "debug-tools…" Deployments appear in shop-frontend (new findings, score drops)
 *   4  legacy/php-admin reverted (its findings reopen)
 *   5  debug-tools… removed, data/metabase hardened (findings resolve)
 */
import path from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import type { Db } from '@/lib/db';
import { loadManifests } from '@/lib/k8s/load';
import type { ClusterSnapshot } from '@/lib/k8s/snapshot';
import { evaluateSnapshot } from '@/lib/evaluation/evaluate';
import { persistEvaluation } from '@/lib/scans/persist-evaluation';

export const DEMO_CLUSTER_DIR = path.resolve(process.cwd(), 'fixtures/demo-cluster');

export interface SeedOptions {
  name?: string;
  environment?: 'production' | 'staging' | 'development';
  labels?: Record<string, string>;
  /** Number of scans (≥ 1). Default 6. */
  scans?: number;
  /** Span from the first to the last scan, in days. Default 30. */
  days?: number;
  /** When the last scan finished. Default now. */
  now?: Date;
  /** Story step (0–5, see above) of each scan; default: the story stretched over `scans`. */
  steps?: number[];
}

export interface SeededScan {
  id: string;
  finishedAt: Date;
  score: number;
}

export interface SeededHistory {
  clusterId: string;
  scans: SeededScan[];
}

let baseSnapshot: Promise<ClusterSnapshot> | undefined;

function loadBase(): Promise<ClusterSnapshot> {
  baseSnapshot ??= Promise.resolve(loadManifests(DEMO_CLUSTER_DIR)).then((r) => r.snapshot);
  return baseSnapshot;
}

const HARDENED_CONTEXT = {
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10001,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function harden(d: V1Deployment): V1Deployment {
  const copy = structuredClone(d);
  const spec = copy.spec?.template.spec;
  if (!spec) return copy;
  spec.hostNetwork = false;
  spec.hostPID = false;
  spec.hostIPC = false;
  spec.automountServiceAccountToken = false;
  for (const c of spec.containers) {
    c.securityContext = { ...HARDENED_CONTEXT };
    c.resources = { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } };
  }
  return copy;
}

function debugTools(name = 'debug-tools'): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop-frontend', labels: { app: 'debug-tools' } },
    spec: {
      selector: { matchLabels: { app: 'debug-tools' } },
      template: {
        metadata: { labels: { app: 'debug-tools' } },
        spec: {
          hostPID: true,
          containers: [{ name: 'shell', image: 'busybox:latest', securityContext: { privileged: true } }],
        },
      },
    },
  };
}

/** The demo snapshot as it looks at scan `index` of the story above. */
export async function snapshotAt(index: number): Promise<ClusterSnapshot> {
  const base = await loadBase();
  const snapshot = structuredClone(base) as ClusterSnapshot;
  const is = (d: V1Deployment, ns: string, name: string) => d.metadata?.namespace === ns && d.metadata?.name === name;
  snapshot.objects.deployments = snapshot.objects.deployments.map((d) => {
    if (index >= 1 && (is(d, 'shop-frontend', 'web') || is(d, 'ci', 'build-runner'))) return harden(d);
    if (index >= 5 && is(d, 'data', 'metabase')) return harden(d);
    if ((index === 2 || index === 3) && is(d, 'legacy', 'php-admin')) return harden(d);
    return d;
  });
  if (index === 3 || index === 4) snapshot.objects.deployments.push(debugTools(), ...[2, 3, 4, 5, 6].map((n) => debugTools(`debug-tools-${n}`)));
  return snapshot;
}

/** Registers a cluster row and persists `scans` scans spread evenly over `days` days ending at `now`. */
export async function seedClusterHistory(db: Db, options: SeedOptions = {}): Promise<SeededHistory> {
  const count = Math.max(1, options.steps?.length ?? options.scans ?? 6);
  const days = options.days ?? 30;
  const now = options.now ?? new Date();
  const cluster = await db.cluster.create({
    data: {
      name: options.name ?? `demo-${Math.random().toString(36).slice(2, 8)}`,
      environment: options.environment ?? 'production',
      labels: options.labels ?? {},
      authType: 'token',
      apiServerUrl: 'https://demo.k8s.example:6443',
      lastConnectionAt: now,
      lastConnectionOk: true,
      serverVersion: 'v1.30.2',
    },
  });
  const scans: SeededScan[] = [];
  const stepMs = count > 1 ? (days * 86_400_000) / (count - 1) : 0;
  for (let i = 0; i < count; i++) {
    // The story has 6 steps; longer histories stretch it (each step lasts several scans).
    const snapshot = await snapshotAt(options.steps?.[i] ?? Math.min(5, Math.floor((i * 6) / count)));
    snapshot.source = { type: 'cluster', name: cluster.name };
    const finishedAt = new Date(now.getTime() - (count - 1 - i) * stepMs);
    const startedAt = new Date(finishedAt.getTime() - 45_000);
    const evaluation = evaluateSnapshot(snapshot, undefined, { clusterKey: cluster.id });
    const row = await db.scan.create({ data: { clusterId: cluster.id, trigger: 'schedule', status: 'running', queuedAt: startedAt, startedAt } });
    const summary = await persistEvaluation(db, { clusterId: cluster.id, scanId: row.id, startedAt, finishedAt, snapshot, evaluation, kubernetesVersion: 'v1.30.2' });
    scans.push({ id: row.id, finishedAt, score: summary.scores.overall.score });
  }
  return { clusterId: cluster.id, scans };
}
