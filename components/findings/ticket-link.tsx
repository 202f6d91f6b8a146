'use client';

/**
 * A finding's external ticket (finding page): the link, and for analysts a form to set, change or
 * remove it — for this finding or for every open finding of its check in its cluster — and
 * "Request a ticket", which sends the finding.ticket_requested webhook event to the ticketing bridge.
 */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button, Input, Label } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';

interface Props {
  findingId: string;
  clusterId: string;
  checkId: string;
  ticketUrl: string | null;
  canEdit: boolean;
  open: boolean;
}

export function TicketLink({ findingId, clusterId, checkId, ticketUrl, canEdit, open }: Props) {
  const router = useRouter();
  const [url, setUrl] = useState(ticketUrl ?? '');
  const [wholeCheck, setWholeCheck] = useState(false);
  const [pending, setPending] = useState<'save' | 'request' | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const target = wholeCheck ? { clusterId, checkId } : { findingIds: [findingId] };

  async function save(e: FormEvent, value: string | null) {
    e.preventDefault();
    setPending('save');
    setMessage(null);
    try {
      const r = await apiFetch<{ findings: number }>('/api/findings/ticket', { method: 'PUT', body: { target, url: value } });
      setMessage({ tone: 'ok', text: value ? `Ticket linked to ${r.findings} finding${r.findings === 1 ? '' : 's'}.` : 'Ticket link removed.' });
      if (!value) setUrl('');
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not save the ticket link.' });
    } finally {
      setPending(null);
    }
  }

  async function request() {
    setPending('request');
    setMessage(null);
    try {
      const r = await apiFetch<{ findings: number; webhooks: number }>('/api/findings/ticket-request', { method: 'POST', body: { target } });
      setMessage(
        r.webhooks
          ? { tone: 'ok', text: `Ticket requested for ${r.findings} finding${r.findings === 1 ? '' : 's'}: sent to ${r.webhooks} webhook${r.webhooks === 1 ? '' : 's'}.` }
          : { tone: 'error', text: 'No webhook subscribes to "Ticket requested for findings": an admin adds one under Settings → Webhooks.' },
      );
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not request a ticket.' });
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="space-y-2 text-sm">
      {ticketUrl ? (
        <p>
          Ticket:{' '}
          <a href={ticketUrl} target="_blank" rel="noopener noreferrer" className="break-all text-accent hover:underline">
            {ticketUrl}
          </a>
        </p>
      ) : (
        <p className="text-muted">No ticket linked.</p>
      )}
      {canEdit ? (
        <form onSubmit={(e) => save(e, url.trim() || null)} className="space-y-2">
          <div>
            <Label htmlFor="ticket-url">Ticket link</Label>
            <Input id="ticket-url" className="mt-1" type="url" placeholder="https://jira.example.com/browse/SEC-42" value={url} onChange={(e) => setUrl(e.target.value)} />
          </div>
          <label className="flex items-center gap-2 text-xs text-muted">
            <input type="checkbox" className="size-4 accent-[var(--color-accent)]" checked={wholeCheck} onChange={(e) => setWholeCheck(e.target.checked)} />
            Every open finding of this check in this cluster
          </label>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" size="sm" loading={pending === 'save'} disabled={!url.trim()}>
              Save ticket link
            </Button>
            {ticketUrl ? (
              <Button type="button" variant="ghost" size="sm" disabled={pending !== null} onClick={(e) => save(e, null)}>
                Remove link
              </Button>
            ) : null}
            {open ? (
              <Button type="button" variant="ghost" size="sm" loading={pending === 'request'} onClick={request}>
                Request a ticket
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
      {message ? (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-danger' : 'text-muted'}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
