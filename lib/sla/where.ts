/** SQL forms of the SLA states (lib/sla/policy.ts): which findings are overdue or due soon at `now`. */
import { Prisma } from '@/lib/db';
import { slaCutoffs, type SlaFilter, type SlaPolicy } from './policy';

export function slaWhere(filter: SlaFilter, policy: SlaPolicy, now: Date): Prisma.FindingWhereInput {
  return {
    OR: slaCutoffs(policy, now).map((c) =>
      filter === 'overdue' ? { severity: c.severity, firstSeenAt: { lt: c.overdue } } : { severity: c.severity, firstSeenAt: { gte: c.overdue, lt: c.dueSoon } },
    ),
  };
}

/** slaWhere over `findings f`, for raw SQL (the planner's estimate of the browser's total). */
export function slaSql(filter: SlaFilter, policy: SlaPolicy, now: Date): Prisma.Sql {
  const parts = slaCutoffs(policy, now).map((c) =>
    filter === 'overdue'
      ? Prisma.sql`(f.severity::text = ${c.severity} AND f.first_seen_at < ${c.overdue})`
      : Prisma.sql`(f.severity::text = ${c.severity} AND f.first_seen_at >= ${c.overdue} AND f.first_seen_at < ${c.dueSoon})`,
  );
  return Prisma.sql`(${Prisma.join(parts, ' OR ')})`;
}
