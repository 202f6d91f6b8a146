import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_DAYS, dueAt, dueRangeOf, findingDue, firstSeenRange, hasTeamOverrides, instanceOnly, overridesOf, policyFor, SLA_SEVERITIES, slaOverridesSchema, slaPolicySchema, slaStatus, type SlaPolicies } from './policy';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00.000Z');
const INSTANCE = instanceOnly(DEFAULT_SLA_DAYS);

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

  it('the first-seen ranges the SQL forms use agree with slaStatus at every boundary', () => {
    for (const severity of SLA_SEVERITIES) {
      const days = DEFAULT_SLA_DAYS[severity];
      const state = (first: Date) => slaStatus(dueAt(first, severity, DEFAULT_SLA_DAYS), now);
      const overdue = firstSeenRange(dueRangeOf('overdue', now), days);
      const soon = firstSeenRange(dueRangeOf('due-soon', now), days);
      expect(overdue.gte ?? overdue.gt ?? overdue.lte).toBeUndefined();
      expect(state(new Date(overdue.lt!.getTime() - 1))).toBe('overdue');
      expect(state(overdue.lt!)).toBe('due-soon');
      expect(soon.gte).toEqual(overdue.lt);
      expect(state(soon.lte!)).toBe('due-soon');
      expect(state(new Date(soon.lte!.getTime() + 1))).toBe('within');
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
    expect(findingDue({ severity: 'critical', firstSeenAt, tracked: true, owner: null }, INSTANCE, now)).toEqual({ dueAt: new Date(now.getTime() - DAY).toISOString(), sla: 'overdue' });
    expect(findingDue({ severity: 'high', firstSeenAt, tracked: true, owner: null }, INSTANCE, now)).toEqual({ dueAt: new Date(now.getTime() + 22 * DAY).toISOString(), sla: 'within' });
    expect(findingDue({ severity: 'critical', firstSeenAt, tracked: false, owner: null }, INSTANCE, now)).toEqual({ dueAt: null, sla: null });
    expect(findingDue({ severity: 'info', firstSeenAt, tracked: true, owner: null }, INSTANCE, now)).toEqual({ dueAt: null, sla: null });
  });
});

describe('team SLA overrides', () => {
  const policies: SlaPolicies = { global: { ...DEFAULT_SLA_DAYS, high: 20 }, teams: { payments: { critical: 2, medium: 30 }, idle: {} } };

  it('a team policy is its overrides over the instance policy; unowned and teams without overrides follow the instance', () => {
    expect(policyFor(policies, 'payments')).toEqual({ critical: 2, high: 20, medium: 30, low: 180 });
    expect(policyFor(policies, 'idle')).toEqual(policies.global);
    expect(policyFor(policies, 'unknown-team')).toEqual(policies.global);
    expect(policyFor(policies, null)).toEqual(policies.global);
  });

  it("findingDue counts from first seen with the owning team's days", () => {
    const firstSeenAt = new Date(now.getTime() - 3 * DAY);
    const due = (owner: { teamId: string } | null, severity = 'critical') => findingDue({ severity, firstSeenAt, tracked: true, owner }, policies, now);
    expect(due({ teamId: 'payments' })).toEqual({ dueAt: new Date(now.getTime() - DAY).toISOString(), sla: 'overdue' });
    expect(due(null)).toEqual({ dueAt: new Date(now.getTime() + 4 * DAY).toISOString(), sla: 'due-soon' });
    expect(due({ teamId: 'payments' }, 'high')).toEqual({ dueAt: new Date(now.getTime() + 17 * DAY).toISOString(), sla: 'within' });
    expect(due({ teamId: 'payments' }, 'info')).toEqual({ dueAt: null, sla: null });
  });

  it('only days that differ from the instance policy make due dates depend on the owner', () => {
    expect(hasTeamOverrides(policies)).toBe(true);
    expect(hasTeamOverrides({ global: DEFAULT_SLA_DAYS, teams: { a: {}, b: { high: DEFAULT_SLA_DAYS.high } } })).toBe(false);
    expect(hasTeamOverrides(INSTANCE)).toBe(false);
  });

  it('overrides as sent: days or null per severity; stored values that are not days are ignored', () => {
    expect(slaOverridesSchema.safeParse({ critical: 3, high: null }).success).toBe(true);
    expect(slaOverridesSchema.safeParse({}).success).toBe(true);
    for (const bad of [{ critical: 0 }, { high: 2.5 }, { medium: '30' }, { low: 4000 }]) expect(slaOverridesSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(overridesOf({ critical: 3, high: null })).toEqual({ critical: 3 });
    expect(overridesOf({ critical: 0, high: 'x', medium: 45, extra: 1 })).toEqual({ medium: 45 });
    expect(overridesOf(null)).toEqual({});
    expect(overridesOf([1, 2])).toEqual({});
  });
});
