/**
 * Findings for tests whose subject is what happens to findings (due dates, digests, alerts,
 * exceptions through the API): results of one check on Deployments in namespace `shop`, persisted
 * through persistScan for a cluster scanned once, then aged.
 *
 *   const { clusterId } = await scannedCluster(db, 'sla', [privilegedResult('crit-old', 'critical', 'sla-')]);
 *   await firstSeenDaysAgo(db, clusterId, ['crit-old'], 10);
 */
import type { Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';

const DAY = 86_400_000;

/** A "privileged container" result (failing unless `status` says otherwise) on Deployment shop/<name>, fingerprinted `<prefix><name>`. */
export function privilegedResult(name: string, severity: Severity, prefix: string, options: { message?: string; status?: 'pass' | 'fail' } = {}): EvaluatedResult {
  return {
    status: options.status ?? 'fail',
    checkId: 'privileged-container',
    section: 'workloads',
    severity,
    title: 'Privileged container',
    guideRef: '5.5',
    remediation: { steps: ['fix'] },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name },
    message: options.message ?? `${name} is privileged`,
    fingerprint: `${prefix}${name}`,
  };
}

/** A cluster named `name` with one successful scan of these results. */
export async function scannedCluster(db: Db, name: string, results: EvaluatedResult[]): Promise<{ clusterId: string; scanId: string }> {
  const clusterId = (await db.cluster.create({ data: { name, authType: 'token', apiServerUrl: 'https://k8s.example' } })).id;
  const scanId = (await db.scan.create({ data: { clusterId, trigger: 'manual', status: 'running' } })).id;
  await persistScan(db, { clusterId, scanId, startedAt: new Date(Date.now() - 1000), finishedAt: new Date(), objectCounts: {}, coverageGaps: [], results, engineErrors: [], exceptions: [] });
  return { clusterId, scanId };
}

/** Moves the first-seen time of the cluster's findings on these resources to `days` days ago. */
export async function firstSeenDaysAgo(db: Db, clusterId: string, resourceNames: string[], days: number): Promise<void> {
  await db.finding.updateMany({ where: { clusterId, resourceName: { in: resourceNames } }, data: { firstSeenAt: new Date(Date.now() - days * DAY) } });
}
