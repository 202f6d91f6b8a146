import { describe, expect, it } from 'vitest';
import { capLabel, gradeFor, scoreChecks, scoreResults, SCORING_EXPLANATION, tallyResults, type ScorableResult } from './index';

type S = ScorableResult['section'];
const r = (checkId: string, section: S, severity: ScorableResult['severity'], status: ScorableResult['status']): ScorableResult => ({ checkId, section, severity, status });
const many = (n: number, checkId: string, section: S, severity: ScorableResult['severity'], status: ScorableResult['status']) => Array.from({ length: n }, () => r(checkId, section, severity, status));

describe('scoring v2', () => {
  it('an empty section scores 100 with every section present', () => {
    const s = scoreResults([]);
    expect(Object.keys(s.sections).sort()).toEqual(['authentication', 'authorization', 'cluster', 'images', 'secrets', 'workloads']);
    expect(s.sections.cluster).toMatchObject({ score: 100, grade: 'A', passed: 0, failed: 0, excepted: 0, applicable: 0, cap: null });
  });

  it('a check counts once: one object weighs as much as many containers (the secrets case)', () => {
    // etcd encryption fails (1 critical object); 81 passing per-container medium results no longer dilute it.
    const results = [r('etcd-encryption', 'secrets', 'critical', 'fail'), ...many(81, 'env-secrets', 'secrets', 'medium', 'pass')];
    const s = scoreResults(results).sections.secrets;
    // 100 × (1 − 10 × 1 ÷ (10 + 4)) = 29
    expect(s).toMatchObject({ score: 29, grade: 'F', passed: 81, failed: 1 });
  });

  it('many low findings cannot outweigh one high check', () => {
    const results = [...many(37, 'low-check', 'authentication', 'low', 'fail'), ...many(3, 'high-check', 'authentication', 'high', 'pass')];
    // low check share 1, weight 1; high check share 0, weight 7: 100 × (1 − 1 ÷ 8) = 88 (no open high: no cap)
    expect(scoreResults(results).sections.authentication).toMatchObject({ score: 88, grade: 'B', cap: null });
  });

  it('shares are severity-weighted and the check weighs by its worst applicable severity', () => {
    // one check: critical fail + 3 medium pass → share 10 ÷ 22, weight 10 → 100 × (1 − 10/22) = 55
    const results = [r('c', 'workloads', 'critical', 'fail'), ...many(3, 'c', 'workloads', 'medium', 'pass')];
    expect(scoreResults(results).sections.workloads.uncappedScore).toBe(55);
    const [t] = tallyResults(results);
    expect(t).toMatchObject({ severity: 'critical', applicableWeight: 22, passed: 3, open: { critical: 1 } });
  });

  it('an open critical caps the section and the overall grade at D, an open high at B', () => {
    const crit = [r('a', 'images', 'critical', 'fail'), ...many(200, 'b', 'images', 'critical', 'pass'), ...many(9, 'c', 'images', 'critical', 'pass'), ...many(200, 'd', 'images', 'critical', 'pass')];
    // a: 1 critical out of 1 → but many other checks: a share 1 weight 10, b, c, d share 0 → 100 × (1 − 10/40) = 75 → not above D's top? 75 > 69: capped
    const s = scoreResults(crit);
    expect(s.sections.images).toMatchObject({ uncappedScore: 75, score: 69, grade: 'D', cap: { severity: 'critical', grade: 'D', findings: 1 } });
    expect(s.overall).toMatchObject({ score: 69, grade: 'D', cap: { severity: 'critical', findings: 1 } });
    expect(capLabel(s.sections.images.cap)).toBe('capped at D by 1 critical finding');

    const high = [r('a', 'cluster', 'high', 'fail'), ...many(50, 'a', 'cluster', 'high', 'pass'), ...many(5, 'b', 'cluster', 'high', 'pass')];
    const h = scoreResults(high).sections.cluster;
    expect(h.uncappedScore).toBe(99);
    expect(h).toMatchObject({ score: 89, grade: 'B', cap: { severity: 'high', grade: 'B', findings: 1 } });
  });

  it('a cap does not apply where the score is already below it', () => {
    const s = scoreResults([r('a', 'cluster', 'critical', 'fail')]).sections.cluster;
    expect(s).toMatchObject({ score: 0, grade: 'F', cap: null, open: { critical: 1 } });
  });

  it('excepted results count as passed and lift the cap', () => {
    const results = [r('a', 'authorization', 'critical', 'excepted'), ...many(4, 'a', 'authorization', 'critical', 'pass')];
    expect(scoreResults(results).sections.authorization).toMatchObject({ score: 100, grade: 'A', passed: 4, failed: 0, excepted: 1, applicable: 5, cap: null });
  });

  it('not-applicable results and info-only checks carry no weight', () => {
    const results = [r('na', 'cluster', 'critical', 'not-applicable'), r('i', 'cluster', 'info', 'fail'), r('l', 'cluster', 'low', 'pass')];
    expect(scoreResults(results).sections.cluster).toMatchObject({ score: 100, passed: 1, failed: 1, applicable: 2 });
  });

  it('the overall score is the same formula over every check', () => {
    const results = [r('a', 'cluster', 'medium', 'fail'), r('b', 'workloads', 'medium', 'pass'), r('c', 'images', 'low', 'pass')];
    // 100 × (1 − 4 ÷ 9) = 56
    expect(scoreResults(results).overall).toMatchObject({ score: 56, grade: 'F', passed: 2, failed: 1, excepted: 0 });
  });

  it('scoring tallies gives what scoring their results gives', () => {
    const results = [...many(3, 'a', 'secrets', 'high', 'fail'), r('a', 'secrets', 'critical', 'excepted'), ...many(7, 'b', 'secrets', 'low', 'pass')];
    expect(scoreChecks(tallyResults(results))).toEqual(scoreResults(results));
  });

  it('the documented worked example', () => {
    const results = [
      r('etcd', 'secrets', 'critical', 'fail'),
      ...many(5, 'tags', 'secrets', 'low', 'fail'),
      ...many(95, 'tags', 'secrets', 'low', 'pass'),
      ...many(2, 'nonroot', 'secrets', 'high', 'fail'),
      ...many(18, 'nonroot', 'secrets', 'high', 'pass'),
    ];
    expect(scoreResults(results).sections.secrets).toMatchObject({ score: 40, grade: 'F' });
    const fixed = results.map((x) => (x.checkId === 'etcd' ? { ...x, status: 'pass' as const } : x));
    expect(scoreResults(fixed).sections.secrets).toMatchObject({ uncappedScore: 96, score: 89, grade: 'B', cap: { severity: 'high', findings: 2 } });
    expect(SCORING_EXPLANATION).toContain('= 40 → F');
    expect(SCORING_EXPLANATION).toContain('= 96, capped at B (89) by 2 high findings');
  });

  it('rejects an unknown section', () => {
    expect(() => scoreResults([{ checkId: 'x', section: 'nope' as never, severity: 'low', status: 'pass' }])).toThrow(/unknown section/);
  });
});

describe('gradeFor', () => {
  it.each([
    [100, 'A'], [90, 'A'], [89, 'B'], [80, 'B'], [79, 'C'], [70, 'C'], [69, 'D'], [60, 'D'], [59, 'F'], [0, 'F'],
  ])('%i → %s', (score, grade) => expect(gradeFor(score)).toBe(grade));
  it('explains the weights', () => expect(SCORING_EXPLANATION).toMatch(/critical 10, high 7, medium 4, low 1, info 0/));
});
