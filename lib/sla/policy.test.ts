import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_DAYS, dueAt, findingDue, slaCutoffs, slaPolicySchema, slaStatus } from './policy';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00.000Z');

describe('remediation SLAs', () => {
  it('due date = first seen + the days of the severity; info has none', () => {
    const first = new Date('2026-12-01T00:00:00.000Z');
    expect(dueAt(first, 'critical', DEFAULT_SLA_DAYS)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(dueAt(first, 'high', DEFAULT_SLA_DAYS)?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(dueAt(first, 'low', { ...DEFAULT_SLA_DAYS, low: 1 })?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(dueAt(first, 'info', DEFAULT_SLA_DAYS)).toBeNull();
  });

  it('overdue once the due instant has passed, due soon within a week, else within', () => {
    expect(slaStatus(new Date(now.getTime() - 1), now)).toBe('overdue');
    expect(slaStatus(now, now)).toBe('due-soon');
    expect(slaStatus(new Date(now.getTime() + 7 * DAY), now)).toBe('due-soon');
    expect(slaStatus(new Date(now.getTime() + 7 * DAY + 1), now)).toBe('within');
    expect(slaStatus(null, now)).toBeNull();
  });

  it('the cutoffs the SQL filter uses agree with slaStatus at every boundary', () => {
    for (const c of slaCutoffs(DEFAULT_SLA_DAYS, now)) {
      const state = (first: Date) => slaStatus(dueAt(first, c.severity, DEFAULT_SLA_DAYS), now);
      expect(state(new Date(c.overdue.getTime() - 1))).toBe('overdue');
      expect(state(c.overdue)).toBe('due-soon');
      expect(state(new Date(c.dueSoon.getTime() - 1))).toBe('due-soon');
      expect(state(c.dueSoon)).toBe('within');
    }
  });

  it('a policy gives whole days between 1 and 3650 for each severity', () => {
    expect(slaPolicySchema.safeParse(DEFAULT_SLA_DAYS).success).toBe(true);
    expect(slaPolicySchema.safeParse({ ...DEFAULT_SLA_DAYS, critical: 0 }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ ...DEFAULT_SLA_DAYS, high: 1.5 }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ critical: 7 }).success).toBe(false);
  });

  it('findingDue: what every surface shows — tracked findings get the due date and state, others nothing', () => {
    const firstSeenAt = new Date(now.getTime() - 8 * DAY);
    expect(findingDue({ severity: 'critical', firstSeenAt, tracked: true }, DEFAULT_SLA_DAYS, now)).toEqual({ dueAt: new Date(now.getTime() - DAY).toISOString(), sla: 'overdue' });
    expect(findingDue({ severity: 'high', firstSeenAt, tracked: true }, DEFAULT_SLA_DAYS, now)).toEqual({ dueAt: new Date(now.getTime() + 22 * DAY).toISOString(), sla: 'within' });
    expect(findingDue({ severity: 'critical', firstSeenAt, tracked: false }, DEFAULT_SLA_DAYS, now)).toEqual({ dueAt: null, sla: null });
    expect(findingDue({ severity: 'info', firstSeenAt, tracked: true }, DEFAULT_SLA_DAYS, now)).toEqual({ dueAt: null, sla: null });
  });
});
