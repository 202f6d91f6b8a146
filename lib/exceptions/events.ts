/**
 * Webhook events of four-eyes risk acceptance: `exception.requested`, `exception.approved`,
 * `exception.rejected`, one per exception, sent after the change committed (never throws).
 */
import type { Db, Prisma } from '../db';
import { appUrl, emitWebhookEvent, envelopeOf } from '../notifications/emit';
import type { ExceptionDto } from './dto';

/** The findings an exception is over: its one finding, or the findings a check-wide one covers now (none while requested or lapsed). */
export function exceptionFindingsWhere(e: { id: string; scope: 'finding' | 'check'; findingId: string | null }): Prisma.FindingWhereInput {
  return e.scope === 'finding' ? { id: e.findingId ?? '' } : { exceptionId: e.id };
}

export async function emitExceptionEvents(db: Db, event: 'exception.requested' | 'exception.approved' | 'exception.rejected', exceptions: readonly ExceptionDto[]): Promise<void> {
  const verb = event.slice('exception.'.length);
  if (!exceptions.length || !(await db.webhook.count({ where: { enabled: true, events: { has: event } } }).catch(() => 0))) return;
  for (const e of exceptions) {
    const what = e.scope === 'finding' && e.finding ? `${e.checkTitle ?? e.checkId ?? 'a check'} on ${e.finding.resourceKind} ${e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}${e.finding.resourceName}` : (e.checkTitle ?? e.checkId ?? 'a check');
    await emitWebhookEvent(
      db,
      envelopeOf(event, {
        id: `${event}:${e.id}`,
        summary: `Exception ${verb}: ${what}${e.cluster ? ` (${e.cluster.name})` : ''}`,
        cluster: e.cluster,
        url: appUrl('/settings/exceptions'),
        data: {
          exceptionId: e.id,
          scope: e.scope,
          status: e.status,
          checkId: e.checkId,
          findingId: e.finding?.id ?? null,
          reason: e.reason,
          ticketUrl: e.ticketUrl,
          expiresAt: e.expiresAt,
          requestedBy: e.createdBy ? { name: e.createdBy.name, email: e.createdBy.email } : null,
          decidedBy: e.decidedBy ? { name: e.decidedBy.name, email: e.decidedBy.email } : null,
          decisionNote: e.decisionNote,
        },
      }),
      { kind: 'exception', checkId: e.checkId, findings: exceptionFindingsWhere({ id: e.id, scope: e.scope, findingId: e.finding?.id ?? null }) },
    );
  }
}
