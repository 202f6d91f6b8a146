/**
 * Writing a scan's scores (scoring v2, lib/scoring): the per-check tallies, the per-section
 * aggregates, the scan's overall score and a trend point (ScorePoint). Used by persistScan for a
 * new scan and by exception changes re-scoring the cluster's latest scan, so both store the same
 * numbers the same way:
 *
 * - ScanCheckAggregate: passed / failed / excepted counts, the worst applicable severity, the
 *   applicable weight and the failing results (failed + excepted) by their own severity: what an
 *   exception change needs to split them again without the results.
 * - ScanSectionAggregate: score, grade, uncapped score, counts and open results by severity.
 * - Scan: overall score, grade, uncapped score, counts, scoring version.
 * - ScorePoint: an immutable copy of the overall and section numbers at that moment.
 */
import type { DbTransaction } from '../db';
import { SECTION_IDS, SEVERITIES, type SectionId, type Severity } from '../checks/types';
import { SCORING_VERSION, zeroSeverityCounts, type CheckTally, type Scores, type SeverityCounts } from '../scoring';

export type ScorePointCause = 'scan' | 'exceptions';

const total = (c: SeverityCounts) => SEVERITIES.reduce((n, s) => n + c[s], 0);

export function failingOf(t: CheckTally): SeverityCounts {
  const out = zeroSeverityCounts();
  for (const s of SEVERITIES) out[s] = t.open[s] + t.excepted[s];
  return out;
}

/** A stored check aggregate (scoring v2) back as a tally, its failing results split by `exceptedNow`. */
export function tallyFromAggregate(
  row: { checkId: string; section: string; severity: Severity; passed: number; applicableWeight: number; failing: unknown },
  exceptedNow: Partial<SeverityCounts>,
): CheckTally {
  const failing = { ...zeroSeverityCounts(), ...((row.failing ?? {}) as Partial<SeverityCounts>) };
  const open = zeroSeverityCounts();
  const excepted = zeroSeverityCounts();
  for (const s of SEVERITIES) {
    excepted[s] = Math.min(failing[s], exceptedNow[s] ?? 0);
    open[s] = failing[s] - excepted[s];
  }
  return { checkId: row.checkId, section: row.section as SectionId, severity: row.severity, passed: row.passed, open, excepted, applicableWeight: row.applicableWeight };
}

export function checkAggregateData(t: CheckTally) {
  return {
    checkId: t.checkId,
    section: t.section,
    severity: t.severity,
    passed: t.passed,
    failed: total(t.open),
    excepted: total(t.excepted),
    applicableWeight: t.applicableWeight,
    failing: failingOf(t),
  };
}

function sectionAggregateData(scores: Scores, section: SectionId) {
  const s = scores.sections[section];
  return {
    score: s.score,
    grade: s.grade,
    uncappedScore: s.uncappedScore,
    passed: s.passed,
    failed: s.failed,
    excepted: s.excepted,
    openCritical: s.open.critical,
    openHigh: s.open.high,
    openMedium: s.open.medium,
    openLow: s.open.low,
    openInfo: s.open.info,
  };
}

/** The scan's overall columns for these scores. */
export function scanScoreData(scores: Scores) {
  return {
    score: scores.overall.score,
    grade: scores.overall.grade,
    uncappedScore: scores.overall.uncappedScore,
    scoringVersion: SCORING_VERSION,
    resultsPassed: scores.overall.passed,
    resultsFailed: scores.overall.failed,
    resultsExcepted: scores.overall.excepted,
  };
}

/** Creates the section and check aggregates of a newly persisted scan. */
export async function createAggregates(tx: DbTransaction, scan: { scanId: string; clusterId: string; at: Date }, tallies: readonly CheckTally[], scores: Scores): Promise<void> {
  const { scanId, clusterId, at } = scan;
  await tx.scanSectionAggregate.createMany({ data: SECTION_IDS.map((section) => ({ scanId, clusterId, section, scannedAt: at, ...sectionAggregateData(scores, section) })) });
  const rows = tallies.map((t) => ({ ...checkAggregateData(t), scanId, clusterId, scannedAt: at }));
  for (let i = 0; i < rows.length; i += 5_000) await tx.scanCheckAggregate.createMany({ data: rows.slice(i, i + 5_000) });
}

/** Rewrites the section aggregates of an existing scan with new scores. */
export async function updateSectionAggregates(tx: DbTransaction, scanId: string, scores: Scores): Promise<void> {
  for (const section of SECTION_IDS) await tx.scanSectionAggregate.updateMany({ where: { scanId, section }, data: sectionAggregateData(scores, section) });
}

/** Appends the trend point of these scores. */
export async function recordScorePoint(
  tx: DbTransaction,
  point: { clusterId: string; scanId: string; at: Date; cause: ScorePointCause; partial: boolean },
  scores: Scores,
): Promise<void> {
  const o = scores.overall;
  await tx.scorePoint.create({
    data: {
      ...point,
      scoringVersion: SCORING_VERSION,
      score: o.score,
      grade: o.grade,
      uncappedScore: o.uncappedScore,
      openCritical: o.open.critical,
      openHigh: o.open.high,
      openMedium: o.open.medium,
      openLow: o.open.low,
      openInfo: o.open.info,
      sections: Object.fromEntries(
        SECTION_IDS.map((s) => {
          const x = scores.sections[s];
          return [s, { score: x.score, grade: x.grade, uncappedScore: x.uncappedScore, open: x.open }];
        }),
      ),
    },
  });
}
