/**
 * Remediation SLAs (pure; safe in client components): how many days a finding of each severity
 * may stay open, counted from when it was first seen. Info findings have no SLA.
 *
 * A finding's due date is firstSeenAt + days(severity). It is "overdue" once the due date has
 * passed (the instant itself is exclusive: due at 12:00 means overdue from 12:00:00.001) and
 * "due soon" when the due date falls within the next DUE_SOON_DAYS. Only open findings that no
 * active exception covers are tracked: accepted risk is out of the SLA.
 */
import { z } from 'zod';
import type { Severity } from '@/lib/checks/types';

export const SLA_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type SlaSeverity = (typeof SLA_SEVERITIES)[number];
export type SlaPolicy = Record<SlaSeverity, number>;

export const DEFAULT_SLA_DAYS: SlaPolicy = { critical: 7, high: 30, medium: 90, low: 180 };
export const DUE_SOON_DAYS = 7;
export const MAX_SLA_DAYS = 3650;
const DAY_MS = 86_400_000;

export type SlaStatus = 'overdue' | 'due-soon' | 'within';
export const SLA_FILTERS = ['overdue', 'due-soon'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

export const slaPolicySchema = z.object(
  Object.fromEntries(
    SLA_SEVERITIES.map((s) => [s, z.number({ message: `${s}: give a number of days.` }).int(`${s}: whole days.`).min(1, `${s}: at least one day.`).max(MAX_SLA_DAYS, `${s}: at most ${MAX_SLA_DAYS} days.`)]),
  ) as Record<SlaSeverity, z.ZodNumber>,
);

export function hasSla(severity: Severity | string): severity is SlaSeverity {
  return (SLA_SEVERITIES as readonly string[]).includes(severity);
}

/** When a finding of `severity` first seen at `firstSeenAt` is due; null when its severity has no SLA. */
export function dueAt(firstSeenAt: Date, severity: Severity | string, policy: SlaPolicy): Date | null {
  return hasSla(severity) ? new Date(firstSeenAt.getTime() + policy[severity] * DAY_MS) : null;
}

export function slaStatus(due: Date | null, now: Date): SlaStatus | null {
  if (!due) return null;
  if (due.getTime() < now.getTime()) return 'overdue';
  if (due.getTime() <= now.getTime() + DUE_SOON_DAYS * DAY_MS) return 'due-soon';
  return 'within';
}

/**
 * Per severity, the first-seen instants that make a finding overdue (first seen before `overdue`)
 * or due soon (first seen at or after `overdue` and before `dueSoon`): what the SQL filters use.
 */
export function slaCutoffs(policy: SlaPolicy, now: Date): Array<{ severity: SlaSeverity; overdue: Date; dueSoon: Date }> {
  return SLA_SEVERITIES.map((severity) => ({
    severity,
    overdue: new Date(now.getTime() - policy[severity] * DAY_MS),
    dueSoon: new Date(now.getTime() - policy[severity] * DAY_MS + DUE_SOON_DAYS * DAY_MS + 1),
  }));
}

export interface FindingDue {
  /** ISO instant the finding is due; null when it is not tracked (resolved, excepted, or a severity without an SLA). */
  dueAt: string | null;
  sla: SlaStatus | null;
}

/**
 * The due date and SLA state of one finding as every surface shows it (browser rows, detail page,
 * exports, digests, webhooks): only open findings no active exception covers are tracked.
 */
export function findingDue(f: { severity: Severity | string; firstSeenAt: Date; tracked: boolean }, policy: SlaPolicy, now: Date): FindingDue {
  const due = f.tracked ? dueAt(f.firstSeenAt, f.severity, policy) : null;
  return { dueAt: due?.toISOString() ?? null, sla: slaStatus(due, now) };
}
