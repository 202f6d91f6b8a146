/**
 * A cluster's scorecards: overall and per-section score, grade, passed / failed, change since
 * the previous comparable scan, the worst open findings of each section, and the latest scan's
 * coverage gaps. The section cards (stored scores, caps, open findings now) are
 * lib/dashboard/section-cards.ts, which the PDF report reads too.
 *
 * Of a team's part of the cluster (lib/teams/cluster-view.ts): the same cards over the part, the
 * scores those of its namespaces together at each scan (lib/dashboard/part-scores.ts), the open
 * findings and the worst of them the part's own; `part` names the namespaces.
 */
import 'server-only';
import { SECTION_IDS, type SectionId, type Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { recentSuccessfulScans } from '@/lib/scans/latest';
import type { CoverageGap } from '@/lib/k8s/snapshot';
import { loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import { zeroSeverityCounts, type ScoreCap } from '@/lib/scoring';
import { comparable } from '@/lib/dashboard/comparable';
import { getSectionCards } from '@/lib/dashboard/section-cards';
import { getClusterOpenCounts } from '@/lib/dashboard/open-counts';
import { viewFindingsWhere, WHOLE, type ClusterPart, type ClusterView } from '@/lib/teams/cluster-view';
import { partScans } from './part-scores';

export interface SectionScorecard {
  section: SectionId;
  score: number;
  grade: string;
  passed: number;
  failed: number;
  excepted: number;
  open: Record<Severity, number>;
  /** What caps the grade ("capped at D by 3 critical findings"); null when nothing does. */
  cap: ScoreCap | null;
  /** score − previous scan's score; null without a previous scan, or when the two are not comparable (scoring version, partial scan). */
  delta: number | null;
  worst: Array<{ id: string; title: string; severity: Severity; resource: { kind: string; namespace: string | null; name: string } }>;
}

export interface ClusterScorecards {
  /** The cluster's name (cluster-wide findings are labelled with it). */
  clusterName: string;
  scan: {
    id: string;
    finishedAt: string;
    score: number;
    grade: string;
    passed: number;
    failed: number;
    excepted: number;
    cap: ScoreCap | null;
    scoringVersion: number;
    /** Scored without some input (coverage gap, check error): not compared with other scans. */
    partial: boolean;
  } | null;
  /** The previous successful scan, when its score is comparable with the latest one. */
  previous: { id: string; finishedAt: string; score: number } | null;
  sections: SectionScorecard[];
  coverageGaps: CoverageGap[];
  /** Set for a team's part of the cluster: the numbers are those of these namespaces (empty: none scored yet, so no score). */
  part: { namespaces: string[] } | null;
}

function asGaps(value: unknown): CoverageGap[] {
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is CoverageGap => Boolean(g) && typeof g === 'object' && typeof (g as CoverageGap).resource === 'string');
}

/** null when the cluster does not exist. */
export async function getClusterScorecards(db: Db, clusterId: string, checkTitle: (id: string) => string | undefined, now = new Date(), view: ClusterView = WHOLE): Promise<ClusterScorecards | null> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
  if (!cluster) return null;
  const clusterName = cluster.name;
  const scans = await recentSuccessfulScans(db, clusterId, {
    id: true, finishedAt: true, score: true, grade: true, uncappedScore: true, scoringVersion: true, partial: true,
    resultsPassed: true, resultsFailed: true, resultsExcepted: true, coverageGaps: true,
  }, 2);
  const [latest, before] = scans;
  const prev = latest && before && comparable(latest, before) ? before : undefined;
  if (!latest) return { clusterName, scan: null, previous: null, sections: [], coverageGaps: [], part: view.kind === 'part' ? { namespaces: [] } : null };
  const stale = await loadStaleExceptionIds(db, now);
  const worst = await Promise.all(
    SECTION_IDS.map((section) =>
      db.finding.findMany({
        where: { AND: [{ clusterId, section, status: 'open', ...notExceptedWhereFor(stale) }, viewFindingsWhere(view)] },
        orderBy: [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }],
        take: 3,
        select: { id: true, checkId: true, severity: true, resourceKind: true, resourceNamespace: true, resourceName: true },
      }),
    ),
  );
  const worstOf = (i: number) => worst[i]!.map((f) => ({ id: f.id, title: checkTitle(f.checkId) ?? f.checkId, severity: f.severity, resource: { kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName } }));
  const coverageGaps = asGaps(latest.coverageGaps);
  if (view.kind === 'part') return partScorecards(db, view, { clusterName, latest, prev, coverageGaps, worstOf }, now);
  const [prevAggregates, cards] = await Promise.all([
    prev ? db.scanSectionAggregate.findMany({ where: { scanId: prev.id }, select: { section: true, score: true } }) : Promise.resolve([]),
    getSectionCards(db, [{ ...latest, clusterId }], now),
  ]);
  const card = cards.get(latest.id)!;
  const sections = card.sections.map(({ section, stored: a, cap, open }, i): SectionScorecard => {
    const p = prevAggregates.find((x) => x.section === section);
    return {
      section,
      score: a?.score ?? 100,
      grade: a?.grade ?? 'A',
      passed: a?.passed ?? 0,
      failed: a?.failed ?? 0,
      excepted: a?.excepted ?? 0,
      open,
      cap,
      delta: a && p ? a.score - p.score : null,
      worst: worstOf(i),
    };
  });
  return {
    clusterName,
    scan: {
      id: latest.id,
      finishedAt: latest.finishedAt!.toISOString(),
      score: latest.score ?? 0,
      grade: latest.grade ?? 'F',
      passed: latest.resultsPassed,
      failed: latest.resultsFailed,
      excepted: latest.resultsExcepted,
      cap: card.cap,
      scoringVersion: latest.scoringVersion,
      partial: latest.partial,
    },
    previous: prev ? { id: prev.id, finishedAt: prev.finishedAt!.toISOString(), score: prev.score ?? 0 } : null,
    sections,
    coverageGaps,
    part: null,
  };
}

/** A team's part of the cluster: the scans' numbers over its namespaces, its open findings now. */
async function partScorecards(
  db: Db,
  part: ClusterPart,
  c: { clusterName: string; latest: { id: string; finishedAt: Date | null; scoringVersion: number; partial: boolean }; prev: { id: string; finishedAt: Date | null } | undefined; coverageGaps: CoverageGap[]; worstOf: (i: number) => SectionScorecard['worst'] },
  now: Date,
): Promise<ClusterScorecards> {
  const [parts, openNow] = await Promise.all([partScans(db, part, [c.latest.id, ...(c.prev ? [c.prev.id] : [])]), getClusterOpenCounts(db, part.clusterId, part, now)]);
  const mine = parts.get(c.latest.id);
  if (!mine) return { clusterName: c.clusterName, scan: null, previous: null, sections: [], coverageGaps: c.coverageGaps, part: { namespaces: [] } };
  const earlier = c.prev ? parts.get(c.prev.id) : undefined;
  const o = mine.scores.overall;
  return {
    clusterName: c.clusterName,
    scan: { id: c.latest.id, finishedAt: c.latest.finishedAt!.toISOString(), score: o.score, grade: o.grade, passed: o.passed, failed: o.failed, excepted: o.excepted, cap: o.cap, scoringVersion: c.latest.scoringVersion, partial: c.latest.partial },
    previous: c.prev && earlier ? { id: c.prev.id, finishedAt: c.prev.finishedAt!.toISOString(), score: earlier.scores.overall.score } : null,
    sections: SECTION_IDS.map((section, i): SectionScorecard => {
      const a = mine.scores.sections[section];
      const p = earlier?.scores.sections[section];
      return { section, score: a.score, grade: a.grade, passed: a.passed, failed: a.failed, excepted: a.excepted, open: openNow.bySection.get(section) ?? zeroSeverityCounts(), cap: a.cap, delta: p ? a.score - p.score : null, worst: c.worstOf(i) };
    }),
    coverageGaps: c.coverageGaps,
    part: { namespaces: mine.namespaces },
  };
}
