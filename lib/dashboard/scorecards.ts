/**
 * A cluster's scorecards: overall and per-section score, grade, passed / failed, change since
 * the previous comparable scan, the worst open findings of each section, and the latest scan's
 * coverage gaps. The section cards (stored scores, caps, open findings now) are
 * lib/dashboard/section-cards.ts, which the PDF report reads too.
 */
import 'server-only';
import { SECTION_IDS, type SectionId, type Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { recentSuccessfulScans } from '@/lib/scans/latest';
import type { CoverageGap } from '@/lib/k8s/snapshot';
import { loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import type { ScoreCap } from '@/lib/scoring';
import { comparable } from '@/lib/dashboard/comparable';
import { getSectionCards } from '@/lib/dashboard/section-cards';

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
}

function asGaps(value: unknown): CoverageGap[] {
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is CoverageGap => Boolean(g) && typeof g === 'object' && typeof (g as CoverageGap).resource === 'string');
}

/** null when the cluster does not exist. */
export async function getClusterScorecards(db: Db, clusterId: string, checkTitle: (id: string) => string | undefined, now = new Date()): Promise<ClusterScorecards | null> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
  if (!cluster) return null;
  const clusterName = cluster.name;
  const scans = await recentSuccessfulScans(db, clusterId, {
    id: true, finishedAt: true, score: true, grade: true, uncappedScore: true, scoringVersion: true, partial: true,
    resultsPassed: true, resultsFailed: true, resultsExcepted: true, coverageGaps: true,
  }, 2);
  const [latest, before] = scans;
  const prev = latest && before && comparable(latest, before) ? before : undefined;
  if (!latest) return { clusterName, scan: null, previous: null, sections: [], coverageGaps: [] };
  const [stale, prevAggregates, cards] = await Promise.all([
    loadStaleExceptionIds(db, now),
    prev ? db.scanSectionAggregate.findMany({ where: { scanId: prev.id }, select: { section: true, score: true } }) : Promise.resolve([]),
    getSectionCards(db, [{ ...latest, clusterId }], now),
  ]);
  const card = cards.get(latest.id)!;
  const worst = await Promise.all(
    SECTION_IDS.map((section) =>
      db.finding.findMany({
        where: { clusterId, section, status: 'open', ...notExceptedWhereFor(stale) },
        orderBy: [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }],
        take: 3,
        select: { id: true, checkId: true, severity: true, resourceKind: true, resourceNamespace: true, resourceName: true },
      }),
    ),
  );
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
      worst: worst[i].map((f) => ({ id: f.id, title: checkTitle(f.checkId) ?? f.checkId, severity: f.severity, resource: { kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName } })),
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
    coverageGaps: asGaps(latest.coverageGaps),
  };
}
