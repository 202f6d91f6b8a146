/**
 * Webhook filters (server-only): what a webhook narrowed to a compliance framework (or one of its
 * controls) and / or a team receives of an event. Unfiltered webhooks get every event unchanged.
 *
 * Each event says what it is about (EventSubject):
 * - findings (scan.new_findings, finding.overdue, finding.ticket_requested): the event is rebuilt
 *   for the findings inside the filter (its count, list and summary narrowed): findings of the
 *   checks that assess the framework or control (lib/frameworks checksOf, the same mapping as the
 *   findings browser and /metrics), and owned by the team (lib/teams/ownership.ts). None inside:
 *   not delivered.
 * - exception (exception.*): delivered when its check assesses the framework (an exception for
 *   every check does) and, with a team, when it is over a finding the team owns: its one finding,
 *   or for a check-wide exception a finding it covers now (as a team member sees exceptions:
 *   lib/teams/scope.ts exceptionsVisibleWhere; a requested or lapsed check-wide one covers none).
 * - cluster (scan.grade_dropped, scan.failing): about the whole cluster, so delivered unchanged
 *   under a framework filter (a grade is not per framework; a failing scan assesses nothing), and
 *   under a team filter only when the team's scopes cover the whole cluster.
 * - a scheduled report (report.ready, sent to its schedule's webhook: lib/reports/service.ts): a
 *   report is not per framework, so delivered unchanged under a framework filter; under a team
 *   filter only when the report was made for that team alone (Report.teamIds,
 *   lib/reports/access.ts), never a fleet report or one that also covers other teams
 *   (reportReachesFilter).
 * A filtered webhook's payload carries `data.filter` naming its filter.
 */
import type { Db, Prisma } from '../db';
import { checksOf, isFrameworkId } from '../frameworks';
import { findingsOwnedByTeam, teamCoversCluster } from '../teams/audiences';
import type { WebhookEnvelope } from './events';

export interface WebhookFilter {
  /** A lib/frameworks id (an unknown one matches nothing). */
  framework: string | null;
  control: string | null;
  team: { id: string; name: string } | null;
}

/** What an event is about, so that a filtered webhook gets its part of it. */
export type EventSubject =
  | {
      kind: 'findings';
      /** The event for those of its findings that also match `where`; null when none does. */
      narrowed: (where: Prisma.FindingWhereInput) => Promise<WebhookEnvelope | null>;
    }
  | {
      kind: 'exception';
      /** null: every check. */
      checkId: string | null;
      /** The findings the exception is over (lib/exceptions/events.ts exceptionFindingsWhere). */
      findings: Prisma.FindingWhereInput;
    }
  | { kind: 'cluster'; clusterId: string };

export function isFiltered(filter: WebhookFilter): boolean {
  return Boolean(filter.framework || filter.team);
}

export function filterKey(filter: WebhookFilter): string {
  return JSON.stringify([filter.framework, filter.control, filter.team?.id ?? null]);
}

function describe(filter: WebhookFilter): Record<string, unknown> {
  return { framework: filter.framework, control: filter.control, team: filter.team };
}

/** A payload as a filtered webhook receives it: `data.filter` names the filter. */
export function namingFilter<T extends { data: Record<string, unknown> }>(payload: T, filter: WebhookFilter): T {
  return { ...payload, data: { ...payload.data, filter: describe(filter) } };
}

async function inside(db: Db, envelope: WebhookEnvelope, subject: EventSubject, filter: WebhookFilter): Promise<WebhookEnvelope | null> {
  if (filter.framework && !isFrameworkId(filter.framework)) return null;
  const checks = filter.framework && isFrameworkId(filter.framework) ? checksOf(filter.framework, filter.control ?? undefined) : null;
  switch (subject.kind) {
    case 'findings': {
      const and: Prisma.FindingWhereInput[] = checks ? [{ checkId: { in: checks } }] : [];
      if (filter.team) and.push(await findingsOwnedByTeam(db, filter.team.id));
      const narrowed = await subject.narrowed({ AND: and });
      // The same event: its id (receivers de-duplicate on it) and time stay.
      return narrowed && { ...narrowed, id: envelope.id, event: envelope.event, occurredAt: envelope.occurredAt };
    }
    case 'exception':
      if (checks && subject.checkId && !checks.includes(subject.checkId)) return null;
      if (filter.team && !(await db.finding.count({ where: { AND: [subject.findings, await findingsOwnedByTeam(db, filter.team.id)] } }))) return null;
      return envelope;
    case 'cluster':
      if (filter.team && !(await teamCoversCluster(db, filter.team.id, subject.clusterId))) return null;
      return envelope;
  }
}

/** Whether a webhook narrowed to `filter` may receive report.ready for a report made for `teamIds` (empty: the fleet). */
export function reportReachesFilter(filter: WebhookFilter, teamIds: readonly string[]): boolean {
  return !filter.team || (teamIds.length === 1 && teamIds[0] === filter.team.id);
}

/** The envelope a filtered webhook receives for this event, or null when the event is outside its filter. */
export async function envelopeForFilter(db: Db, envelope: WebhookEnvelope, subject: EventSubject, filter: WebhookFilter): Promise<WebhookEnvelope | null> {
  const out = await inside(db, envelope, subject, filter);
  return out && namingFilter(out, filter);
}
