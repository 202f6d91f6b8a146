/**
 * SQL forms of due dates (lib/sla/policy.ts): which findings have their due date in a range, e.g.
 * overdue or due soon at `now`, in Prisma and raw SQL form. A finding's days come from its owning
 * team's policy; when no team overrides anything the condition is a plain severity and first-seen
 * range, otherwise, per severity, one range per group of owners with the same days
 * (lib/teams/owner-where.ts ownerBuckets). Rows computed with findingDue agree
 * (tests/sla/team-sla.test.ts).
 */
import { Prisma } from '@/lib/db';
import { ownerBuckets, type FindingCondition, type OwnerRuleClause } from '@/lib/teams/owner-where';
import { dueRangeOf, firstSeenRange, policyFor, SLA_SEVERITIES, type InstantRange, type SlaFilter, type SlaPolicies, type SlaSeverity } from './policy';

/** The policies and, when some team overrides them, the ownership rules (lib/sla/settings.ts loadSlaRules). */
export interface SlaRules {
  policies: SlaPolicies;
  /** Empty when no team's days differ from the instance policy. */
  owners: OwnerRuleClause[];
}

interface Part {
  severity: SlaSeverity;
  days: number;
  /** null: every finding of the severity. */
  owner: FindingCondition | null;
}

/** Per severity, the findings that have the same days (one part per distinct number of days). */
function parts(rules: SlaRules): Part[] {
  return SLA_SEVERITIES.flatMap((severity): Part[] => {
    const fallback = rules.policies.global[severity];
    const buckets = ownerBuckets(rules.owners, (rule) => policyFor(rules.policies, rule.teamId)[severity], fallback);
    if (buckets.size === 1) return [{ severity, days: fallback, owner: null }];
    return [...buckets].map(([days, owner]) => ({ severity, days, owner }));
  });
}

const OPS = { gte: '>=', gt: '>', lt: '<', lte: '<=' } as const;

/** `column` within `range`, in SQL. */
export function rangeSql(column: Prisma.Sql, range: InstantRange): Prisma.Sql {
  const parts = (Object.keys(OPS) as Array<keyof typeof OPS>).filter((k) => range[k]).map((k) => Prisma.sql`${column} ${Prisma.raw(OPS[k])} ${range[k]}`);
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

/** Findings whose due date falls in `due` (any status: callers add "open, not excepted"). */
export function dueWhere(rules: SlaRules, due: InstantRange): Prisma.FindingWhereInput {
  return {
    OR: parts(rules).map((p) => {
      const own: Prisma.FindingWhereInput = { severity: p.severity, firstSeenAt: firstSeenRange(due, p.days) };
      return p.owner ? { AND: [own, p.owner.where] } : own;
    }),
  };
}

/** dueWhere over `findings f`, for raw SQL. */
export function dueSql(rules: SlaRules, due: InstantRange): Prisma.Sql {
  const terms = parts(rules).map(
    (p) => Prisma.sql`(f.severity::text = ${p.severity} AND ${rangeSql(Prisma.sql`f.first_seen_at`, firstSeenRange(due, p.days))}${p.owner ? Prisma.sql` AND ${p.owner.sql}` : Prisma.empty})`,
  );
  return Prisma.sql`(${Prisma.join(terms, ' OR ')})`;
}

/** Open findings in an SLA state at `now` are those whose due date is in its range (callers add "open, not excepted"). */
export function slaWhere(filter: SlaFilter, rules: SlaRules, now: Date): Prisma.FindingWhereInput {
  return dueWhere(rules, dueRangeOf(filter, now));
}

/** slaWhere over `findings f`, for raw SQL (the planner's estimate of the browser's total, SLA numbers per team). */
export function slaSql(filter: SlaFilter, rules: SlaRules, now: Date): Prisma.Sql {
  return dueSql(rules, dueRangeOf(filter, now));
}
