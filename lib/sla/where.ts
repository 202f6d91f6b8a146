/** SQL form of the SLA states (lib/sla/policy.ts): which findings are overdue or due soon at `now`. */
import type { Prisma } from '@/lib/db';
import { slaCutoffs, type SlaFilter, type SlaPolicy } from './policy';

export function slaWhere(filter: SlaFilter, policy: SlaPolicy, now: Date): Prisma.FindingWhereInput {
  return {
    OR: slaCutoffs(policy, now).map((c) =>
      filter === 'overdue' ? { severity: c.severity, firstSeenAt: { lt: c.overdue } } : { severity: c.severity, firstSeenAt: { gte: c.overdue, lt: c.dueSoon } },
    ),
  };
}
