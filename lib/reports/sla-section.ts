/**
 * The report's "Remediation SLAs" page (view model): the instance policy, and per owning team the
 * SLA numbers of lib/sla/team-compliance.ts over the report's clusters and narrowing (sections,
 * severities, namespaces, and for a team member's report their part of the fleet), with
 * closed-on-time counted over the report's period. Teams with nothing tracked or closed in scope are
 * left out. A report of the whole fleet (no cluster, label, section, severity or namespace chosen)
 * also shows each team's compliance as recorded day by day over the period (lib/sla/history.ts, the
 * fleet's record); a team member's only for their own teams.
 */
import { Prisma, type Db } from '@/lib/db';
import type { SlaPolicy } from '@/lib/sla/policy';
import { getSlaPolicy } from '@/lib/sla/settings';
import { getTeamSlaCompliance, type TeamSlaRow } from '@/lib/sla/compliance';
import { getTeamSlaTrends } from '@/lib/sla/history';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import type { ReportParams } from './params';

/** One recorded day of a team's compliance (0–1; null: nothing tracked). */
export interface ReportSlaTrendPoint {
  day: string;
  compliance: number | null;
}

export interface ReportSla {
  policy: SlaPolicy;
  teams: TeamSlaRow[];
  /** Every finding in scope together (teams and unowned). */
  total: { tracked: number; overdue: number; dueSoon: number; compliance: number | null; closed: number; closedOnTime: number };
  /** Team id ("" for unowned) → compliance as recorded over the period; absent when the report is narrowed; a team member's report holds their own teams only. */
  trends?: Record<string, ReportSlaTrendPoint[]>;
}

/** The report's narrowing of findings as SQL over `findings f` (the SQL form of view-model.ts findingScopeWhere). */
function narrowingSql(params: Pick<ReportParams, 'sections' | 'severities' | 'namespaces'>): Prisma.Sql | undefined {
  const and: Prisma.Sql[] = [];
  if (params.sections.length) and.push(Prisma.sql`f.section = ANY(${[...params.sections]}::text[])`);
  if (params.severities.length) and.push(Prisma.sql`f.severity::text = ANY(${[...params.severities]}::text[])`);
  if (params.namespaces.length) and.push(Prisma.sql`COALESCE(f.resource_namespace = ANY(${[...params.namespaces]}::text[]), false)`);
  return and.length ? Prisma.join(and, ' AND ') : undefined;
}

export async function reportSla(db: Db, clusterIds: string[], params: Pick<ReportParams, 'clusters' | 'label' | 'sections' | 'severities' | 'namespaces'>, period: { from: Date; to: Date }, access: AccessScope = FLEET): Promise<ReportSla> {
  const [policy, numbers] = await Promise.all([getSlaPolicy(db), getTeamSlaCompliance(db, { clusterIds, since: period.from, now: period.to, within: narrowingSql(params), access })]);
  const teams = numbers.teams.filter((t) => t.tracked + t.closed > 0);
  const sum = (f: (t: TeamSlaRow) => number) => teams.reduce((n, t) => n + f(t), 0);
  const tracked = sum((t) => t.tracked);
  const overdue = sum((t) => t.overdueTotal);
  const wholeFleet = !params.clusters.length && !params.label && !narrowingSql(params);
  const history = wholeFleet ? await getTeamSlaTrends(db, teams, period, access) : null;
  return {
    policy,
    teams,
    ...(history?.size ? { trends: Object.fromEntries([...history].map(([k, points]) => [k, points.map((p) => ({ day: p.day, compliance: p.compliance }))])) } : {}),
    total: { tracked, overdue, dueSoon: sum((t) => t.dueSoonTotal), compliance: tracked ? (tracked - overdue) / tracked : null, closed: sum((t) => t.closed), closedOnTime: sum((t) => t.closedOnTime) },
  };
}
