import { describe, expect, it } from 'vitest';
import { describeSchedule, nextRunAfter, ScheduleError } from './schedule';

describe('describeSchedule', () => {
  it('describes a daily schedule in words and lists the next runs in its time zone', () => {
    const d = describeSchedule('0 3 * * *', 'Europe/Berlin', { from: new Date('2026-11-27T00:00:00Z'), count: 3 });
    expect(d.text).toBe('At 03:00 (Europe/Berlin)');
    expect(d.next.map((x) => x.toISOString())).toEqual(['2026-11-27T02:00:00.000Z', '2026-11-28T02:00:00.000Z', '2026-11-29T02:00:00.000Z']);
  });

  it('follows daylight-saving changes', () => {
    const d = describeSchedule('30 2 * * 0', 'America/New_York', { from: new Date('2026-03-01T00:00:00Z'), count: 3 });
    // 1 March: EST (UTC−5); 15 March: EDT (UTC−4). (8 March 02:30 does not exist locally.)
    expect(d.next[0]!.toISOString()).toBe('2026-03-01T07:30:00.000Z');
    expect(d.next[2]!.toISOString()).toBe('2026-03-15T06:30:00.000Z');
    expect(d.text).toMatch(/Sunday/);
  });

  it('rejects what is not a five-field cron expression or not a time zone, saying why', () => {
    expect(() => describeSchedule('0 3 * *', 'UTC')).toThrow(ScheduleError);
    expect(() => describeSchedule('0 3 * *', 'UTC')).toThrow(/five fields/);
    expect(() => describeSchedule('61 3 * * *', 'UTC')).toThrow(/not a valid cron expression/);
    expect(() => describeSchedule('0 3 * * *', 'Mars/Olympus')).toThrow(/not a time zone/);
  });
});

describe('nextRunAfter', () => {
  it('is strictly after the reference time', () => {
    expect(nextRunAfter('*/15 * * * *', 'UTC', new Date('2026-11-27T10:15:00Z'))?.toISOString()).toBe('2026-11-27T10:30:00.000Z');
    expect(nextRunAfter('*/15 * * * *', 'UTC', new Date('2026-11-27T10:14:59Z'))?.toISOString()).toBe('2026-11-27T10:15:00.000Z');
  });
});
