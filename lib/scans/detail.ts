/**
 * One scan, opened (server-only read model of the scan page): what it opened, reopened and resolved,
 * what it could not read (coverage gaps), how long each phase took, and what changed between it and
 * any earlier scan of the same cluster.
 *
 * Changes come from the finding events (one per opened / reopened / resolved finding, stamped with
 * the scan's finish time). Between an earlier scan B and this scan A, a finding whose first event in
 * (B, A] opened it and whose last event left it open is new since B; one whose first event resolved
 * it (so it was open at B) and whose last event resolved it is fixed since B. A finding that came and
 * went in between is neither.
 *
 * With a team-scoped access scope: a scan of a cluster outside it is not found; of a cluster the
 * scope owns in part (lib/teams/cluster-view.ts), the findings, scores and results are the part's
 * (lib/dashboard/part-scores.ts) and the objects read are not shown.
 */
import { Prisma, type Db } from '../db';
import { SECTION_IDS, type Severity } from '../checks/types';
import { compareSeverity } from '../vocabulary';
import type { ScanDto } from './dto';
import { recentSuccessfulScans, successfulScans } from './latest';
import { getScan } from './queries';
import { partScans, scansForView } from '../dashboard/part-scores';
import { clusterViewOf, type ClusterPart } from '../teams/cluster-view';
import { FLEET, type AccessScope } from '../teams/scope';

export const SCAN_PHASES = ['connect', 'collect', 'evaluate', 'persist'] as const;
export type ScanPhaseName = (typeof SCAN_PHASES)[number];

export interface ScanFindingRow {
  id: string;
  checkId: string;
  severity: Severity;
  status: 'open' | 'resolved' | 'excepted';
  resource: { kind: string; namespace: string | null; name: string };
  message: string;
}

export interface FindingList {
  total: number;
  items: ScanFindingRow[];
}

export interface ScanComparison {
  /** The earlier scan compared with. */
  scan: Pick<ScanDto, 'id' | 'finishedAt' | 'score' | 'grade'>;
  newSince: FindingList;
  resolvedSince: FindingList;
  /** This scan's section scores minus the earlier scan's. */
  sections: Array<{ section: string; before: number | null; after: number | null }>;
}

export interface ScanDetail {
  scan: ScanDto;
  phaseDurations: Partial<Record<ScanPhaseName, number>>;
  objectCounts: Record<string, number>;
  opened: FindingList;
  reopened: FindingList;
  resolved: FindingList;
  /** Earlier succeeded scans of the cluster, newest first (the comparison picker). */
  earlier: Array<Pick<ScanDto, 'id' | 'finishedAt' | 'score' | 'grade'>>;
  comparison: ScanComparison | null;
  /** True when the caller's teams own part of the cluster: every finding, score and result is that part's. */
  part: boolean;
}

const FINDING_SELECT = {
  id: true,
  checkId: true,
  severity: true,
  status: true,
  resourceKind: true,
  resourceNamespace: true,
  resourceName: true,
  message: true,
} as const;

type FindingSelected = { id: string; checkId: string; severity: Severity; status: ScanFindingRow['status']; resourceKind: string; resourceNamespace: string | null; resourceName: string; message: string };

function toRow(f: FindingSelected): ScanFindingRow {
  return { id: f.id, checkId: f.checkId, severity: f.severity, status: f.status, resource: { kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName }, message: f.message };
}


function sortRows(rows: ScanFindingRow[]): ScanFindingRow[] {
  return rows.sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      a.checkId.localeCompare(b.checkId) ||
      `${a.resource.namespace ?? ''}/${a.resource.name}`.localeCompare(`${b.resource.namespace ?? ''}/${b.resource.name}`),
  );
}

async function eventList(db: Db, scanId: string, type: 'opened' | 'reopened' | 'resolved', limit: number, part: ClusterPart | null): Promise<FindingList> {
  const where = { scanId, type, ...(part ? { finding: part.findings } : {}) };
  const [total, events] = await Promise.all([
    db.findingEvent.count({ where }),
    db.findingEvent.findMany({
      where,
      select: { finding: { select: FINDING_SELECT } },
      orderBy: [{ finding: { severity: 'asc' } }, { finding: { checkId: 'asc' } }, { id: 'asc' }],
      take: limit,
    }),
  ]);
  return { total, items: sortRows(events.map((e) => toRow(e.finding as FindingSelected))) };
}

interface NetChangeRow {
  finding_id: string;
  change: 'new' | 'resolved';
}

/** Findings new and fixed between two finish times of one cluster (see the module comment). */
async function netChanges(db: Db, clusterId: string, after: Date, upTo: Date, part: ClusterPart | null): Promise<NetChangeRow[]> {
  return db.$queryRaw<NetChangeRow[]>`
    WITH w AS (
      SELECT finding_id, type,
             row_number() OVER (PARTITION BY finding_id ORDER BY at ASC, id ASC) AS first_rank,
             row_number() OVER (PARTITION BY finding_id ORDER BY at DESC, id DESC) AS last_rank
      FROM finding_events
      WHERE cluster_id = ${clusterId} AND at > ${after} AND at <= ${upTo}
        ${part ? Prisma.sql`AND finding_id IN (SELECT f.id FROM findings f WHERE f.cluster_id = ${clusterId} AND ${part.sql})` : Prisma.empty}
    ), ends AS (
      SELECT finding_id,
             max(type::text) FILTER (WHERE first_rank = 1) AS first_type,
             max(type::text) FILTER (WHERE last_rank = 1) AS last_type
      FROM w GROUP BY finding_id
    )
    SELECT finding_id,
           CASE WHEN first_type <> 'resolved' THEN 'new' ELSE 'resolved' END AS change
    FROM ends
    WHERE (first_type <> 'resolved' AND last_type <> 'resolved') OR (first_type = 'resolved' AND last_type = 'resolved')`;
}

async function findingList(db: Db, ids: string[], limit: number): Promise<FindingList> {
  if (ids.length === 0) return { total: 0, items: [] };
  const rows = await db.finding.findMany({
    where: { id: { in: ids } },
    select: FINDING_SELECT,
    orderBy: [{ severity: 'asc' }, { checkId: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return { total: ids.length, items: sortRows(rows.map((r) => toRow(r as FindingSelected))) };
}

/** A team's part of the cluster at some scans: its namespaces' scores (lib/dashboard/part-scores.ts). */
type PartAt = Awaited<ReturnType<typeof partScans>>;

async function sectionScores(db: Db, scanId: string, partAt: PartAt | null): Promise<Map<string, number>> {
  if (partAt) {
    const mine = partAt.get(scanId);
    return new Map(mine ? SECTION_IDS.filter((s) => mine.scores.sections[s].applicable > 0).map((s) => [s, mine.scores.sections[s].score]) : []);
  }
  const rows = await db.scanSectionAggregate.findMany({ where: { scanId }, select: { section: true, score: true } });
  return new Map(rows.map((r) => [r.section, r.score]));
}

function summary(s: { id: string; finishedAt: Date | null; score: number | null; grade: string | null }, partAt: PartAt | null): ScanComparison['scan'] {
  const mine = partAt?.get(s.id)?.scores.overall;
  return { id: s.id, finishedAt: s.finishedAt?.toISOString() ?? null, score: partAt ? (mine?.score ?? null) : s.score, grade: partAt ? (mine?.grade ?? null) : s.grade };
}

/**
 * The scan `id` with its changes. `compareTo`: an earlier succeeded scan of the same cluster; default
 * the one just before. Lists hold at most `limit` findings each (totals are exact).
 */
export async function getScanDetail(db: Db, id: string, options: { compareTo?: string; limit?: number; scope?: AccessScope } = {}): Promise<ScanDetail | null> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const found = await getScan(db, id);
  const view = found ? clusterViewOf(options.scope ?? FLEET, found.clusterId) : null;
  if (!found || !view) return null;
  const part = view.kind === 'part' ? view : null;
  const [scan] = await scansForView(db, [found], view);
  const row = await db.scan.findUniqueOrThrow({ where: { id }, select: { phaseDurations: true, objectCounts: true, finishedAt: true } });
  const [opened, reopened, resolved] = await Promise.all([eventList(db, id, 'opened', limit, part), eventList(db, id, 'reopened', limit, part), eventList(db, id, 'resolved', limit, part)]);

  const earlierRows =
    scan.status === 'succeeded' && row.finishedAt
      ? await recentSuccessfulScans(db, scan.clusterId, { id: true, finishedAt: true, score: true, grade: true }, 100, { finishedAt: { lt: row.finishedAt } })
      : [];
  // The scan asked for when it is an earlier succeeded scan of this cluster (older than the picker
  // lists included); otherwise the one just before.
  let base = options.compareTo ? earlierRows.find((s) => s.id === options.compareTo) : undefined;
  if (!base && options.compareTo && row.finishedAt) {
    base =
      (await db.scan.findFirst({
        where: successfulScans({ id: options.compareTo, clusterId: scan.clusterId, finishedAt: { lt: row.finishedAt } }),
        select: { id: true, finishedAt: true, score: true, grade: true },
      })) ?? undefined;
  }
  base ??= earlierRows[0];
  const partAt = part ? await partScans(db, part, [...new Set([id, ...(base ? [base.id] : []), ...earlierRows.map((e) => e.id)])]) : null;

  let comparison: ScanComparison | null = null;
  if (base?.finishedAt && row.finishedAt) {
    const changes = await netChanges(db, scan.clusterId, base.finishedAt, row.finishedAt, part);
    const [newSince, resolvedSince, before, after] = await Promise.all([
      findingList(db, changes.filter((c) => c.change === 'new').map((c) => c.finding_id), limit),
      findingList(db, changes.filter((c) => c.change === 'resolved').map((c) => c.finding_id), limit),
      sectionScores(db, base.id, partAt),
      sectionScores(db, id, partAt),
    ]);
    const sections = SECTION_IDS.map((section) => ({ section, before: before.get(section) ?? null, after: after.get(section) ?? null }));
    comparison = { scan: summary(base, partAt), newSince, resolvedSince, sections };
  }

  const durations = (row.phaseDurations ?? {}) as Record<string, unknown>;
  const phaseDurations = Object.fromEntries(SCAN_PHASES.filter((p) => typeof durations[p] === 'number').map((p) => [p, durations[p] as number]));
  // What the scan read is the whole cluster's: a team's part shows its own findings only.
  const objectCounts = part ? {} : (Object.fromEntries(Object.entries((row.objectCounts ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'number')) as Record<string, number>);
  return { scan: scan!, phaseDurations, objectCounts, opened, reopened, resolved, earlier: earlierRows.map((e) => summary(e, partAt)), comparison, part: Boolean(part) };
}
