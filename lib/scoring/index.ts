/**
 * Scores and grades (DESIGN.md "Scoring"): one pure function over results.
 *
 *   score = 100 × (1 − Σ weight(failed) / Σ weight(applicable)), rounded to an integer
 *
 * Weights: critical 10, high 7, medium 4, low 1, info 0. Applicable = pass, fail, excepted
 * (not-applicable results are left out). Excepted (accepted-risk) results count as passed in
 * the score and are reported separately. A section with no applicable weight (no results, or
 * only info results) scores 100. Overall = the same formula over all results. Grades: A ≥ 90,
 * B ≥ 80, C ≥ 70, D ≥ 60, F below.
 */
import { SECTION_IDS, type SectionId, type Severity } from '../checks/types';

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 7, medium: 4, low: 1, info: 0 };

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
export type ScoredStatus = 'pass' | 'fail' | 'excepted' | 'not-applicable';

export interface ScorableResult {
  section: SectionId;
  severity: Severity;
  status: ScoredStatus;
}

export interface ScoreSummary {
  score: number;
  grade: Grade;
  /** Results that passed (excepted ones are counted in `excepted`, not here). */
  passed: number;
  failed: number;
  excepted: number;
}

export interface SectionScore extends ScoreSummary {
  /** passed + failed + excepted. */
  applicable: number;
}

export interface Scores {
  overall: ScoreSummary;
  sections: Record<SectionId, SectionScore>;
}

export function gradeFor(score: number): Grade {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

interface Tally {
  passed: number;
  failed: number;
  excepted: number;
  totalWeight: number;
  failedWeight: number;
}

const emptyTally = (): Tally => ({ passed: 0, failed: 0, excepted: 0, totalWeight: 0, failedWeight: 0 });

function add(t: Tally, r: ScorableResult): void {
  if (r.status === 'not-applicable') return;
  const w = SEVERITY_WEIGHTS[r.severity];
  t.totalWeight += w;
  if (r.status === 'fail') {
    t.failed++;
    t.failedWeight += w;
  } else if (r.status === 'excepted') t.excepted++;
  else t.passed++;
}

function summarise(t: Tally): ScoreSummary {
  const score = t.totalWeight === 0 ? 100 : Math.round(100 * (1 - t.failedWeight / t.totalWeight));
  return { score, grade: gradeFor(score), passed: t.passed, failed: t.failed, excepted: t.excepted };
}

export function scoreResults(results: Iterable<ScorableResult>): Scores {
  const overall = emptyTally();
  const bySection = Object.fromEntries(SECTION_IDS.map((s) => [s, emptyTally()])) as Record<SectionId, Tally>;
  for (const r of results) {
    add(overall, r);
    const t = bySection[r.section];
    if (!t) throw new Error(`unknown section "${String(r.section)}"`);
    add(t, r);
  }
  const sections = Object.fromEntries(
    SECTION_IDS.map((s) => {
      const t = bySection[s];
      return [s, { ...summarise(t), applicable: t.passed + t.failed + t.excepted }];
    }),
  ) as Record<SectionId, SectionScore>;
  return { overall: summarise(overall), sections };
}

/** How the score is computed, for the UI and reports. */
export const SCORING_EXPLANATION = `Every check produces one result per resource it looks at: pass or fail (or not applicable, which does not count).
Each result weighs by its severity: critical 10, high 7, medium 4, low 1, info 0.
A section's score is 100 × (1 − weight of failed results ÷ weight of all applicable results), rounded to a whole number; a section with nothing applicable scores 100.
The overall score uses the same formula over all results, so a section with many heavy results counts for more.
Accepted risks (exceptions) count as passed and are shown as excepted.
Grades: A from 90, B from 80, C from 70, D from 60, F below 60.`;
