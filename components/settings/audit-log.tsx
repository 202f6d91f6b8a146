'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { History, X } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { formatTimestamp, RelativeTime } from '@/components/ui/relative-time';
import { Select } from '@/components/ui/select';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { apiFetch } from '@/lib/api-client';
import type { AuditEventView, AuditPage } from '@/lib/auth/audit-log';
import { auditDetailEntries } from './audit-details';

function actionTone(action: string): BadgeTone {
  if (/failed|denied|disabled|deleted|revoked/.test(action)) return 'danger';
  if (/created|enabled|signed_in/.test(action)) return 'success';
  if (/changed|reset|updated/.test(action)) return 'warning';
  return 'neutral';
}

function Details({ details }: { details: unknown }) {
  const entries = auditDetailEntries(details);
  if (entries.length === 0) return <span className="text-subtle">—</span>;
  return (
    <ul className="flex max-w-xs min-w-40 flex-wrap gap-x-3 gap-y-0.5 text-xs 2xl:max-w-sm">
      {entries.map((e) => (
        <li key={e.key} title={e.full}>
          <span className="text-muted">{e.label}</span> <span className="font-mono break-words text-foreground">{e.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** Settings → Audit log: filters, newest first, "Load older" paging. */
export function AuditLog({ actions }: { actions: string[] }) {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const deferredActor = useDeferredValue(actor.trim());

  const filters = { action, actor: deferredActor, from, to };
  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (action) params.set('action', action);
      if (deferredActor) params.set('actor', deferredActor);
      if (from) params.set('from', new Date(`${from}T00:00:00`).toISOString());
      if (to) params.set('to', new Date(`${to}T23:59:59.999`).toISOString());
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<AuditPage>(`/api/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events: AuditEventView[] = query.data?.pages.flatMap((p) => p.events) ?? [];
  const filtered = Boolean(action || actor || from || to);

  return (
    <Card>
      <CardHeader title="Audit log" id="audit-heading" description="Who did what, when and from where: sign-ins, user changes, cluster and scan actions. Times in UTC on hover." />
      <div className="space-y-4 p-4">
        <form className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end" onSubmit={(e) => e.preventDefault()} aria-label="Filter the audit log">
          <Field label="Action">
            {(props) => <Select {...props} value={action} onChange={(e) => setAction(e.target.value)} placeholder="All actions" options={actions.map((a) => ({ value: a, label: a }))} />}
          </Field>
          <Field label="Actor email contains">
            {(props) => <Input {...props} type="search" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="e.g. alice@" />}
          </Field>
          <Field label="From">{(props) => <Input {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
          <Field label="To">{(props) => <Input {...props} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
          <Button
            variant="ghost"
            disabled={!filtered}
            icon={<X className="size-4" aria-hidden="true" />}
            onClick={() => {
              setAction('');
              setActor('');
              setFrom('');
              setTo('');
            }}
          >
            Clear
          </Button>
        </form>

        {query.isPending ? (
          <LoadingRows rows={6} label="Loading audit events" />
        ) : query.isError ? (
          <ErrorState title="Could not load the audit log" error={query.error} action={<Button size="sm" variant="secondary" onClick={() => query.refetch()}>Retry</Button>} />
        ) : events.length === 0 ? (
          <EmptyState icon={<History className="size-5" />} title={filtered ? 'No events match these filters' : 'No events yet'} description={filtered ? 'Widen the time range or clear a filter.' : undefined} />
        ) : (
          <>
            <Table aria-labelledby="audit-heading">
              <TableCaption>Audit events, newest first</TableCaption>
              <THead>
                <tr>
                  <TH>When</TH>
                  <TH>Actor</TH>
                  <TH>Action</TH>
                  <TH>Details</TH>
                  <TH>Address</TH>
                </tr>
              </THead>
              <TBody>
                {events.map((e) => (
                  <TR key={e.id}>
                    <TD className="whitespace-nowrap text-sm">
                      <RelativeTime date={e.at} />
                      <p className="text-xs text-subtle">{formatTimestamp(new Date(e.at))}</p>
                    </TD>
                    <TD className="max-w-40 truncate text-sm" title={e.actorEmail ?? undefined}>{e.actorEmail ?? <span className="text-muted">system</span>}</TD>
                    <TD>
                      <Badge tone={actionTone(e.action)} className="font-mono">{e.action}</Badge>
                      {e.targetType ? (
                        <p className="mt-1 max-w-44 truncate text-xs text-muted" title={e.targetId ?? undefined}>
                          {e.targetType}
                          {e.targetName ? <span> {e.targetName}</span> : e.targetId ? <span className="font-mono"> {e.targetId}</span> : null}
                        </p>
                      ) : null}
                    </TD>
                    <TD><Details details={e.details} /></TD>
                    <TD className="font-mono text-xs whitespace-nowrap text-muted">{e.ip ?? '—'}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <div className="flex items-center justify-between text-sm text-muted">
              <span aria-live="polite">{events.length} event{events.length === 1 ? '' : 's'} shown</span>
              {query.hasNextPage ? (
                <Button variant="secondary" size="sm" loading={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                  Load older events
                </Button>
              ) : (
                <span>End of the log</span>
              )}
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
