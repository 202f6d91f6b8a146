import { describe, expect, it } from 'vitest';
import { compareSeverity, GRADES, isSeverity, SEVERITIES, severityRank, severityTotal, worseSeverity, worstCounted, worstSeverity, zeroSeverityCounts } from './vocabulary';

describe('shared vocabulary', () => {
  it('orders severities worst first, unknown ones last', () => {
    expect(['info', 'critical', 'low', 'bogus', 'high', 'medium'].sort(compareSeverity)).toEqual(['critical', 'high', 'medium', 'low', 'info', 'bogus']);
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3, 4]);
    expect(severityRank('toString')).toBe(SEVERITIES.length);
  });

  it('finds the worst severity, skipping missing ones', () => {
    expect(worstSeverity(['low', undefined, 'high', 'medium'])).toBe('high');
    expect(worstSeverity(new Set(['info'] as const))).toBe('info');
    expect(worstSeverity([])).toBeUndefined();
  });

  it('counts per severity: zero, total, the worst counted, the worse of two', () => {
    const counts = { ...zeroSeverityCounts(), high: 2, low: 3 };
    expect(severityTotal(counts)).toBe(5);
    expect(worstCounted(counts)).toBe('high');
    expect(worstCounted(zeroSeverityCounts())).toBeUndefined();
    expect(zeroSeverityCounts()).not.toBe(zeroSeverityCounts());
    expect([worseSeverity('low', 'critical'), worseSeverity('medium', 'medium'), worseSeverity('high', 'info')]).toEqual(['critical', 'medium', 'high']);
  });

  it('recognises severities and lists grades best first', () => {
    expect(isSeverity('critical')).toBe(true);
    expect(isSeverity('constructor')).toBe(false);
    expect(GRADES).toEqual(['A', 'B', 'C', 'D', 'F']);
  });
});
