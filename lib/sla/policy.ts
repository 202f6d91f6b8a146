/**
 * Remediation SLAs (pure; safe in client components): how many days a finding of each severity
 * may stay open, counted from when it was first seen. Info findings have no SLA.
 *
 * The instance policy applies to every finding; a team may override the days of some severities
 * for the findings it owns (lib/teams/ownership.ts), the others following the instance policy
 * (policyFor). Unowned findings follow the instance policy.
 *
 * A finding's due date is firstSeenAt + days(severity) of its owner's policy. It is "overdue" once
 * the due date has passed (the instant itself is exclusive: due at 12:00 means overdue from
 * 12:00:00.001) and "due soon" when the due date falls within the next DUE_SOON_DAYS. Only open
 * findings that no active exception covers are tracked: accepted risk is out of the SLA.
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

const daysSchema = (s: SlaSeverity) => z.number({ message: `${s}: give a number of days.` }).int(`${s}: whole days.`).min(1, `${s}: at least one day.`).max(MAX_SLA_DAYS, `${s}: at most ${MAX_SLA_DAYS} days.`);

export const slaPolicySchema = z.object(Object.fromEntries(SLA_SEVERITIES.map((s) => [s, daysSchema(s)])) as Record<SlaSeverity, z.ZodNumber>);

/** A team's own days for some severities; a severity left out follows the instance policy. */
export type SlaOverrides = Partial<SlaPolicy>;

/** A team's overrides as sent: days per severity, or null (or absent) to follow the instance policy (overridesOf drops those). */
export const slaOverridesSchema = z.object(Object.fromEntries(SLA_SEVERITIES.map((s) => [s, daysSchema(s).nullable().optional()])) as Record<SlaSeverity, z.ZodOptional<z.ZodNullable<z.ZodNumber>>>);

/** Days per severity out of a stored or parsed value (a setting, Team.slaOverrides): what is not a valid number of days is left out, so a bad row never breaks a due date. */
export function overridesOf(value: unknown): SlaOverrides {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: SlaOverrides = {};
  for (const s of SLA_SEVERITIES) {
    const days = daysSchema(s).safeParse((value as Record<string, unknown>)[s]);
    if (days.success) out[s] = days.data;
  }
  return out;
}

/** The instance policy and the teams' overrides: everything a due date depends on besides the finding and its owner. */
export interface SlaPolicies {
  global: SlaPolicy;
  /** Team id → the severities it overrides (only teams that override something). */
  teams: Readonly<Record<string, SlaOverrides>>;
}

/** The policies when no team overrides anything. */
export const instanceOnly = (global: SlaPolicy): SlaPolicies => ({ global, teams: {} });

/** The policy of the findings a team owns (null: unowned): its overrides over the instance policy. */
export function policyFor(policies: SlaPolicies, teamId: string | null): SlaPolicy {
  const own = teamId ? policies.teams[teamId] : undefined;
  return own ? { ...policies.global, ...own } : policies.global;
}

/** Whether some team's days differ from the instance policy (only then does a due date depend on the owner). */
export function hasTeamOverrides(policies: SlaPolicies): boolean {
  return Object.values(policies.teams).some((o) => SLA_SEVERITIES.some((s) => o[s] !== undefined && o[s] !== policies.global[s]));
}

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

/** Bounds on an instant, each optional (a Prisma DateTime filter has the same shape). */
export interface InstantRange {
  gte?: Date;
  gt?: Date;
  lt?: Date;
  lte?: Date;
}

/** The due dates of an SLA state at `now`: overdue is due < now; due soon is now ≤ due ≤ now + DUE_SOON_DAYS (slaStatus). */
export function dueRangeOf(filter: SlaFilter, now: Date): InstantRange {
  return filter === 'overdue' ? { lt: now } : { gte: now, lte: new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS) };
}

/** The first-seen instants whose due date (first seen + `days`) falls in `due`: what the SQL forms compare. */
export function firstSeenRange(due: InstantRange, days: number): InstantRange {
  const shift = (d: Date | undefined) => (d ? new Date(d.getTime() - days * DAY_MS) : undefined);
  const out: InstantRange = {};
  for (const k of ['gte', 'gt', 'lt', 'lte'] as const) if (due[k]) out[k] = shift(due[k]);
  return out;
}

export interface FindingDue {
  /** ISO instant the finding is due; null when it is not tracked (resolved, excepted, or a severity without an SLA). */
  dueAt: string | null;
  sla: SlaStatus | null;
}

/** What findingDue needs to know about a finding. */
export interface DueInput {
  severity: Severity | string;
  firstSeenAt: Date;
  /** Open and no active exception covers it. */
  tracked: boolean;
  /** The owning team (lib/teams/ownership.ts); null: unowned. */
  owner: { teamId: string } | null;
}

/**
 * The due date and SLA state of one finding as every surface shows it (browser rows, detail page,
 * exports, digests, alerts, webhooks): its owner's policy; only open findings no active exception
 * covers are tracked. The SQL forms (lib/sla/where.ts) select the same findings.
 */
export function findingDue(f: DueInput, policies: SlaPolicies, now: Date): FindingDue {
  const due = f.tracked ? dueAt(f.firstSeenAt, f.severity, policyFor(policies, f.owner?.teamId ?? null)) : null;
  return { dueAt: due?.toISOString() ?? null, sla: slaStatus(due, now) };
}
