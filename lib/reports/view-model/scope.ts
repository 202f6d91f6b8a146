/**
 * What a report covers: the clusters in scope (chosen ids or the fleet, narrowed by a label) and
 * the narrowing of their findings (sections, severities, namespaces). Within a team member's access
 * scope (lib/teams/scope.ts): only clusters their teams touch (another is not found, as if absent)
 * and only the findings their teams' scopes cover. Server-side only (database access); no
 * 'server-only' import so the CLI worker can render scheduled reports.
 */
import type { Db, Prisma } from '@/lib/db';
import { AppError } from '@/lib/api/errors';
import { notExceptedWhere } from '@/lib/exceptions/active';
import { clustersVisibleWhere, findingsVisibleWhere, FLEET, type AccessScope } from '@/lib/teams/scope';
import { labelMatches, type ReportParams } from '../params';

export class ReportScopeError extends AppError {
  constructor(message: string) {
    super(404, message, 'report-scope');
  }
}

export interface ScopeCluster {
  id: string;
  name: string;
  environment: string;
  serverVersion: string | null;
}

/** Clusters in scope: the chosen ids (or all the access scope touches), narrowed by the label. Throws ReportScopeError when none. */
export async function clustersInScope(db: Db, params: ReportParams, access: AccessScope = FLEET): Promise<ScopeCluster[]> {
  const rows = await db.cluster.findMany({
    where: { AND: [params.clusters.length ? { id: { in: params.clusters } } : {}, clustersVisibleWhere(access)] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, environment: true, serverVersion: true, labels: true },
  });
  if (params.clusters.length && rows.length < params.clusters.length) {
    const missing = params.clusters.filter((id) => !rows.some((r) => r.id === id));
    throw new ReportScopeError(`No cluster with id ${missing.map((m) => `"${m}"`).join(', ')}: it may have been deleted.`);
  }
  const matched = rows.filter((r) => labelMatches(r.labels, params.label));
  if (!matched.length) {
    throw new ReportScopeError(
      params.label
        ? `No cluster in scope has the label "${params.label}".`
        : access.kind === 'teams'
          ? "Your teams' scopes cover no cluster yet."
          : 'There are no clusters to report on yet: register a cluster and run a scan first.',
    );
  }
  return matched.map(({ labels: _labels, ...c }) => c);
}

export type FindingNarrowing = Pick<ReportParams, 'sections' | 'severities' | 'namespaces'>;

/** The report's narrowing of findings (sections, severities, namespaces, the access scope), whatever their status. */
export function findingScopeWhere(params: FindingNarrowing, access: AccessScope = FLEET): Prisma.FindingWhereInput[] {
  const and: Prisma.FindingWhereInput[] = [];
  if (params.sections.length) and.push({ section: { in: params.sections } });
  if (params.severities.length) and.push({ severity: { in: params.severities } });
  if (params.namespaces.length) and.push({ resourceNamespace: { in: params.namespaces } });
  if (access.kind === 'teams') and.push(findingsVisibleWhere(access));
  return and;
}

/** The WHERE clause of the report's findings: open, not excepted (lib/exceptions/active.ts), in scope. */
export function reportFindingsWhere(clusterIds: string[], params: FindingNarrowing, now: Date, access: AccessScope = FLEET): Prisma.FindingWhereInput {
  return { AND: [{ clusterId: { in: clusterIds } }, { status: 'open' }, notExceptedWhere(now), ...findingScopeWhere(params, access)] };
}

/** How many findings a report with these params would contain (decides streaming vs background job). */
export async function countReportFindings(db: Db, params: ReportParams, now = new Date(), access: AccessScope = FLEET): Promise<number> {
  const clusters = await clustersInScope(db, params, access);
  return db.finding.count({ where: reportFindingsWhere(clusters.map((c) => c.id), params, now, access) });
}
