/**
 * The numbers of a team's part of a cluster (lib/teams/cluster-view.ts, a 'part' view) at given
 * scans: the per-check tallies of the part's namespaces, as the scan recorded them
 * (NamespaceScore.checks), summed (lib/scoring sumTallies) and scored by the cluster's own
 * functions (scoreChecks). For one namespace this is that namespace's scorecard; for several, the
 * score their results would get together. Scan-time numbers, like the namespace scorecards: an
 * exception approved since the scan counts from the next scan on.
 *
 * A scan that recorded no tallies (before they existed), or in which none of the part's namespaces
 * had a result, has no entry. Resources granted by resource label belong to no namespace score:
 * they count in the part's findings only.
 *
 * No 'server-only' import: the compliance read model (and its evidence pack) reads it too.
 */
import type { CheckCounts } from '@/lib/frameworks/evaluate';
import type { Db } from '@/lib/db';
import { unpackTallies } from '@/lib/scans/namespace-scores';
import { scoreChecks, sumTallies, type CheckTally, type Scores, type SeverityCounts } from '@/lib/scoring';
import { SEVERITIES } from '@/lib/checks/types';
import { namespaceInArea } from '@/lib/teams/area';
import type { ClusterPart, ClusterView } from '@/lib/teams/cluster-view';
import type { ScanDto } from '@/lib/scans/dto';

export interface PartScan {
  /** The part's namespaces with results in the scan, sorted. */
  namespaces: string[];
  tallies: CheckTally[];
  scores: Scores;
}

const total = (c: SeverityCounts) => SEVERITIES.reduce((n, s) => n + c[s], 0);

/** A tally as per-check result counts (what ScanCheckAggregate holds for a whole cluster). */
export function countsOfTally(t: CheckTally): CheckCounts {
  return { passed: t.passed, failed: total(t.open), excepted: total(t.excepted) };
}

/**
 * Long series of a part are thinned to the last scan of each UTC day: each point sums its
 * namespaces' tallies, so a month of hourly scans would read thousands of rows per namespace.
 * `scans` in time order; at most `max` are kept as they are.
 */
export function lastOfEachDay<T extends { finishedAt: Date | null }>(scans: readonly T[], max = 0): T[] {
  if (scans.length <= max) return [...scans];
  const byDay = new Map<string, T>();
  for (const s of scans) byDay.set(s.finishedAt?.toISOString().slice(0, 10) ?? '', s);
  return [...byDay.values()];
}

/** The part's numbers at each of these scans (scan id → numbers). */
export async function partScans(db: Db, part: ClusterPart, scanIds: readonly string[]): Promise<Map<string, PartScan>> {
  if (!scanIds.length || !part.namespaceFilter) return new Map();
  const rows = await db.namespaceScore.findMany({
    where: { clusterId: part.clusterId, scanId: { in: [...scanIds] }, OR: part.namespaceFilter.map((namespace) => ({ namespace })) },
    select: { scanId: true, namespace: true, checks: true },
  });
  const byScan = new Map<string, { namespaces: string[]; tallies: CheckTally[][]; complete: boolean }>();
  for (const r of rows) {
    if (!namespaceInArea(part.area, part.clusterId, r.namespace)) continue;
    let e = byScan.get(r.scanId);
    if (!e) byScan.set(r.scanId, (e = { namespaces: [], tallies: [], complete: true }));
    const tallies = unpackTallies(r.checks);
    if (!tallies) e.complete = false;
    else {
      e.namespaces.push(r.namespace);
      e.tallies.push(tallies);
    }
  }
  const out = new Map<string, PartScan>();
  for (const [scanId, e] of byScan) {
    if (!e.complete) continue;
    const tallies = sumTallies(e.tallies);
    out.set(scanId, { namespaces: e.namespaces.sort(), tallies, scores: scoreChecks(tallies) });
  }
  return out;
}

/**
 * Scans as a view of their cluster shows them: unchanged for a whole cluster; for a team's part,
 * the score, grade and results those of the part's namespaces (null / 0 where the scan recorded
 * none) and the new / resolved findings the part's own. Status, timing, progress and coverage gaps
 * are the scan's.
 */
export async function scansForView(db: Db, scans: ScanDto[], view: ClusterView): Promise<ScanDto[]> {
  if (view.kind === 'whole' || !scans.length) return scans;
  const ids = scans.map((s) => s.id);
  const [parts, changes] = await Promise.all([
    partScans(db, view, scans.filter((s) => s.status === 'succeeded').map((s) => s.id)),
    db.$queryRaw<Array<{ scan_id: string; opened: number; resolved: number }>>`
      SELECT e.scan_id, (count(*) FILTER (WHERE e.type <> 'resolved'))::int AS opened, (count(*) FILTER (WHERE e.type = 'resolved'))::int AS resolved
      FROM finding_events e JOIN findings f ON f.id = e.finding_id
      WHERE e.scan_id = ANY(${ids}::text[]) AND ${view.sql}
      GROUP BY e.scan_id`,
  ]);
  const changed = new Map(changes.map((c) => [c.scan_id, c]));
  return scans.map((s) => {
    const o = parts.get(s.id)?.scores.overall;
    return {
      ...s,
      score: o?.score ?? null,
      grade: o?.grade ?? null,
      resultsPassed: o?.passed ?? 0,
      resultsFailed: o?.failed ?? 0,
      resultsExcepted: o?.excepted ?? 0,
      findingsNew: changed.get(s.id)?.opened ?? 0,
      findingsResolved: changed.get(s.id)?.resolved ?? 0,
    };
  });
}

/**
 * Per-check results (passed / failed / excepted) at scans of several clusters, each as its view
 * shows it: a whole cluster's stored aggregates (ScanCheckAggregate), a team's part's namespace
 * tallies. Scan id → check id → counts (a scan with nothing to show maps to an empty map); only
 * `checkIds` when given. What the check catalog and the compliance views read.
 */
export async function checkCountsAt(
  db: Db,
  scans: ReadonlyArray<{ id: string; clusterId: string }>,
  views: ReadonlyMap<string, ClusterView>,
  checkIds?: readonly string[],
): Promise<Map<string, Map<string, CheckCounts>>> {
  const out = new Map<string, Map<string, CheckCounts>>(scans.map((s) => [s.id, new Map()]));
  const wanted = checkIds ? new Set(checkIds) : null;
  const whole = scans.filter((s) => views.get(s.clusterId)?.kind === 'whole').map((s) => s.id);
  const parts = new Map<string, { part: ClusterPart; scanIds: string[] }>();
  for (const s of scans) {
    const view = views.get(s.clusterId);
    if (view?.kind !== 'part') continue;
    const e = parts.get(s.clusterId) ?? { part: view, scanIds: [] };
    e.scanIds.push(s.id);
    parts.set(s.clusterId, e);
  }
  const [rows, partRows] = await Promise.all([
    whole.length && (!checkIds || checkIds.length)
      ? db.scanCheckAggregate.findMany({ where: { scanId: { in: whole }, ...(checkIds ? { checkId: { in: [...checkIds] } } : {}) }, select: { scanId: true, checkId: true, passed: true, failed: true, excepted: true } })
      : Promise.resolve([]),
    Promise.all([...parts.values()].map((p) => partScans(db, p.part, p.scanIds))),
  ]);
  for (const r of rows) out.get(r.scanId)!.set(r.checkId, { passed: r.passed, failed: r.failed, excepted: r.excepted });
  for (const at of partRows) for (const [scanId, p] of at) for (const t of p.tallies) if (!wanted || wanted.has(t.checkId)) out.get(scanId)!.set(t.checkId, countsOfTally(t));
  return out;
}
