'use client';

/** Settings → Webhooks (admins): how e-mail is sent (never the password) and "Send digest now". */
import { useState } from 'react';
import { Button, Card, CardBody, CardHeader } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';
import type { SmtpSettings } from '@/lib/notifications/email/smtp-settings';

export function EmailDeliveryCard({ smtp, digestSchedule }: { smtp: SmtpSettings | null; digestSchedule: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  async function sendNow() {
    setPending(true);
    setMessage(null);
    try {
      await apiFetch('/api/notifications/digest', { method: 'POST' });
      setMessage({ tone: 'ok', text: 'Digest queued: the worker sends it to everyone who gets digests.' });
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not queue the digest.' });
    } finally {
      setPending(false);
    }
  }
  return (
    <Card>
      <CardHeader title="E-mail" description="Weekly digests, immediate alerts and exception reminders, sent by the worker. Configured with the RAMPART_SMTP_* settings of the server." />
      <CardBody className="space-y-3 text-sm">
        {smtp ? (
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5">
            <dt className="text-muted">Server</dt>
            <dd className="font-mono text-xs">
              {smtp.host}:{smtp.port} ({smtp.security === 'starttls' ? 'STARTTLS required' : smtp.security === 'tls' ? 'TLS' : 'no encryption'})
            </dd>
            <dt className="text-muted">Login</dt>
            <dd>{smtp.user ? <span className="font-mono text-xs">{smtp.user}</span> : 'none'}</dd>
            <dt className="text-muted">Sender</dt>
            <dd className="font-mono text-xs">{smtp.from}</dd>
            <dt className="text-muted">Digest</dt>
            <dd className="font-mono text-xs">{digestSchedule}</dd>
          </dl>
        ) : (
          <p className="text-muted">E-mail is off: set RAMPART_SMTP_HOST (and the other RAMPART_SMTP_* settings in the README) on the server and the worker.</p>
        )}
        {smtp ? (
          <Button variant="secondary" onClick={sendNow} loading={pending}>
            Send digest now
          </Button>
        ) : null}
        {message ? (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-danger' : 'text-muted'}>
            {message.text}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
