/**
 * The report's executive summary, from the read models the pages use:
 *
 * - each cluster's latest successful scan (lib/scans/latest.ts) and its section cards
 *   (lib/dashboard/section-cards.ts, as on the cluster page: stored section scores and counts,
 *   what caps the grade, findings open now from lib/dashboard/open-counts.ts);
 * - several clusters: the overall and section scores are the mean of the clusters' latest scores
 *   (each cluster weighs the same), graded with the one gradeFor; counts are added up;
 * - the baseline: per cluster the last scan at or before the period start, else the first in the
 *   period, when its score is comparable with the latest (lib/dashboard/comparable.ts);
 * - the score trend over the period (./trend.ts) and what improved or got worse since the
 *   baseline: section scores, and failing results per check (ScanCheckAggregate).
 *
 * Within a team member's access scope (lib/teams/cluster-view.ts): a cluster their teams own whole
 * reads as for the fleet; of a cluster they own in part, every score is the part's, as its cluster
 * page shows it: its namespaces' tallies at each scan summed and scored (lib/dashboard/part-scores.ts),
 * the open findings the part's own (getClusterOpenCounts). Its trend and baseline read the last scan
 * of each day (and the period's first), as long part series do on the pages. A part with no
 * namespace results at its latest scan (resource labels only, or scans older than the tallies) keeps
 * the scan's date without a score.
 */
import { getCheck } from '@/lib/checks';
import { SECTION_IDS, type SectionId } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { comparable } from '@/lib/dashboard/comparable';
import { getClusterOpenCounts } from '@/lib/dashboard/open-counts';
import { countsOfTally, lastOfEachDay, partScans, type PartScan } from '@/lib/dashboard/part-scores';
import { getSectionCards, type ScanCards } from '@/lib/dashboard/section-cards';
import { SECTIONS } from '@/lib/dashboard/sections';
import { latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';
import { capLabel, gradeFor, sumSeverityCounts, zeroSeverityCounts, type SeverityCounts } from '@/lib/scoring';
import { clusterViewsOf, type ClusterPart } from '@/lib/teams/cluster-view';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import type { ScopeCluster } from './scope';
import { mean, trendSeries } from './trend';
import type { ChangeItem, ReportCluster, ReportViewModel, SectionScorecard } from './types';

export type ReportSummary = Pick<ReportViewModel, 'clusters' | 'overall' | 'lastScanAt' | 'scorecards' | 'trend' | 'improved' | 'worsened'> & {
  /** The latest successful scan of each cluster in scope (what fix first reads). */
  latestScanIds: string[];
  /** Clusters owned in part whose latest scan has the part's numbers: the namespaces they are of. */
  partScores: Array<{ cluster: string; namespaces: string[] }>;
  /** Clusters owned in part whose latest scan has no numbers of the part: no score is shown for them. */
  unscored: string[];
};

/** How many changes each of "what improved" and "what got worse" lists. */
const CHANGES_LISTED = 12;

/** A scan's numbers as the access scope sees its cluster: the stored ones, or its part's. */
interface SeenScan {
  id: string;
  clusterId: string;
  finishedAt: Date | null;
  scoringVersion: number;
  partial: boolean;
  score: number | null;
}

/** The part's numbers at its latest scan as section cards (what the cluster page's part scorecards show). */
function partCards(scanId: string, clusterId: string, part: PartScan, openBySection: ReadonlyMap<string, SeverityCounts>): ScanCards {
  return {
    scanId,
    clusterId,
    cap: part.scores.overall.cap,
    sections: SECTION_IDS.map((section) => {
      const a = part.scores.sections[section];
      return { section, stored: { score: a.score, grade: a.grade, passed: a.passed, failed: a.failed, excepted: a.excepted }, cap: a.cap, open: openBySection.get(section) ?? zeroSeverityCounts() };
    }),
  };
}

export async function buildSummary(db: Db, clusters: readonly ScopeCluster[], sectionIds: readonly SectionId[], period: { from: Date; now: Date }, access: AccessScope = FLEET): Promise<ReportSummary> {
  const { from, now } = period;
  const clusterIds = clusters.map((c) => c.id);
  const views = clusterViewsOf(access, clusterIds);
  const parts = [...views.values()].filter((v): v is ClusterPart => v.kind === 'part');
  const isPart = (clusterId: string) => views.get(clusterId)?.kind === 'part';

  // Scans: latest successful per cluster, the baseline at the period start, and those in the period.
  const trendSelect = { id: true, clusterId: true, finishedAt: true, score: true, scoringVersion: true, partial: true } as const;
  const [latestBy, periodScans, baselineBy] = await Promise.all([
    latestSuccessfulScans(db, clusterIds, { ...trendSelect, grade: true, uncappedScore: true }),
    db.scan.findMany({ where: successfulScans({ clusterId: { in: clusterIds }, finishedAt: { gte: from, lte: now } }), orderBy: { finishedAt: 'asc' }, select: trendSelect }),
    latestSuccessfulScans(db, clusterIds, trendSelect, { finishedAt: { lte: from } }),
  ]);

  // The parts' numbers at their latest, baseline, first and each day's last scan, and their open findings now.
  const partAt = new Map<string, PartScan>();
  const partOpen = new Map<string, Map<string, SeverityCounts>>();
  await Promise.all(
    parts.map(async (p) => {
      const own = periodScans.filter((s) => s.clusterId === p.clusterId);
      const ids = [latestBy.get(p.clusterId)?.id, baselineBy.get(p.clusterId)?.id, own[0]?.id, ...lastOfEachDay(own).map((s) => s.id)].filter((x): x is string => Boolean(x));
      const [at, open] = await Promise.all([partScans(db, p, [...new Set(ids)]), getClusterOpenCounts(db, p.clusterId, p, now)]);
      for (const [id, n] of at) partAt.set(id, n);
      partOpen.set(p.clusterId, open.bySection);
    }),
  );
  /** The scan as the scope sees it; null for a part's scan without the part's numbers. */
  const seen = <T extends SeenScan>(s: T | undefined): T | null => {
    if (!s) return null;
    if (!isPart(s.clusterId)) return s;
    const n = partAt.get(s.id);
    return n ? { ...s, score: n.scores.overall.score } : null;
  };
  const present = <T,>(x: T | null): x is T => x !== null;

  const latestAll = [...latestBy.values()];
  const latest = latestAll.map(seen).filter(present);
  const baseline = clusterIds
    .map((id) => {
      const cur = seen(latestBy.get(id));
      const candidates = [baselineBy.get(id), ...periodScans.filter((s) => s.clusterId === id)].map(seen);
      return (cur && candidates.find((s) => s && comparable(s, cur))) ?? null;
    })
    .filter(present);
  const trendScans = [...baselineBy.values(), ...periodScans].map(seen).filter(present);

  const wholeLatest = latest.filter((s) => !isPart(s.clusterId));
  const wholeIds = (list: ReadonlyArray<{ id: string; clusterId: string }>) => list.filter((s) => !isPart(s.clusterId)).map((s) => s.id);
  const [wholeCards, pastAggs, wholeCheckAggs] = await Promise.all([
    getSectionCards(db, wholeLatest, now),
    db.scanSectionAggregate.findMany({ where: { scanId: { in: [...new Set(wholeIds([...baseline, ...trendScans]))] } }, select: { scanId: true, section: true, score: true } }),
    db.scanCheckAggregate.findMany({
      where: { scanId: { in: [...new Set(wholeIds([...latest, ...baseline]))] }, section: { in: [...sectionIds] } },
      select: { scanId: true, checkId: true, failed: true },
    }),
  ]);
  const cards = new Map(wholeCards);
  for (const s of latest) if (isPart(s.clusterId)) cards.set(s.id, partCards(s.id, s.clusterId, partAt.get(s.id)!, partOpen.get(s.clusterId) ?? new Map()));
  const scoresByScan = new Map<string, Partial<Record<SectionId, number>>>();
  for (const a of pastAggs) scoresByScan.set(a.scanId, { ...scoresByScan.get(a.scanId), [a.section]: a.score });
  for (const [scanId, n] of partAt) scoresByScan.set(scanId, Object.fromEntries(SECTION_IDS.map((s) => [s, n.scores.sections[s].score])));
  const checkAggs = [
    ...wholeCheckAggs,
    ...[...new Set([...latest, ...baseline].filter((s) => isPart(s.clusterId)).map((s) => s.id))].flatMap((scanId) =>
      partAt
        .get(scanId)!
        .tallies.filter((t) => sectionIds.includes(t.section))
        .map((t) => ({ scanId, checkId: t.checkId, failed: countsOfTally(t).failed })),
    ),
  ];

  const scorecards = sectionIds.map((s): SectionScorecard => {
    const cur = [...cards.values()].map((c) => c.sections.find((x) => x.section === s)!);
    const stored = cur.flatMap((c) => (c.stored ? [c.stored] : []));
    const score = mean(stored.map((a) => a.score));
    const startScore = mean(baseline.flatMap((sc) => scoresByScan.get(sc.id)?.[s] ?? []));
    return {
      id: s,
      number: SECTIONS[s].number,
      title: SECTIONS[s].title,
      score,
      grade: score === null ? null : gradeFor(score),
      passed: stored.reduce((n, a) => n + a.passed, 0),
      failed: stored.reduce((n, a) => n + a.failed, 0),
      excepted: stored.reduce((n, a) => n + a.excepted, 0),
      open: sumSeverityCounts(cur.map((c) => c.open)),
      startScore,
      delta: score !== null && startScore !== null ? score - startScore : null,
    };
  });

  const overallScore = mean(latest.map((s) => s.score).filter((v): v is number => v !== null));
  // One cluster: the cap on its grade, as its page shows it.
  const overallCap = latest.length === 1 ? capLabel(cards.get(latest[0].id)?.cap ?? null) : null;
  const startOverall = mean(baseline.map((s) => s.score).filter((v): v is number => v !== null));

  const trend = trendSeries(
    trendScans
      .filter((s) => s.finishedAt && s.score !== null)
      .map((s) => ({ clusterId: s.clusterId, at: s.finishedAt as Date, score: s.score as number, sections: scoresByScan.get(s.id) ?? {} })),
    sectionIds,
  );

  const { improved, worsened } = changesSince(scorecards, checkAggs, baseline, latest);

  const lastScanAt = latestAll.reduce<Date | null>((m, s) => (s.finishedAt && (!m || s.finishedAt > m) ? s.finishedAt : m), null);
  const reportClusters: ReportCluster[] = clusters.map((c) => {
    const s = latestBy.get(c.id);
    if (!s || !s.finishedAt) return { ...c, lastScan: null };
    const part = isPart(c.id) ? (partAt.get(s.id)?.scores.overall ?? null) : undefined;
    const [score, grade] = part === undefined ? [s.score, s.grade] : part ? [part.score, part.grade] : [null, null];
    return { ...c, lastScan: { id: s.id, finishedAt: s.finishedAt.toISOString(), score, grade } };
  });
  const partLatest = clusters.filter((c) => isPart(c.id)).map((c) => ({ cluster: c.name, numbers: partAt.get(latestBy.get(c.id)?.id ?? '') }));

  return {
    clusters: reportClusters,
    overall: { score: overallScore, grade: overallScore === null ? null : gradeFor(overallScore), startScore: startOverall, cap: overallCap },
    lastScanAt: lastScanAt?.toISOString() ?? null,
    scorecards,
    trend,
    improved,
    worsened,
    latestScanIds: latestAll.map((s) => s.id),
    partScores: partLatest.flatMap((p) => (p.numbers ? [{ cluster: p.cluster, namespaces: p.numbers.namespaces }] : [])),
    unscored: partLatest.filter((p) => !p.numbers).map((p) => p.cluster),
  };
}

/** What changed since the baseline: section scores, and failing results per check (when the scans differ). */
function changesSince(
  scorecards: readonly SectionScorecard[],
  checkAggs: ReadonlyArray<{ scanId: string; checkId: string; failed: number }>,
  baseline: ReadonlyArray<{ id: string }>,
  latest: ReadonlyArray<{ id: string }>,
): { improved: ChangeItem[]; worsened: ChangeItem[] } {
  const changes: ChangeItem[] = [];
  for (const c of scorecards) {
    if (c.delta !== null && c.delta !== 0 && c.startScore !== null && c.score !== null) changes.push({ kind: 'section', id: c.id, label: `${c.number} ${c.title}`, from: c.startScore, to: c.score });
  }
  const failedBy = (scanIds: Set<string>) => {
    const m = new Map<string, number>();
    for (const a of checkAggs) if (scanIds.has(a.scanId)) m.set(a.checkId, (m.get(a.checkId) ?? 0) + a.failed);
    return m;
  };
  const baselineIds = new Set(baseline.map((s) => s.id));
  const latestIds = new Set(latest.map((s) => s.id));
  const sameScans = baselineIds.size === latestIds.size && [...baselineIds].every((id) => latestIds.has(id));
  if (!sameScans) {
    const before = failedBy(baselineIds);
    const after = failedBy(latestIds);
    for (const checkId of new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(checkId) ?? 0;
      const b = after.get(checkId) ?? 0;
      if (a !== b) changes.push({ kind: 'check', id: checkId, label: getCheck(checkId)?.title ?? checkId, from: a, to: b });
    }
  }
  const better = (c: ChangeItem) => (c.kind === 'section' ? c.to > c.from : c.to < c.from);
  const size = (c: ChangeItem) => Math.abs(c.to - c.from) * (c.kind === 'section' ? 100 : 1);
  return {
    improved: changes.filter(better).sort((a, b) => size(b) - size(a)).slice(0, CHANGES_LISTED),
    worsened: changes.filter((c) => !better(c)).sort((a, b) => size(b) - size(a)).slice(0, CHANGES_LISTED),
  };
}
