/** Settings → Exceptions: the stale-exception report (lib/exceptions/stale.ts), four short lists. */
import { Card, CardBody, CardHeader, RelativeTime } from '@/components/ui';
import type { ExceptionDto } from '@/lib/exceptions/dto';
import type { StaleExceptionReport, StaleList } from '@/lib/exceptions/stale';
import { formatCount } from '@/lib/format';

function what(e: ExceptionDto): string {
  const check = e.checkTitle ?? e.checkId ?? 'any check';
  if (e.scope === 'finding' && e.finding) return `${check} on ${e.finding.resourceKind} ${e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}${e.finding.resourceName}`;
  return `${check}${e.namespacePattern ? ` in ${e.namespacePattern}` : ''}`;
}

function Section({ title, hint, list, date }: { title: string; hint: string; list: StaleList; date: (e: ExceptionDto) => React.ReactNode }) {
  return (
    <section aria-label={title}>
      <h3 className="text-sm font-semibold">
        {title}: {formatCount(list.count)}
      </h3>
      <p className="text-xs text-muted">{hint}</p>
      {list.exceptions.length ? (
        <ul className="mt-1 space-y-1 text-sm">
          {list.exceptions.slice(0, 10).map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2">
              <span className="font-medium">{what(e)}</span>
              {e.cluster ? <span className="text-muted">({e.cluster.name})</span> : null}
              <span className="text-xs text-muted">{date(e)}</span>
            </li>
          ))}
          {list.count > 10 ? <li className="text-xs text-muted">…and {formatCount(list.count - 10)} more (GET /api/exceptions/stale)</li> : null}
        </ul>
      ) : null}
    </section>
  );
}

export function StaleExceptionReportCard({ report }: { report: StaleExceptionReport }) {
  return (
    <Card>
      <CardHeader title="Stale exceptions" description="Accepted risks and requests that need a decision." />
      <CardBody className="grid gap-4 md:grid-cols-2">
        <Section title="Covering nothing" hint="Active, but no open finding is under them any more: revoke them." list={report.unused} date={(e) => <>approved {e.decidedAt ? <RelativeTime date={e.decidedAt} /> : '—'}</>} />
        <Section title="Waiting over a week" hint="Requests nobody has approved or rejected." list={report.pending} date={(e) => <>requested <RelativeTime date={e.createdAt} /></>} />
        <Section title="Expiring within two weeks" hint="Renew them or fix the findings; reminders go out 14 and 3 days before." list={report.expiringSoon} date={(e) => <>expires {e.expiresAt ? <RelativeTime date={e.expiresAt} /> : '—'}</>} />
        <Section title="Open-ended for half a year" hint="No expiry, approved over 180 days ago: review them." list={report.openEnded} date={(e) => <>since <RelativeTime date={e.decidedAt ?? e.createdAt} /></>} />
      </CardBody>
    </Card>
  );
}
