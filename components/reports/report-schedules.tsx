'use client';

/** Scheduled reports: weekly / monthly PDF per cluster or for the fleet, delivered to a webhook as a download link. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button, Card, CardBody, CardHeader, EmptyState, ErrorState, Field, Input, RelativeTime, Select, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { ApiError, apiFetch } from '@/lib/api-client';
import { describeReportScope } from '@/lib/reports/params';
import type { ReportScheduleDto } from '@/lib/reports/service';

export function ReportSchedules({
  initial,
  clusters,
  webhooks,
  teamScoped = false,
}: {
  initial: ReportScheduleDto[];
  clusters: Array<{ id: string; name: string }>;
  webhooks: Array<{ id: string; name: string }>;
  /** A team member: their schedules report on their teams' clusters and namespaces only. */
  teamScoped?: boolean;
}) {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['report-schedules'], queryFn: async () => (await apiFetch<{ schedules: ReportScheduleDto[] }>('/api/reports/schedules')).schedules, initialData: initial });
  const [name, setName] = useState('');
  const [frequency, setFrequency] = useState<'weekly' | 'monthly'>('weekly');
  const [cluster, setCluster] = useState('');
  const [webhookId, setWebhookId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      apiFetch('/api/reports/schedules', { method: 'POST', body: { name, frequency, params: cluster ? { clusters: [cluster] } : {}, webhookId: webhookId || null } }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['report-schedules'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/reports/schedules/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['report-schedules'] }),
  });
  const clusterName = (id: string) => clusters.find((c) => c.id === id)?.name ?? id;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <Card>
      <CardHeader
        title="Scheduled reports"
        description={
          teamScoped
            ? "A PDF of your teams' clusters and namespaces every week (Mondays 06:00) or month (the 1st, 06:00). With your team's webhook, each report is announced with its download link (event report.ready)."
            : 'A PDF every week (Mondays 06:00) or month (the 1st, 06:00), per cluster or for the fleet. With a webhook, each report is announced with its download link (event report.ready).'
        }
      />
      <CardBody className="space-y-4">
        <form onSubmit={submit} className="grid items-end gap-3 sm:grid-cols-5" aria-label="Schedule a report">
          <Field label="Name">{(p) => <Input {...p} required value={name} onChange={(e) => setName(e.target.value)} placeholder="Weekly prod report" />}</Field>
          <Field label="Every">
            {(p) => (
              <Select {...p} value={frequency} onChange={(e) => setFrequency(e.target.value as 'weekly' | 'monthly')} options={[{ value: 'weekly', label: 'Week' }, { value: 'monthly', label: 'Month' }]} />
            )}
          </Field>
          <Field label="Cluster">{(p) => <Select {...p} value={cluster} onChange={(e) => setCluster(e.target.value)} placeholder={teamScoped ? 'All of your teams' : 'Whole fleet'} options={clusters.map((c) => ({ value: c.id, label: c.name }))} />}</Field>
          <Field label="Deliver to webhook">
            {(p) => <Select {...p} value={webhookId} onChange={(e) => setWebhookId(e.target.value)} placeholder="No delivery (list only)" options={webhooks.map((w) => ({ value: w.id, label: w.name }))} />}
          </Field>
          <Button type="submit" loading={create.isPending} variant="secondary">
            Add schedule
          </Button>
        </form>
        {create.error ? <p role="alert" className="text-sm font-medium text-danger">{create.error instanceof ApiError ? create.error.message : 'Could not create the schedule.'}</p> : null}
        {q.error ? <ErrorState title="Could not load schedules" error={q.error} /> : null}
        {(q.data ?? []).length === 0 ? (
          <EmptyState title="No scheduled reports" description="Add one above to get a report every week or month." />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Every</TH>
                <TH>Scope</TH>
                <TH>Webhook</TH>
                <TH>Last run</TH>
                <TH>Next run</TH>
                <TH>
                  <span className="sr-only">Delete</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {(q.data ?? []).map((s) => (
                <TR key={s.id}>
                  <TD className="font-medium">{s.name}</TD>
                  <TD>{s.frequency === 'custom' ? s.cron : s.frequency}</TD>
                  <TD className="text-xs text-muted">
                    {s.params.clusters.length ? s.params.clusters.map(clusterName).join(', ') : s.teams.length ? `Teams: ${s.teams.join(', ')}` : 'Fleet'} · {describeReportScope(s.params)}
                  </TD>
                  <TD>{s.webhook?.name ?? '–'}</TD>
                  <TD>{s.lastRunAt ? <RelativeTime date={s.lastRunAt} /> : 'never'}</TD>
                  <TD>{s.nextRunAt ? <RelativeTime date={s.nextRunAt} /> : '–'}</TD>
                  <TD>
                    <Button variant="ghost" size="icon" aria-label={`Delete schedule ${s.name}`} onClick={() => remove.mutate(s.id)} loading={remove.isPending && remove.variables === s.id}>
                      <Trash2 className="size-4" />
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
