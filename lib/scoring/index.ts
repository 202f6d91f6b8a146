/**
 * Scores and grades, scoring v2 (docs/SCORING.md): one pure function over per-check tallies.
 *
 * A result is (check, resource) → pass | fail | excepted | not-applicable with its own severity.
 * Weights: critical 10, high 7, medium 4, low 1, info 0. Not-applicable results are left out;
 * excepted (accepted-risk) results count as passed and are reported separately.
 *
 * Each check counts once per section:
 *   share(c)  = Σ weight(failed results of c) ÷ Σ weight(applicable results of c)
 *   weight(c) = weight of the worst severity among c's applicable results
 *   score     = 100 × (1 − Σ weight(c) × share(c) ÷ Σ weight(c)), rounded; 100 when Σ weight(c) = 0
 * Caps: an open (failed, not excepted) critical result caps the score at 69 (grade D), an open high
 * result at 89 (grade B). Overall = the same over every check of every section, with the same caps.
 * Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below.
 *
 * `tallyResults` folds results into per-check tallies (what a scan stores per check);
 * `scoreChecks` scores tallies. Scans score their results and exception changes re-score the
 * stored tallies, both through `scoreChecks`.
 */
import { SECTION_IDS, SEVERITIES, severityTotal, worseSeverity, zeroSeverityCounts, type Grade, type SectionId, type Severity, type SeverityCounts } from '../vocabulary';

/** The version of the scoring formula written on every scan it scores (Scan.scoringVersion). */
export const SCORING_VERSION = 2;

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 7, medium: 4, low: 1, info: 0 };

export type { Grade };
export type ScoredStatus = 'pass' | 'fail' | 'excepted' | 'not-applicable';

export interface ScorableResult {
  checkId: string;
  section: SectionId;
  severity: Severity;
  status: ScoredStatus;
  /** How many results this entry stands for (default 1): counted passes (lib/evaluation/evaluate.ts PassCount). */
  count?: number;
}

export type { SeverityCounts };

/** One check's applicable results in one scan: what scoring needs and what a scan stores per check. */
export interface CheckTally {
  checkId: string;
  section: SectionId;
  /** Worst severity among the check's applicable results. */
  severity: Severity;
  passed: number;
  /** Failed results by their own severity (not excepted). */
  open: SeverityCounts;
  /** Failed results covered by an accepted-risk exception, by their own severity. */
  excepted: SeverityCounts;
  /** Σ weight of every applicable result (passed, failed and excepted). */
  applicableWeight: number;
}

/** Why a grade is capped: the open findings of this severity. */
export interface ScoreCap {
  severity: 'critical' | 'high';
  grade: 'D' | 'B';
  /** Open findings of that severity. */
  findings: number;
}

export interface ScoreSummary {
  score: number;
  grade: Grade;
  /** Results that passed (excepted ones are counted in `excepted`, not here). */
  passed: number;
  failed: number;
  excepted: number;
  /** Score before the cap (equal to `score` when nothing caps it). */
  uncappedScore: number;
  /** The cap that applies; null when none does. */
  cap: ScoreCap | null;
  /** Open (failed, not excepted) results by severity. */
  open: SeverityCounts;
}

export interface SectionScore extends ScoreSummary {
  /** passed + failed + excepted. */
  applicable: number;
}

export interface Scores {
  overall: ScoreSummary;
  sections: Record<SectionId, SectionScore>;
}

export { zeroSeverityCounts, worseSeverity };
/** Adds severity counts. */
export function sumSeverityCounts(list: Iterable<SeverityCounts>): SeverityCounts {
  const out = zeroSeverityCounts();
  for (const c of list) for (const s of SEVERITIES) out[s] += c[s];
  return out;
}

/** The open counts of a stored aggregate row (open_critical … open_info columns). */
export function openOfRow(row: { openCritical: number; openHigh: number; openMedium: number; openLow: number; openInfo: number }): SeverityCounts {
  return { critical: row.openCritical, high: row.openHigh, medium: row.openMedium, low: row.openLow, info: row.openInfo };
}

const weightOf = (c: SeverityCounts): number => SEVERITIES.reduce((n, s) => n + c[s] * SEVERITY_WEIGHTS[s], 0);

export function gradeFor(score: number): Grade {
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

/** The cap open findings put on a grade (critical before high). */
export function capFor(open: SeverityCounts): ScoreCap | null {
  if (open.critical > 0) return { severity: 'critical', grade: 'D', findings: open.critical };
  if (open.high > 0) return { severity: 'high', grade: 'B', findings: open.high };
  return null;
}

/**
 * What caps a stored score's grade: the cap of its open results when the cap lowered the score
 * (stored score below the uncapped one), else null. Reads stored scores (a scan, a section
 * aggregate) without scoring anything again.
 */
export function appliedCap(stored: { score: number | null; uncappedScore: number | null }, open: SeverityCounts): ScoreCap | null {
  return stored.score !== null && stored.uncappedScore !== null && stored.score < stored.uncappedScore ? capFor(open) : null;
}

/** Highest score a grade cap allows. */
const CAP_MAX: Record<ScoreCap['grade'], number> = { D: 69, B: 89 };

/** Folds results into one tally per check (not-applicable results are left out). */
export function tallyResults(results: Iterable<ScorableResult>): CheckTally[] {
  const byCheck = new Map<string, CheckTally>();
  for (const r of results) {
    if (!(SECTION_IDS as readonly string[]).includes(r.section)) throw new Error(`unknown section "${String(r.section)}"`);
    if (r.status === 'not-applicable') continue;
    let t = byCheck.get(r.checkId);
    if (!t) byCheck.set(r.checkId, (t = { checkId: r.checkId, section: r.section, severity: r.severity, passed: 0, open: zeroSeverityCounts(), excepted: zeroSeverityCounts(), applicableWeight: 0 }));
    const n = r.count ?? 1;
    t.severity = worseSeverity(t.severity, r.severity);
    t.applicableWeight += SEVERITY_WEIGHTS[r.severity] * n;
    if (r.status === 'fail') t.open[r.severity] += n;
    else if (r.status === 'excepted') t.excepted[r.severity] += n;
    else t.passed += n;
  }
  return [...byCheck.values()];
}

/** Adds per-check tallies of disjoint sets of results (e.g. several namespaces): the tallies of their union. */
export function sumTallies(lists: Iterable<readonly CheckTally[]>): CheckTally[] {
  const byCheck = new Map<string, CheckTally>();
  for (const list of lists) {
    for (const t of list) {
      const cur = byCheck.get(t.checkId);
      if (!cur) {
        byCheck.set(t.checkId, { ...t, open: { ...t.open }, excepted: { ...t.excepted } });
        continue;
      }
      cur.severity = worseSeverity(cur.severity, t.severity);
      cur.passed += t.passed;
      cur.applicableWeight += t.applicableWeight;
      for (const s of SEVERITIES) {
        cur.open[s] += t.open[s];
        cur.excepted[s] += t.excepted[s];
      }
    }
  }
  return [...byCheck.values()];
}

/** The share of a check's applicable weight that fails (0 when the check has no weight). */
export function failedShare(t: CheckTally): number {
  return t.applicableWeight === 0 ? 0 : weightOf(t.open) / t.applicableWeight;
}

function summarise(tallies: readonly CheckTally[]): ScoreSummary {
  let weight = 0;
  let failed = 0;
  const open = zeroSeverityCounts();
  let passed = 0;
  let excepted = 0;
  for (const t of tallies) {
    const w = t.applicableWeight === 0 ? 0 : SEVERITY_WEIGHTS[t.severity];
    weight += w;
    failed += w * failedShare(t);
    for (const s of SEVERITIES) open[s] += t.open[s];
    passed += t.passed;
    excepted += severityTotal(t.excepted);
  }
  const uncappedScore = weight === 0 ? 100 : Math.round(100 * (1 - failed / weight));
  const cap = capFor(open);
  const score = cap ? Math.min(uncappedScore, CAP_MAX[cap.grade]) : uncappedScore;
  return { score, grade: gradeFor(score), passed, failed: severityTotal(open), excepted, uncappedScore, cap: cap && uncappedScore > CAP_MAX[cap.grade] ? cap : null, open };
}

/** Scores per-check tallies: every section (100 when nothing applies) and overall. */
export function scoreChecks(tallies: readonly CheckTally[]): Scores {
  const sections = Object.fromEntries(
    SECTION_IDS.map((section) => {
      const own = tallies.filter((t) => t.section === section);
      const s = summarise(own);
      return [section, { ...s, applicable: s.passed + s.failed + s.excepted }];
    }),
  ) as Record<SectionId, SectionScore>;
  return { overall: summarise(tallies), sections };
}

export function scoreResults(results: Iterable<ScorableResult>): Scores {
  return scoreChecks(tallyResults(results));
}

/** "capped at D by 3 critical findings" (null without a cap). */
export function capLabel(cap: ScoreCap | null): string | null {
  if (!cap) return null;
  return `capped at ${cap.grade} by ${cap.findings} ${cap.severity} finding${cap.findings === 1 ? '' : 's'}`;
}

/** How the score is computed, for the UI and reports (docs/SCORING.md has the same with more detail). */
export const SCORING_EXPLANATION = `Every check produces one result per resource it looks at: pass, fail, excepted (an accepted risk, counted as passed) or not applicable (left out). Each result has its own severity, weighing critical 10, high 7, medium 4, low 1, info 0.
Each check counts once in its section: its failed share is the weight of its failed results ÷ the weight of all its applicable results, and the check weighs as much as the worst severity among its applicable results.
Section score = 100 × (1 − Σ check weight × failed share ÷ Σ check weight), rounded; 100 when nothing applies. The overall score is the same over every check.
Caps: an open critical finding caps the grade at D (score at most 69), an open high finding at B (at most 89).
Example: etcd encryption (1 critical result, failed: share 1, weight 10), image tags (100 low results, 5 failed: share 0.05, weight 1) and non-root containers (20 high results, 2 failed: share 0.1, weight 7) give 100 × (1 − (10 × 1 + 1 × 0.05 + 7 × 0.1) ÷ (10 + 1 + 7)) = 40 → F. With etcd encrypted: 100 × (1 − 0.75 ÷ 18) = 96, capped at B (89) by 2 high findings.
Grades: A from 90, B from 80, C from 70, D from 60, F below 60.`;
