import type { Severity } from '@/components/ui';
import { SEVERITIES } from '@/lib/vocabulary';

/** Static class names (Tailwind only generates classes it can see in full). */
export const SEVERITY_PILL: Record<Severity, string> = {
  critical: 'bg-severity-critical/10 text-severity-critical',
  high: 'bg-severity-high/10 text-severity-high',
  medium: 'bg-severity-medium/10 text-severity-medium',
  low: 'bg-severity-low/10 text-severity-low',
  info: 'bg-severity-info/10 text-severity-info',
};

/** "3 critical 2 high …" pills; nothing for zero counts. */
export function SeverityCounts({ counts, empty = '—' }: { counts: Record<Severity, number>; empty?: string }) {
  const present = SEVERITIES.filter((s) => counts[s]);
  if (!present.length) return <span className="text-xs text-muted">{empty}</span>;
  return (
    <div className="flex flex-wrap gap-1.5 text-xs">
      {present.map((s) => (
        <span key={s} className={`rounded px-1.5 py-0.5 font-medium tabular-nums ${SEVERITY_PILL[s]}`}>
          {counts[s]} {s}
        </span>
      ))}
    </div>
  );
}
