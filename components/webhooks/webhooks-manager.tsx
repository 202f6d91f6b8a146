'use client';

/**
 * Settings → Webhooks (admin): outgoing webhooks, the signing secret shown once, "Send test",
 * enable / disable, rotate secret, filters (framework, control, team), delete, and each
 * webhook's delivery log.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bell, Plus, Send } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { ConfirmDialog, Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { Select } from '@/components/ui/select';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { apiFetch } from '@/lib/api-client';
import { SUBSCRIBABLE_EVENTS, WEBHOOK_EVENT_LABELS } from '@/lib/notifications/events';
// Type-only: the API's shapes; nothing of the server module is bundled.
import type { WebhookDeliveryDto, WebhookDto, WebhookFilterOptions } from '@/lib/notifications/webhooks';
import { filterBody, filterSummary, filterValueOf, NO_FILTER, WebhookFilterFields, type FilterValue } from './webhook-filters';

type Delivery = WebhookDeliveryDto;

type Webhook = WebhookDto;

const KEY = ['webhooks'];
const DELIVERY_TONE: Record<Delivery['status'], BadgeTone> = { pending: 'info', succeeded: 'success', failed: 'danger' };

function DeliveryBadge({ d }: { d: Delivery }) {
  return (
    <Badge tone={DELIVERY_TONE[d.status]} dot title={d.error ?? undefined}>
      {d.status}
      {d.responseCode ? ` · ${d.responseCode}` : ''}
    </Badge>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const log = useQuery({
    queryKey: [...KEY, webhookId, 'deliveries'],
    queryFn: () => apiFetch<{ deliveries: Delivery[] }>(`/api/webhooks/${encodeURIComponent(webhookId)}/deliveries?limit=50`).then((r) => r.deliveries),
    refetchInterval: 5_000,
  });
  if (log.isPending) return <LoadingRows rows={2} label="Loading deliveries" />;
  if (log.isError) return <ErrorState title="Could not load deliveries" error={log.error} />;
  if (log.data.length === 0) return <p className="text-sm text-muted">Nothing sent yet. Use “Send test”.</p>;
  return (
    <Table>
      <THead>
        <TR>
          <TH>When</TH>
          <TH>Event</TH>
          <TH>Result</TH>
          <TH>Attempts</TH>
          <TH>Error</TH>
        </TR>
      </THead>
      <TBody>
        {log.data.map((d) => (
          <TR key={d.id}>
            <TD><RelativeTime date={d.createdAt} /></TD>
            <TD><code className="font-mono text-xs">{d.event}</code></TD>
            <TD><DeliveryBadge d={d} /></TD>
            <TD>{d.attempts}</TD>
            <TD className="max-w-xs text-xs text-muted">{d.error ?? ''}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function SecretOnce({ secret, onDone }: { secret: string | null; onDone: () => void }) {
  return (
    <Dialog
      open={secret !== null}
      onClose={onDone}
      title="Signing secret"
      description="Shown only now. Your receiver verifies X-Rampart-Signature = sha256=HMAC-SHA256(secret, “<X-Rampart-Timestamp>.<raw body>”) and rejects old timestamps."
      footer={<Button onClick={onDone}>Done</Button>}
    >
      <div className="flex items-start gap-2">
        <code className="block min-w-0 flex-1 break-all rounded-md bg-surface-muted px-3 py-2 font-mono text-xs" data-testid="webhook-secret">
          {secret}
        </code>
        {secret ? <CopyButton text={secret} /> : null}
      </div>
    </Dialog>
  );
}

export function WebhooksManager({ filterOptions }: { filterOptions: WebhookFilterOptions }) {
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: KEY, queryFn: () => apiFetch<{ webhooks: Webhook[] }>('/api/webhooks').then((r) => r.webhooks) });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<'generic' | 'slack'>('generic');
  const [events, setEvents] = useState<string[]>([...SUBSCRIBABLE_EVENTS]);
  const [filters, setFilters] = useState<FilterValue>(NO_FILTER);
  const [editing, setEditing] = useState<{ webhook: Webhook; value: FilterValue } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [testResult, setTestResult] = useState<Record<string, Delivery>>({});

  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const create = useMutation({
    mutationFn: () => apiFetch<{ webhook: Webhook; secret: string }>('/api/webhooks', { method: 'POST', body: { name, url, format, events, ...filterBody(filters) } }),
    onSuccess: (r) => {
      setCreating(false);
      setName('');
      setUrl('');
      setFilters(NO_FILTER);
      setSecret(r.secret);
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => apiFetch<{ webhook: Webhook; secret?: string }>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (r) => {
      if (r.secret) setSecret(r.secret);
      void refresh();
    },
  });
  const saveFilters = useMutation({
    mutationFn: ({ id, value }: { id: string; value: FilterValue }) => apiFetch<{ webhook: Webhook }>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'PATCH', body: filterBody(value) }),
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => apiFetch<{ delivery: Delivery }>(`/api/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }).then((r) => ({ id, delivery: r.delivery })),
    onSuccess: ({ id, delivery }) => {
      setTestResult((prev) => ({ ...prev, [id]: delivery }));
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });

  function onCreate(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Card>
      <CardHeader
        title="Webhooks"
        description="Rampart POSTs to these URLs when a scan finds new critical or high findings, a cluster's grade drops, scans keep failing, findings become overdue, a ticket is requested or an exception changes. A webhook can be narrowed to a compliance framework (or one control) and to a team. Only administrators configure them: Rampart sends to exactly the URL given (http or https; redirects are not followed)."
        actions={
          <Button size="sm" variant="secondary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => { create.reset(); setCreating(true); }}>
            New webhook
          </Button>
        }
      />
      <CardBody>
        {update.isError ? <ErrorState className="mb-4" title="The webhook was not changed" error={update.error} /> : null}
        {test.isError ? <ErrorState className="mb-4" title="The test was not sent" error={test.error} /> : null}
        {hooks.isPending ? (
          <LoadingRows rows={2} label="Loading webhooks" />
        ) : hooks.isError ? (
          <ErrorState title="Could not load webhooks" error={hooks.error} action={<Button size="sm" variant="secondary" onClick={() => hooks.refetch()}>Retry</Button>} />
        ) : hooks.data.length === 0 ? (
          <EmptyState icon={<Bell className="size-5" />} title="No webhooks" description="Add one to send scan alerts to Slack, a SIEM or your own service." />
        ) : (
          <ul className="divide-y divide-border">
            {hooks.data.map((w) => {
              const last = testResult[w.id] ?? w.lastDelivery;
              const narrowed = filterSummary(w, filterOptions);
              return (
                <li key={w.id} className="py-4">
                  <div className="flex flex-wrap items-start justify-between gap-4">
                    <div className="min-w-0">
                      <p className="flex items-center gap-2 font-medium">
                        {w.name}
                        <Badge tone={w.format === 'slack' ? 'info' : 'neutral'}>{w.format === 'slack' ? 'Slack' : 'JSON'}</Badge>
                        {w.enabled ? null : <Badge tone="warning">disabled</Badge>}
                      </p>
                      <p className="mt-0.5 truncate font-mono text-xs text-muted">{w.url}</p>
                      <p className="mt-1 text-xs text-muted">{w.events.map((e) => WEBHOOK_EVENT_LABELS[e as keyof typeof WEBHOOK_EVENT_LABELS] ?? e).join(' · ')}</p>
                      <p className="mt-1 text-xs" data-testid="webhook-filters">{narrowed ?? <span className="text-muted">Whole fleet, every check</span>}</p>
                      {last ? (
                        <p className="mt-1 flex items-center gap-2 text-xs text-muted">
                          Last delivery <RelativeTime date={last.createdAt} /> <DeliveryBadge d={last} /> {last.error ? <span>{last.error}</span> : null}
                        </p>
                      ) : null}
                    </div>
                    <div className="flex shrink-0 flex-wrap gap-2">
                      <Button size="sm" variant="secondary" icon={<Send className="size-4" aria-hidden="true" />} loading={test.isPending && test.variables === w.id} onClick={() => test.mutate(w.id)}>
                        Send test
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: w.id, body: { enabled: !w.enabled } })}>
                        {w.enabled ? 'Disable' : 'Enable'}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: w.id, body: { rotateSecret: true } })}>
                        Rotate secret
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => { saveFilters.reset(); setEditing({ webhook: w, value: filterValueOf(w) }); }} aria-label={`Filters of webhook ${w.name}`}>
                        Filters
                      </Button>
                      <Button size="sm" variant="ghost" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                        {open === w.id ? 'Hide log' : 'Delivery log'}
                      </Button>
                      <Button size="sm" variant="ghost" className="text-danger" onClick={() => setDeleting(w)} aria-label={`Delete webhook ${w.name}`}>
                        Delete
                      </Button>
                    </div>
                  </div>
                  {open === w.id ? (
                    <div className="mt-4">
                      <DeliveryLog webhookId={w.id} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </CardBody>

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title="New webhook"
        footer={
          <>
            <Button variant="secondary" onClick={() => setCreating(false)}>Cancel</Button>
            <Button type="submit" form="create-webhook" loading={create.isPending}>Create webhook</Button>
          </>
        }
      >
        <form id="create-webhook" onSubmit={onCreate} className="space-y-4">
          {create.isError ? <ErrorState title="The webhook was not created" error={create.error} /> : null}
          <Field label="Name">{(props) => <Input {...props} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="SOC channel" />}</Field>
          <Field label="URL" hint="http(s) only. For Slack, an incoming-webhook URL (treat it as a secret).">
            {(props) => <Input {...props} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.com/rampart" />}
          </Field>
          <Field label="Format">
            {(props) => (
              <Select
                {...props}
                value={format}
                onChange={(e) => setFormat(e.target.value as 'generic' | 'slack')}
                options={[
                  { value: 'generic', label: 'Generic JSON' },
                  { value: 'slack', label: 'Slack-compatible ({ text, blocks })' },
                ]}
              />
            )}
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Events</legend>
            {SUBSCRIBABLE_EVENTS.map((e) => (
              <label key={e} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={events.includes(e)} onChange={(ev) => setEvents(ev.target.checked ? [...events, e] : events.filter((x) => x !== e))} />
                {WEBHOOK_EVENT_LABELS[e]}
              </label>
            ))}
          </fieldset>
          <WebhookFilterFields options={filterOptions} value={filters} onChange={setFilters} />
        </form>
      </Dialog>

      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Filters of “${editing.webhook.name}”` : 'Filters'}
        footer={
          <>
            <Button variant="secondary" onClick={() => setEditing(null)}>Cancel</Button>
            <Button loading={saveFilters.isPending} onClick={() => editing && saveFilters.mutate({ id: editing.webhook.id, value: editing.value })}>Save filters</Button>
          </>
        }
      >
        {saveFilters.isError ? <ErrorState className="mb-4" title="The filters were not changed" error={saveFilters.error} /> : null}
        {editing ? <WebhookFilterFields options={filterOptions} value={editing.value} onChange={(value) => setEditing({ ...editing, value })} /> : null}
      </Dialog>

      <SecretOnce secret={secret} onDone={() => setSecret(null)} />

      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this webhook?"
        description={deleting ? `“${deleting.name}” stops receiving events; its delivery log is deleted.` : undefined}
        confirmLabel="Delete webhook"
        onConfirm={async () => {
          if (!deleting) return;
          await apiFetch(`/api/webhooks/${encodeURIComponent(deleting.id)}`, { method: 'DELETE' });
          await refresh();
        }}
      />
    </Card>
  );
}
