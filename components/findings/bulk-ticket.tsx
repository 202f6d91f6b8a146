'use client';

/** Findings browser: link the selected findings (the rows' checkboxes) to one external ticket. Audited by the API. */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button, Input } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';

export function BulkTicketLink() {
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const findingIds = [...document.querySelectorAll<HTMLInputElement>('input[data-finding-select]:checked')].map((i) => i.value);
    if (!findingIds.length) {
      setMessage({ tone: 'error', text: 'Select the findings to link first (the checkboxes in the first column).' });
      return;
    }
    setPending(true);
    setMessage(null);
    try {
      const r = await apiFetch<{ findings: number }>('/api/findings/ticket', { method: 'PUT', body: { target: { findingIds }, url: url.trim() } });
      setMessage({ tone: 'ok', text: `Ticket linked to ${r.findings} finding${r.findings === 1 ? '' : 's'}.` });
      setUrl('');
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not link the ticket.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2">
      <Input aria-label="Ticket link for the selected findings" className="w-80" type="url" placeholder="Ticket link, e.g. https://jira.example.com/browse/SEC-42" value={url} onChange={(e) => setUrl(e.target.value)} />
      <Button type="submit" variant="secondary" loading={pending} disabled={!url.trim()}>
        Link selected to ticket
      </Button>
      {message ? (
        <span role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm text-danger' : 'text-sm text-muted'}>
          {message.text}
        </span>
      ) : null}
    </form>
  );
}
