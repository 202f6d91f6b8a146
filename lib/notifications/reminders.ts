/**
 * The hourly reminder run (server-only, the `notification-reminders` cron):
 *
 * - exception.expiring: an active exception whose expiry is within one of EXCEPTION_REMINDER_DAYS
 *   gets one webhook event and one e-mail to its requester and approver per stage (the closest
 *   stage only: an exception first seen 2 days before expiry is reminded once, not twice).
 * - finding.overdue: open, not excepted findings whose due date passed since the previous run
 *   (due in [previous run, now): the setting "notifications.overdue.checkedAt"; the first run
 *   looks back one day; due dates per owning team, lib/sla/where.ts), one event
 *   per cluster listing them (up to OVERDUE_EVENT_ITEMS, with the full count).
 */
import type { Db, Prisma } from '../db';
import { getCheck } from '../checks';
import { resourceLabel } from '../dashboard/resource-label';
import { activeExceptionWhere, loadStaleExceptionIds, notExceptedWhereFor } from '../exceptions/active';
import { exceptionFindingsWhere } from '../exceptions/events';
import { duesOfOpenFindings } from '../sla/due';
import { loadSlaRules } from '../sla/settings';
import { dueWhere } from '../sla/where';
import { appUrl, emitWebhookEvent, envelopeOf } from './emit';
import { EXCEPTION_REMINDER_DAYS } from './events';
import { markSent, sendOnce } from './sent';
import { sendExceptionReminder } from './email/send';

const DAY = 86_400_000;
export const OVERDUE_CURSOR_SETTING = 'notifications.overdue.checkedAt';
export const OVERDUE_EVENT_ITEMS = 100;

export interface ReminderResult {
  exceptionsReminded: string[];
  overdueEvents: number;
}

export async function remindExpiringExceptions(db: Db, now: Date, options: { email: boolean }): Promise<string[]> {
  const horizon = Math.max(...EXCEPTION_REMINDER_DAYS);
  const rows = await db.riskException.findMany({
    where: { AND: [activeExceptionWhere(now), { expiresAt: { gt: now, lte: new Date(now.getTime() + horizon * DAY) } }] },
    select: { id: true, reason: true, checkId: true, findingId: true, scope: true, expiresAt: true, ticketUrl: true, createdById: true, decidedById: true, cluster: { select: { id: true, name: true } } },
  });
  const reminded: string[] = [];
  for (const e of rows) {
    const left = e.expiresAt!.getTime() - now.getTime();
    const stages = EXCEPTION_REMINDER_DAYS.filter((d) => left <= d * DAY);
    const stage = Math.min(...stages);
    const key = `exception.expiring:${e.id}:${stage}`;
    const daysLeft = Math.max(1, Math.ceil(left / DAY));
    const claimed = await sendOnce(db, key, 'exception.expiring', async () => {
      await emitWebhookEvent(
        db,
        envelopeOf('exception.expiring', {
          id: key,
          summary: `An accepted risk${e.cluster ? ` on ${e.cluster.name}` : ''} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
          cluster: e.cluster,
          url: appUrl('/settings/exceptions'),
          data: { exceptionId: e.id, scope: e.scope, checkId: e.checkId, findingId: e.findingId, reason: e.reason, expiresAt: e.expiresAt!.toISOString(), daysLeft, ticketUrl: e.ticketUrl },
        }, now),
        { kind: 'exception', checkId: e.checkId, findings: exceptionFindingsWhere(e) },
      );
    });
    if (!claimed) continue;
    await markSent(db, stages.filter((d) => d !== stage).map((d) => ({ key: `exception.expiring:${e.id}:${d}`, kind: 'exception.expiring' })));
    reminded.push(e.id);
    if (options.email) {
      const userIds = [e.createdById, e.decidedById].filter((x): x is string => Boolean(x));
      await sendExceptionReminder(db, { id: e.id, reason: e.reason, cluster: e.cluster?.name ?? null, checkId: e.checkId, expiresAt: e.expiresAt!.toISOString(), daysLeft, stage, userIds: [...new Set(userIds)] });
    }
  }
  return reminded;
}

export async function emitNewlyOverdue(db: Db, now: Date): Promise<number> {
  const cursorRow = await db.setting.findUnique({ where: { key: OVERDUE_CURSOR_SETTING }, select: { value: true } });
  const parsed = typeof cursorRow?.value === 'string' ? new Date(cursorRow.value) : null;
  const since = parsed && !Number.isNaN(parsed.getTime()) && parsed < now ? parsed : new Date(now.getTime() - DAY);
  const [sla, stale] = await Promise.all([loadSlaRules(db), loadStaleExceptionIds(db, now)]);
  // Became overdue since the last run: due in [since, now) (overdue is due < now).
  const where: Prisma.FindingWhereInput = { AND: [{ status: 'open' }, notExceptedWhereFor(stale), dueWhere(sla, { gte: since, lt: now })] };
  const perCluster = await db.finding.groupBy({ by: ['clusterId'], where });
  let events = 0;
  for (const c of perCluster) {
    const inCluster: Prisma.FindingWhereInput = { AND: [where, { clusterId: c.clusterId }] };
    /** The event for the cluster's newly overdue findings that match `narrow` (a filtered webhook's part); null: none. */
    const overdueEvent = async (narrow: Prisma.FindingWhereInput) => {
      const all = { AND: [inCluster, narrow] };
      const [count, rows] = await Promise.all([
        db.finding.count({ where: all }),
        db.finding.findMany({
          where: all,
          orderBy: [{ severity: 'asc' }, { firstSeenAt: 'asc' }, { id: 'asc' }],
          take: OVERDUE_EVENT_ITEMS,
          select: { id: true, clusterId: true, severity: true, checkId: true, resourceKind: true, resourceNamespace: true, resourceName: true, manifestHash: true, firstSeenAt: true, ticketUrl: true, cluster: { select: { id: true, name: true } } },
        }),
      ]);
      const cluster = rows[0]?.cluster;
      if (!cluster) return null;
      const dues = await duesOfOpenFindings(db, sla.policies, rows, now);
      return envelopeOf('finding.overdue', {
        id: `finding.overdue:${c.clusterId}:${now.toISOString()}`,
        summary: `${count} finding${count === 1 ? '' : 's'} on ${cluster.name} passed ${count === 1 ? 'its' : 'their'} remediation due date`,
        cluster,
        url: appUrl(`/findings?cluster=${encodeURIComponent(cluster.id)}&sla=overdue`),
        data: {
          count,
          findings: rows.map((f) => ({
            id: f.id,
            severity: f.severity,
            checkId: f.checkId,
            title: getCheck(f.checkId)?.title ?? f.checkId,
            resource: resourceLabel({ kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName }, cluster.name),
            dueAt: dues.get(f.id)?.dueAt ?? null,
            url: appUrl(`/findings/${f.id}`),
            ticketUrl: f.ticketUrl,
          })),
        },
      }, now);
    };
    const envelope = await overdueEvent({});
    if (!envelope) continue;
    await emitWebhookEvent(db, envelope, { kind: 'findings', narrowed: overdueEvent });
    events++;
  }
  await db.setting.upsert({ where: { key: OVERDUE_CURSOR_SETTING }, create: { key: OVERDUE_CURSOR_SETTING, value: now.toISOString() }, update: { value: now.toISOString() } });
  return events;
}

export async function runReminders(db: Db, now: Date, options: { email: boolean }): Promise<ReminderResult> {
  const exceptionsReminded = await remindExpiringExceptions(db, now, options);
  const overdueEvents = await emitNewlyOverdue(db, now);
  return { exceptionsReminded, overdueEvents };
}
