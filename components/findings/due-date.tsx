import { Badge } from '@/components/ui';
import type { SlaStatus } from '@/lib/sla/policy';

/** A finding's remediation due date (YYYY-MM-DD, UTC) with an "Overdue" or "Due soon" badge; a dash when it is not tracked. */
export function DueDate({ dueAt, sla }: { dueAt: string | null; sla: SlaStatus | null }) {
  if (!dueAt) return <span className="text-muted">—</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      <time dateTime={dueAt} title={`Due ${dueAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`}>
        {dueAt.slice(0, 10)}
      </time>
      {sla === 'overdue' ? (
        <Badge tone="danger">Overdue</Badge>
      ) : sla === 'due-soon' ? (
        <Badge tone="warning">Due soon</Badge>
      ) : null}
    </span>
  );
}
