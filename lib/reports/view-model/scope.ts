/**
 * What a report covers: the clusters in scope (chosen ids or the fleet, narrowed by a label) and
 * the narrowing of their findings (sections, severities, namespaces). Server-side only (database
 * access); no 'server-only' import so the CLI worker can render scheduled reports.
 */
import type { Db, Prisma } from '@/lib/db';
import { AppError } from '@/lib/api/errors';
import { notExceptedWhere } from '@/lib/exceptions/active';
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

/** Clusters in scope: the chosen ids (or all), narrowed by the label. Throws ReportScopeError when none. */
export async function clustersInScope(db: Db, params: ReportParams): Promise<ScopeCluster[]> {
  const rows = await db.cluster.findMany({
    where: params.clusters.length ? { id: { in: params.clusters } } : {},
    orderBy: { name: 'asc' },
    select: { id: true, name: true, environment: true, serverVersion: true, labels: true },
  });
  if (params.clusters.length && rows.length < params.clusters.length) {
    const missing = params.clusters.filter((id) => !rows.some((r) => r.id === id));
    throw new ReportScopeError(`No cluster with id ${missing.map((m) => `"${m}"`).join(', ')}: it may have been deleted.`);
  }
  const matched = rows.filter((r) => labelMatches(r.labels, params.label));
  if (!matched.length) throw new ReportScopeError(params.label ? `No cluster in scope has the label "${params.label}".` : 'There are no clusters to report on yet: register a cluster and run a scan first.');
  return matched.map(({ labels: _labels, ...c }) => c);
}

export type FindingNarrowing = Pick<ReportParams, 'sections' | 'severities' | 'namespaces'>;

/** The report's narrowing of findings (sections, severities, namespaces), whatever their status. */
export function findingScopeWhere(params: FindingNarrowing): Prisma.FindingWhereInput[] {
  const and: Prisma.FindingWhereInput[] = [];
  if (params.sections.length) and.push({ section: { in: params.sections } });
  if (params.severities.length) and.push({ severity: { in: params.severities } });
  if (params.namespaces.length) and.push({ resourceNamespace: { in: params.namespaces } });
  return and;
}

/** The WHERE clause of the report's findings: open, not excepted (lib/exceptions/active.ts), in scope. */
export function reportFindingsWhere(clusterIds: string[], params: FindingNarrowing, now: Date): Prisma.FindingWhereInput {
  return { AND: [{ clusterId: { in: clusterIds } }, { status: 'open' }, notExceptedWhere(now), ...findingScopeWhere(params)] };
}

/** How many findings a report with these params would contain (decides streaming vs background job). */
export async function countReportFindings(db: Db, params: ReportParams, now = new Date()): Promise<number> {
  const clusters = await clustersInScope(db, params);
  return db.finding.count({ where: reportFindingsWhere(clusters.map((c) => c.id), params, now) });
}
