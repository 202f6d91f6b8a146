/**
 * What a finished scan tells the webhooks (server-only). `notifyScanFinished(db, scanId)` is
 * called once a scan reached a final state (succeeded or failed) and never throws: a
 * notification problem must not fail a scan.
 *
 * - succeeded: critical/high findings this scan opened or reopened, not covered by an exception
 *   → `scan.new_findings`; overall grade worse than the previous successful scan's →
 *   `scan.grade_dropped` (only between scores of the same scoring version, neither scan partial).
 * - failed: the cluster's last FAILING_SCANS_THRESHOLD finished scans all failed and the one
 *   before them did not (so one message per streak) → `scan.failing`.
 * Event ids are `<event>:<scanId>`: calling twice for one scan sends nothing new.
 * A webhook narrowed to a framework or team (lib/notifications/filters.ts) gets scan.new_findings
 * rebuilt for its findings; the grade drop and failing scans are about the whole cluster.
 */
import { getConfig } from '../config';
import type { Db, Prisma } from '../db';
import { notExceptedWhere } from '../exceptions/active';
import { latestSuccessfulScan } from '../scans/latest';
import { FAILING_SCANS_THRESHOLD, type WebhookEnvelope, type WebhookEvent } from './events';
import { comparable } from '../dashboard/comparable';
import { resourceLabel } from '../dashboard/resource-label';
import { emitWebhookEvent, type EventSubject } from './emit';
import { queueScanAlerts } from './email/dispatch';
import { log } from '../log';

const GRADE_RANK: Record<string, number> = { A: 5, B: 4, C: 3, D: 2, F: 1 };

export interface ScanNotification {
  event: WebhookEvent;
  envelope: WebhookEnvelope;
  /** What the event is about (a filtered webhook gets its part: lib/notifications/filters.ts). */
  subject: EventSubject;
}

/** The events of one finished scan (pure reads). */
export async function computeScanEvents(db: Db, scanId: string, now = new Date()): Promise<ScanNotification[]> {
  const scan = await db.scan.findUnique({
    where: { id: scanId },
    select: {
      id: true, clusterId: true, status: true, score: true, grade: true, finishedAt: true, error: true, errorCode: true, scoringVersion: true, partial: true,
      cluster: { select: { id: true, name: true } },
    },
  });
  if (!scan || (scan.status !== 'succeeded' && scan.status !== 'failed')) return [];
  const base = {
    occurredAt: now.toISOString(),
    cluster: scan.cluster,
    scan: { id: scan.id, status: scan.status, score: scan.score, grade: scan.grade, finishedAt: scan.finishedAt?.toISOString() ?? null },
    url: `${getConfig().RAMPART_BASE_URL.replace(/\/$/, '')}/clusters/${scan.clusterId}`,
  };
  const out: ScanNotification[] = [];
  const envelope = (event: WebhookEvent, summary: string, data: Record<string, unknown>): WebhookEnvelope => ({ id: `${event}:${scan.id}`, event, summary, ...base, data });
  const clusterWide: EventSubject = { kind: 'cluster', clusterId: scan.clusterId };

  if (scan.status === 'succeeded') {
    const opened = { scanId: scan.id, type: { in: ['opened' as const, 'reopened' as const] } };
    const newFindings: Prisma.FindingWhereInput = { severity: { in: ['critical', 'high'] }, ...notExceptedWhere(now) };
    /** scan.new_findings for the new critical/high findings that match `narrow` (a filtered webhook's part); null: none. */
    const newFindingsEvent = async (narrow: Prisma.FindingWhereInput): Promise<WebhookEnvelope | null> => {
      const where = { ...opened, finding: { AND: [newFindings, narrow] } };
      const [count, events] = await Promise.all([
        db.findingEvent.count({ where }),
        db.findingEvent.findMany({
          where,
          take: 50,
          orderBy: { at: 'asc' },
          select: { type: true, finding: { select: { id: true, checkId: true, severity: true, resourceKind: true, resourceNamespace: true, resourceName: true, message: true } } },
        }),
      ]);
      if (!count) return null;
      const critical = events.filter((e) => e.finding.severity === 'critical').length;
      return envelope('scan.new_findings', `${count} new critical/high finding${count === 1 ? '' : 's'} on ${scan.cluster.name}`, {
        count,
        critical,
        findings: events
          .sort((a, b) => (a.finding.severity === b.finding.severity ? 0 : a.finding.severity === 'critical' ? -1 : 1))
          .map((e) => ({
            id: e.finding.id,
            reopened: e.type === 'reopened',
            severity: e.finding.severity,
            checkId: e.finding.checkId,
            resource: resourceLabel({ kind: e.finding.resourceKind, namespace: e.finding.resourceNamespace, name: e.finding.resourceName }, scan.cluster.name),
            message: e.finding.message,
          })),
      });
    };
    const all = await newFindingsEvent({});
    if (all) out.push({ event: 'scan.new_findings', envelope: all, subject: { kind: 'findings', narrowed: newFindingsEvent } });
    const previous = await latestSuccessfulScan(db, scan.clusterId, { id: true, grade: true, score: true, scoringVersion: true, partial: true }, { id: { not: scan.id }, finishedAt: { lt: scan.finishedAt ?? now } });
    // Only like with like: a scoring change or a partial scan is no drop (lib/dashboard/comparable.ts).
    if (previous?.grade && scan.grade && comparable(scan, previous) && (GRADE_RANK[scan.grade] ?? 0) < (GRADE_RANK[previous.grade] ?? 0)) {
      out.push({
        event: 'scan.grade_dropped',
        envelope: envelope('scan.grade_dropped', `${scan.cluster.name} dropped from grade ${previous.grade} to ${scan.grade} (score ${previous.score ?? '–'} → ${scan.score ?? '–'})`, {
          previous: { scanId: previous.id, grade: previous.grade, score: previous.score },
          current: { grade: scan.grade, score: scan.score },
        }),
        subject: clusterWide,
      });
    }
  } else {
    const recent = await db.scan.findMany({
      where: { clusterId: scan.clusterId, status: { in: ['succeeded', 'failed'] }, finishedAt: { not: null, lte: scan.finishedAt ?? now } },
      orderBy: { finishedAt: 'desc' },
      take: FAILING_SCANS_THRESHOLD + 1,
      select: { id: true, status: true },
    });
    let streak = 0;
    for (const s of recent) {
      if (s.status !== 'failed') break;
      streak++;
    }
    if (recent[0]?.id === scan.id && streak === FAILING_SCANS_THRESHOLD) {
      out.push({
        event: 'scan.failing',
        envelope: envelope('scan.failing', `The last ${streak} scans of ${scan.cluster.name} failed: ${scan.error ?? 'see the scan for details'}`, {
          consecutiveFailures: streak,
          errorCode: scan.errorCode,
          error: scan.error,
        }),
        subject: clusterWide,
      });
    }
  }
  return out;
}

/** Computes the scan's events and queues a delivery for every enabled webhook subscribed to each; e-mail alerts follow in the worker. */
export async function notifyScanFinished(db: Db, scanId: string): Promise<{ deliveries: string[] }> {
  try {
    const notifications = await computeScanEvents(db, scanId);
    const deliveries: string[] = [];
    for (const n of notifications) deliveries.push(...(await emitWebhookEvent(db, n.envelope, n.subject)));
    await queueScanAlerts(scanId);
    return { deliveries };
  } catch (err) {
    log('notifications').error({ scanId, err: (err as Error).message }, 'scan notifications failed');
    return { deliveries: [] };
  }
}
