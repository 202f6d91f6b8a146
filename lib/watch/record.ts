/**
 * A watch-mode re-evaluation, recorded like any scan: a Scan row with trigger "watch", then the
 * normal pipeline (lib/scans/run.ts: evaluate, score, persist in one transaction) on the snapshot
 * the watches keep current. Findings that opened or reopened in it record the change that led
 * there: the change to their own resource when there is one, else the newest change of the burst.
 */
import type { Db, DbTransaction, Prisma } from '../db';
import { runScan } from '../scans/run';
import type { ClusterSnapshot } from '../k8s/snapshot';
import type { ObservedChange } from './cluster-watch';

/** Thrown when a scan of the cluster is running: the watch keeps its changes and tries again. */
export class ClusterBusyError extends Error {
  constructor(clusterId: string) {
    super(`a scan of cluster ${clusterId} is running; re-evaluating after it`);
    this.name = 'ClusterBusyError';
  }
}

export async function recordWatchScan(db: Db, clusterId: string, snapshot: ClusterSnapshot, changes: readonly ObservedChange[]): Promise<{ scanId: string }> {
  // One scan per cluster at a time: a running full scan persists first, this one follows.
  const running = await db.scan.findFirst({ where: { clusterId, status: 'running' }, select: { id: true } });
  if (running) throw new ClusterBusyError(clusterId);
  const scan = await db.scan.create({ data: { clusterId, trigger: 'watch', status: 'queued' }, select: { id: true } });
  await runScan(db, scan.id, { snapshot, afterFindings: (tx) => recordOpeningChanges(tx, scan.id, changes) });
  return { scanId: scan.id };
}

async function recordOpeningChanges(db: DbTransaction, scanId: string, changes: readonly ObservedChange[]): Promise<void> {
  const newest = changes.at(-1);
  if (!newest) return;
  const opened = await db.findingEvent.findMany({
    where: { scanId, type: { in: ['opened', 'reopened'] } },
    select: { finding: { select: { id: true, resourceKind: true, resourceNamespace: true, resourceName: true } } },
  });
  const byResource = new Map<string, ObservedChange>();
  for (const c of changes) byResource.set(`${c.kind}/${c.namespace ?? ''}/${c.name}`, c); // the newest change per object wins
  for (const { finding } of opened) {
    const change = byResource.get(`${finding.resourceKind}/${finding.resourceNamespace ?? ''}/${finding.resourceName}`) ?? newest;
    await db.finding.update({ where: { id: finding.id }, data: { openedByChange: { ...change } as unknown as Prisma.InputJsonValue } });
  }
}
