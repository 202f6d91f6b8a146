/** The compliance headline: percentage, control counts, the formula and the trend. Server component. */
import Link from 'next/link';
import { Sparkline } from '@/components/charts/sparkline';
import { Stat } from '@/components/ui';
import { FRAMEWORKS } from '@/lib/frameworks';
import { COMPLIANCE_FORMULA, type FrameworkSummary } from '@/lib/frameworks/evaluate';

export function FrameworkTabs({ current, base }: { current: string; base: string }) {
  return (
    <nav aria-label="Framework" className="mb-4 flex flex-wrap gap-1 rounded-lg border border-border bg-surface p-1 text-sm">
      {FRAMEWORKS.map((f) => (
        <Link
          key={f.id}
          href={`${base}?framework=${f.id}`}
          aria-current={f.id === current ? 'page' : undefined}
          className={f.id === current ? 'rounded-md bg-accent-soft px-3 py-1.5 font-medium text-accent' : 'rounded-md px-3 py-1.5 text-muted hover:bg-surface-muted hover:text-foreground'}
        >
          {f.name}
        </Link>
      ))}
    </nav>
  );
}

export function ComplianceSummary({ summary, trend, percentNote }: { summary: FrameworkSummary; trend: Array<{ at: string; percent: number | null }>; percentNote?: string }) {
  const points = trend.filter((p): p is { at: string; percent: number } => p.percent !== null).map((p) => ({ at: p.at, score: p.percent }));
  return (
    <section aria-label="Compliance summary" className="mb-6 space-y-4">
        <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Compliance" value={<span data-testid="compliance-percent">{summary.percent === null ? '—' : `${summary.percent} %`}</span>} />
          <Stat label="Passed" value={summary.passed} />
          <Stat label="Failed" value={summary.failed} />
          <Stat label="Excepted" value={summary.excepted} />
          <Stat label="Not assessed" value={summary.notAssessed} />
          <Stat label="Manual (attested)" value={`${summary.manual} (${summary.attested})`} />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Sparkline points={points} width={240} height={40} label="Compliance over time" />
          <p className="max-w-3xl text-xs text-muted">
            {COMPLIANCE_FORMULA}
            {percentNote ? ` ${percentNote}` : ''}
          </p>
        </div>
    </section>
  );
}
