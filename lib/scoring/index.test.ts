import { describe, expect, it } from 'vitest';
import { gradeFor, scoreResults, SCORING_EXPLANATION, type ScorableResult } from './index';

const r = (section: ScorableResult['section'], severity: ScorableResult['severity'], status: ScorableResult['status']): ScorableResult => ({
  section,
  severity,
  status,
});

describe('scoreResults', () => {
  const cases: Array<{ name: string; results: ScorableResult[]; section: ScorableResult['section']; score: number; grade: string; passed: number; failed: number; excepted: number; applicable: number }> = [
    { name: 'empty section scores 100', results: [], section: 'cluster', score: 100, grade: 'A', passed: 0, failed: 0, excepted: 0, applicable: 0 },
    { name: 'all pass', results: [r('workloads', 'high', 'pass'), r('workloads', 'low', 'pass')], section: 'workloads', score: 100, grade: 'A', passed: 2, failed: 0, excepted: 0, applicable: 2 },
    { name: 'all fail', results: [r('workloads', 'high', 'fail')], section: 'workloads', score: 0, grade: 'F', passed: 0, failed: 1, excepted: 0, applicable: 1 },
    // 1 − 7/(7+10) = 0.588 → 59
    { name: 'weighted', results: [r('images', 'high', 'fail'), r('images', 'critical', 'pass')], section: 'images', score: 59, grade: 'F', passed: 1, failed: 1, excepted: 0, applicable: 2 },
    // 1 − 4/(4+1+10+7) = 0.818 → 82
    { name: 'mixed severities', results: [r('secrets', 'medium', 'fail'), r('secrets', 'low', 'pass'), r('secrets', 'critical', 'pass'), r('secrets', 'high', 'pass')], section: 'secrets', score: 82, grade: 'B', passed: 3, failed: 1, excepted: 0, applicable: 4 },
    { name: 'all info: no weight → 100 but counted', results: [r('cluster', 'info', 'fail'), r('cluster', 'info', 'pass')], section: 'cluster', score: 100, grade: 'A', passed: 1, failed: 1, excepted: 0, applicable: 2 },
    { name: 'excepted counts as passed', results: [r('authorization', 'critical', 'excepted'), r('authorization', 'critical', 'fail')], section: 'authorization', score: 50, grade: 'F', passed: 0, failed: 1, excepted: 1, applicable: 2 },
    { name: 'not-applicable ignored', results: [r('authentication', 'critical', 'not-applicable'), r('authentication', 'low', 'fail'), r('authentication', 'medium', 'pass')], section: 'authentication', score: 80, grade: 'B', passed: 1, failed: 1, excepted: 0, applicable: 2 },
    // 1 − 1/(1+1) = 0.5 → 50 ; rounding: 1 − 1/3 = 0.6667 → 67
    { name: 'rounds to nearest integer', results: [r('cluster', 'low', 'fail'), r('cluster', 'low', 'pass'), r('cluster', 'low', 'pass')], section: 'cluster', score: 67, grade: 'D', passed: 2, failed: 1, excepted: 0, applicable: 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = scoreResults(c.results).sections[c.section];
      expect(s).toEqual({ score: c.score, grade: c.grade, passed: c.passed, failed: c.failed, excepted: c.excepted, applicable: c.applicable });
    });
  }

  it('overall uses the same formula over all results, every section present', () => {
    const scores = scoreResults([r('cluster', 'critical', 'fail'), r('workloads', 'critical', 'pass'), r('images', 'medium', 'pass'), r('secrets', 'medium', 'excepted')]);
    // 1 − 10/28 = 0.642 → 64
    expect(scores.overall).toEqual({ score: 64, grade: 'D', passed: 2, failed: 1, excepted: 1 });
    expect(Object.keys(scores.sections).sort()).toEqual(['authentication', 'authorization', 'cluster', 'images', 'secrets', 'workloads']);
    expect(scores.sections.cluster.score).toBe(0);
    expect(scores.sections.authentication).toEqual({ score: 100, grade: 'A', passed: 0, failed: 0, excepted: 0, applicable: 0 });
  });

  it('rejects an unknown section', () => {
    expect(() => scoreResults([{ section: 'nope' as never, severity: 'low', status: 'pass' }])).toThrow(/unknown section/);
  });
});

describe('gradeFor', () => {
  it.each([
    [100, 'A'], [90, 'A'], [89, 'B'], [80, 'B'], [79, 'C'], [70, 'C'], [69, 'D'], [60, 'D'], [59, 'F'], [0, 'F'],
  ])('%i → %s', (score, grade) => expect(gradeFor(score)).toBe(grade));
  it('explains the weights', () => expect(SCORING_EXPLANATION).toMatch(/critical 10, high 7, medium 4, low 1, info 0/));
});
