import { describe, expect, it } from 'vitest';
import { timeAxis } from './time-axis';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const to = new Date('2026-12-07T12:00:00Z');

describe('timeAxis', () => {
  it('fits the ticks to the range: 7 days and 1 year look different', () => {
    const week = timeAxis(new Date(to.getTime() - 7 * DAY), to);
    const year = timeAxis(new Date(to.getTime() - 365 * DAY), to);
    expect(week.ticks.length).toBeGreaterThan(2);
    expect(year.ticks.length).toBeGreaterThan(2);
    for (const a of [week, year]) expect(a.ticks.length).toBeLessThanOrEqual(8);
    // Ticks are a day apart or more in a week, about a month or more in a year.
    expect(week.ticks[1]! - week.ticks[0]!).toBeGreaterThanOrEqual(DAY - HOUR);
    expect(year.ticks[1]! - year.ticks[0]!).toBeGreaterThanOrEqual(28 * DAY);
    expect(new Set(year.ticks.map(year.format)).size).toBe(year.ticks.length);
  });

  it('ticks stay inside the window and the domain is the window', () => {
    const from = new Date(to.getTime() - 30 * DAY);
    const a = timeAxis(from, to);
    expect(a.domain).toEqual([from.getTime(), to.getTime()]);
    for (const t of a.ticks) expect(t >= from.getTime() && t <= to.getTime()).toBe(true);
  });

  it('a few hours get hourly ticks', () => {
    const a = timeAxis(new Date(to.getTime() - 5 * HOUR), to);
    expect(a.ticks[1]! - a.ticks[0]!).toBe(HOUR);
  });
});
