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
 * Scores, trends and changes are cluster-wide: within a team member's access scope they cover only
 * the clusters their teams own whole; the others keep their latest scan's date, without its score.
 */
import { getCheck } from '@/lib/checks';
import type { SectionId } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { comparable } from '@/lib/dashboard/comparable';
import { getSectionCards } from '@/lib/dashboard/section-cards';
import { SECTIONS } from '@/lib/dashboard/sections';
import { latestSuccessfulScans, successfulScans } from '@/lib/scans/latest';
import { capLabel, gradeFor, sumSeverityCounts } from '@/lib/scoring';
import { FLEET, seesWholeCluster, type AccessScope } from '@/lib/teams/scope';
import type { ScopeCluster } from './scope';
import { mean, trendSeries } from './trend';
import type { ChangeItem, ReportCluster, ReportViewModel, SectionScorecard } from './types';

export type ReportSummary = Pick<ReportViewModel, 'clusters' | 'overall' | 'lastScanAt' | 'scorecards' | 'trend' | 'improved' | 'worsened'> & {
  /** The latest successful scan of each cluster in scope (what fix first reads). */
  latestScanIds: string[];
};

/** How many changes each of "what improved" and "what got worse" lists. */
const CHANGES_LISTED = 12;

export async function buildSummary(db: Db, clusters: readonly ScopeCluster[], sectionIds: readonly SectionId[], period: { from: Date; now: Date }, access: AccessScope = FLEET): Promise<ReportSummary> {
  const { from, now } = period;
  const clusterIds = clusters.map((c) => c.id);
  const scoredIds = clusterIds.filter((id) => seesWholeCluster(access, id));

  // Scans: latest successful per cluster, the baseline at the period start, and those in the period.
  const trendSelect = { id: true, clusterId: true, finishedAt: true, score: true, scoringVersion: true, partial: true } as const;
  const [latestBy, periodScans, baselineBy] = await Promise.all([
    latestSuccessfulScans(db, clusterIds, { ...trendSelect, grade: true, uncappedScore: true }),
    db.scan.findMany({ where: successfulScans({ clusterId: { in: scoredIds }, finishedAt: { gte: from, lte: now } }), orderBy: { finishedAt: 'asc' }, select: trendSelect }),
    latestSuccessfulScans(db, scoredIds, trendSelect, { finishedAt: { lte: from } }),
  ]);
  const latestAll = [...latestBy.values()];
  const latest = latestAll.filter((s) => scoredIds.includes(s.clusterId));
  const baseline = scoredIds
    .map((id) => {
      const cur = latestBy.get(id);
      const candidates = [baselineBy.get(id), ...periodScans.filter((s) => s.clusterId === id)];
      return (cur && candidates.find((s) => s && comparable(s, cur))) ?? null;
    })
    .filter((s): s is NonNullable<typeof s> => Boolean(s));
  const trendScans = [...baselineBy.values(), ...periodScans];

  const [cards, pastAggs, checkAggs] = await Promise.all([
    getSectionCards(db, latest, now),
    db.scanSectionAggregate.findMany({ where: { scanId: { in: [...new Set([...baseline, ...trendScans].map((s) => s.id))] } }, select: { scanId: true, section: true, score: true } }),
    db.scanCheckAggregate.findMany({
      where: { scanId: { in: [...new Set([...latest, ...baseline].map((s) => s.id))] }, section: { in: [...sectionIds] } },
      select: { scanId: true, checkId: true, failed: true },
    }),
  ]);
  const scoresByScan = new Map<string, Partial<Record<SectionId, number>>>();
  for (const a of pastAggs) scoresByScan.set(a.scanId, { ...scoresByScan.get(a.scanId), [a.section]: a.score });

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
    const scored = scoredIds.includes(c.id);
    return { ...c, lastScan: s && s.finishedAt ? { id: s.id, finishedAt: s.finishedAt.toISOString(), score: scored ? s.score : null, grade: scored ? s.grade : null } : null };
  });

  return {
    clusters: reportClusters,
    overall: { score: overallScore, grade: overallScore === null ? null : gradeFor(overallScore), startScore: startOverall, cap: overallCap },
    lastScanAt: lastScanAt?.toISOString() ?? null,
    scorecards,
    trend,
    improved,
    worsened,
    latestScanIds: latestAll.map((s) => s.id),
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
