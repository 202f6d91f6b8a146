/**
 * Ownership (lib/teams/ownership.ts) as WHERE clauses over findings, for the queries that depend on
 * a finding's owner (remediation due dates, lib/sla/where.ts). Every team scope rule, in the order resolveOwner ranks them (compareRules), with the
 * findings it matches (its area, lib/teams/area.ts): a finding's owner is the team of the first
 * rule that matches it. The Prisma and SQL forms are built from the same clauses and are exact
 * (never SQL NULL), so they stay exact under NOT.
 */
import { Prisma, type Db } from '@/lib/db';
import { areaOf, findingsInArea, findingsInAreaSql } from './area';
import { compareRules, type ScopeRule } from './ownership';
import { manifestIndexFor, namespaceIndexFor } from './scope';

export interface FindingCondition {
  where: Prisma.FindingWhereInput;
  sql: Prisma.Sql;
}

export interface OwnerRuleClause extends FindingCondition {
  rule: ScopeRule;
}

/** The rules in precedence order with the findings each matches; rules that match nothing are left out. */
export async function ownerRuleClauses(db: Db, rules: readonly ScopeRule[]): Promise<OwnerRuleClause[]> {
  const [namespaces, manifests] = await Promise.all([namespaceIndexFor(db, rules), manifestIndexFor(db, rules)]);
  return [...rules].sort(compareRules).flatMap((rule) => {
    const area = areaOf([rule], namespaces, manifests);
    return area.clauses.length ? [{ rule, where: findingsInArea(area), sql: findingsInAreaSql(area) }] : [];
  });
}

/** Two rules pinned to different clusters never match the same finding. */
const mayOverlap = (a: ScopeRule, b: ScopeRule) => a.clusterId === null || b.clusterId === null || a.clusterId === b.clusterId;

const or = (parts: FindingCondition[]): FindingCondition =>
  parts.length === 1 ? parts[0]! : { where: { OR: parts.map((p) => p.where) }, sql: Prisma.sql`(${Prisma.join(parts.map((p) => p.sql), ' OR ')})` };

/**
 * Findings by a property of their owning rule (its team, or that team's SLA days): for each key,
 * the findings whose first matching rule has that key. Findings owned through a rule of key
 * `fallback`, and unowned findings, fall under `fallback`. The conditions partition the findings.
 *
 * First matching rule i has key k  ⇔  some rule i of key k matches, and no earlier rule of another
 * key matches (an earlier rule of the same key gives the same key).
 */
export function ownerBuckets<K>(clauses: readonly OwnerRuleClause[], keyOf: (rule: ScopeRule) => K, fallback: K): Map<K, FindingCondition> {
  const keys = clauses.map((c) => keyOf(c.rule));
  const terms = new Map<K, FindingCondition[]>();
  clauses.forEach((c, i) => {
    const key = keys[i]!;
    if (key === fallback) return;
    const earlier = clauses.slice(0, i).filter((d, j) => keys[j] !== key && mayOverlap(c.rule, d.rule));
    const term: FindingCondition = earlier.length
      ? { where: { AND: [c.where, ...earlier.map((d) => ({ NOT: d.where }))] }, sql: Prisma.sql`(${c.sql} AND ${Prisma.join(earlier.map((d) => Prisma.sql`NOT ${d.sql}`), ' AND ')})` }
      : c;
    terms.set(key, [...(terms.get(key) ?? []), term]);
  });
  const out = new Map<K, FindingCondition>();
  for (const [key, list] of terms) out.set(key, or(list));
  const rest = [...out.values()];
  out.set(fallback, rest.length ? { where: { NOT: or(rest).where }, sql: Prisma.sql`NOT ${or(rest).sql}` } : { where: {}, sql: Prisma.sql`TRUE` });
  return out;
}
