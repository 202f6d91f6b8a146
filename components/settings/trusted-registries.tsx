'use client';

/** Settings → Scanning: the trusted registries (one per line). Admins edit; everyone else reads. */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { apiFetch } from '@/lib/api-client';

export function TrustedRegistriesCard({ registries, canEdit }: { registries: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(registries.join('\n'));
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function save() {
    setPending(true);
    setMessage(null);
    try {
      const list = text.split('\n').map((l) => l.trim()).filter(Boolean);
      await apiFetch('/api/settings/trusted-registries', { method: 'PUT', body: { registries: list } });
      setMessage({ kind: 'ok', text: list.length ? `Saved ${list.length} trusted ${list.length === 1 ? 'registry' : 'registries'}. The next scan uses them.` : 'Saved. With no trusted registry the check stays silent.' });
      router.refresh();
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof Error ? e.message : 'Could not save the trusted registries.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Trusted registries"
        description="Images from any other registry are reported by the check “Image from an untrusted registry” (guide 4.5). One entry per line: a registry host, optionally with a repository path (registry.example.com, ghcr.io/acme); a * matches within one name segment (*.dkr.ecr.eu-west-1.amazonaws.com). With no entry the check stays silent."
      />
      <CardBody className="space-y-3">
        {canEdit ? (
          <>
            <label htmlFor="trusted-registries" className="sr-only">
              Trusted registries, one per line
            </label>
            <textarea
              id="trusted-registries"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={6}
              spellCheck={false}
              className="w-full rounded-md border border-border bg-surface px-3 py-2 font-mono text-sm"
              placeholder={'registry.example.com\nghcr.io/acme'}
            />
            <Button onClick={() => void save()} disabled={pending}>
              {pending ? 'Saving…' : 'Save trusted registries'}
            </Button>
          </>
        ) : registries.length ? (
          <ul className="list-inside list-disc font-mono text-sm">
            {registries.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">No trusted registry is configured; an administrator sets them here.</p>
        )}
        {message ? (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'rounded-md bg-danger-soft px-3 py-2 text-sm text-danger' : 'text-sm text-success'}>
            {message.text}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
