'use client';

/** Settings → Profile: which e-mails this user gets (weekly digest, immediate alerts by severity, or none). Audited. */
import { useState, type FormEvent } from 'react';
import { Button, Card, CardBody, CardHeader, Label, Select } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';
import type { NotificationPreferences } from '@/lib/notifications/email/preferences';

const ALERT_OPTIONS = [
  { value: 'critical', label: 'Critical findings' },
  { value: 'high', label: 'High and critical' },
  { value: 'medium', label: 'Medium and above' },
  { value: 'low', label: 'Low and above' },
  { value: 'info', label: 'Every new finding' },
];

export function NotificationPreferencesCard({ initial, emailConfigured }: { initial: NotificationPreferences; emailConfigured: boolean }) {
  const [prefs, setPrefs] = useState(initial);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const r = await apiFetch<{ preferences: NotificationPreferences }>('/api/users/me/notifications', { method: 'PUT', body: prefs });
      setPrefs(r.preferences);
      setMessage({ tone: 'ok', text: 'Notification settings saved.' });
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not save the notification settings.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card id="notifications">
      <CardHeader
        title="E-mail notifications"
        description={emailConfigured ? 'What Rampart e-mails you about the clusters you can see.' : 'E-mail is not configured on this server yet; your choices apply once an administrator sets it up.'}
      />
      <CardBody>
        <form onSubmit={save} className="space-y-3 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" className="size-4 accent-[var(--color-accent)]" checked={prefs.digest} disabled={prefs.optOut} onChange={(e) => setPrefs({ ...prefs, digest: e.target.checked })} />
            Weekly digest: new, overdue and soon-due findings, and exceptions about to expire
          </label>
          <div>
            <Label htmlFor="n-alerts">Immediate alerts when a scan opens</Label>
            <Select
              id="n-alerts"
              className="mt-1 max-w-xs"
              value={prefs.alertMinSeverity ?? ''}
              disabled={prefs.optOut}
              placeholder="No immediate alerts"
              options={ALERT_OPTIONS}
              onChange={(e) => setPrefs({ ...prefs, alertMinSeverity: (e.target.value || null) as NotificationPreferences['alertMinSeverity'] })}
            />
          </div>
          <label className="flex items-center gap-2">
            <input type="checkbox" className="size-4 accent-[var(--color-accent)]" checked={prefs.optOut} onChange={(e) => setPrefs({ ...prefs, optOut: e.target.checked })} />
            No e-mail from Rampart at all
          </label>
          <Button type="submit" variant="secondary" loading={pending}>
            Save notification settings
          </Button>
          {message ? (
            <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-danger' : 'text-muted'}>
              {message.text}
            </p>
          ) : null}
        </form>
      </CardBody>
    </Card>
  );
}
