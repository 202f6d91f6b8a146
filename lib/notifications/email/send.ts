/**
 * Sending the three kinds of e-mail (server-only; called by the worker's jobs only):
 * digests per audience, immediate alerts after a scan, and exception-expiry reminders. Each
 * message is claimed once per recipient (lib/notifications/sent.ts).
 */
import type { Db } from '../../db';
import { compareSeverity } from '../../vocabulary';
import { notExceptedWhere } from '../../exceptions/active';
import { log } from '../../log';
import { appUrl } from '../emit';
import { sendOnce } from '../sent';
import { alertRecipients, digestAudiences, usersAsRecipients } from './audiences';
import { buildDigest, digestFinding, digestIsEmpty, type DigestException, type DigestFinding } from './digest';
import { renderDigest, renderExceptionReminder, renderScanAlert } from './render';
import { sendEmail } from './transport';
import { duesOfOpenFindings } from '../../sla/due';
import { getSlaPolicies } from '../../sla/settings';


/** Sends this run's digest to every recipient who wants one (empty digests are not sent). Returns how many went out. */
export async function sendDigests(db: Db, runId: string, now = new Date()): Promise<number> {
  let sent = 0;
  for (const audience of await digestAudiences(db)) {
    const readers = audience.recipients.filter((r) => r.preferences.digest);
    if (!readers.length) continue;
    const digest = await buildDigest(db, audience.scope, now);
    if (digestIsEmpty(digest)) continue;
    const message = renderDigest(digest, appUrl(''));
    for (const r of readers) {
      const key = `digest:${r.id}:${audience.scope.label}:${runId}`;
      if (await sendOnce(db, key, 'digest', () => sendEmail({ to: r.email, ...message }))) sent++;
    }
  }
  log('notifications').info({ runId, sent }, 'weekly digests sent');
  return sent;
}

/** Immediate alerts for the findings a scan opened or reopened (no exception), per recipient's severity threshold. */
export async function sendScanAlerts(db: Db, scanId: string): Promise<number> {
  const scan = await db.scan.findUnique({ where: { id: scanId }, select: { id: true, status: true, cluster: { select: { id: true, name: true } } } });
  if (!scan || scan.status !== 'succeeded') return 0;
  const where = { scanId, type: { in: ['opened' as const, 'reopened' as const] }, finding: { status: 'open' as const, ...notExceptedWhere(new Date()) } };
  const events = await db.findingEvent.findMany({
    where,
    orderBy: [{ finding: { severity: 'asc' } }, { at: 'asc' }],
    take: 500,
    select: { finding: { select: { id: true, clusterId: true, severity: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, manifestHash: true, firstSeenAt: true } } },
  });
  if (!events.length) return 0;
  const dues = await duesOfOpenFindings(db, await getSlaPolicies(db), events.map((e) => e.finding), new Date());
  const findings: DigestFinding[] = events.map(({ finding }) => digestFinding(finding, scan.cluster.name, dues.get(finding.id)?.dueAt ?? null));
  let sent = 0;
  for (const r of await alertRecipients(db, scan.cluster.id, findings.map((f) => f.id))) {
    const min = r.preferences.alertMinSeverity;
    if (!min) continue;
    const mine = findings.filter((f) => r.visible.has(f.id) && compareSeverity(f.severity, min) <= 0);
    if (!mine.length) continue;
    const message = renderScanAlert({ cluster: scan.cluster, minSeverity: min, count: mine.length, findings: mine.slice(0, 20) }, appUrl(''));
    if (await sendOnce(db, `alert:${scanId}:${r.id}`, 'alert', () => sendEmail({ to: r.email, ...message }))) sent++;
  }
  return sent;
}

/** Reminds the requester and the approver of an exception that it expires soon (once per stage). */
export async function sendExceptionReminder(db: Db, e: DigestException & { daysLeft: number; stage: number; userIds: string[] }): Promise<number> {
  let sent = 0;
  const message = renderExceptionReminder(e, appUrl(''));
  for (const r of await usersAsRecipients(db, e.userIds)) {
    if (await sendOnce(db, `exception.expiring.email:${e.id}:${e.stage}:${r.id}`, 'exception.expiring', () => sendEmail({ to: r.email, ...message }))) sent++;
  }
  return sent;
}
