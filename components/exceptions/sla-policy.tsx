'use client';

/** Settings → Exceptions & SLAs: remediation days per severity (admins edit; everyone reads). Audited. */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Input, Label } from '@/components/ui/input';
import { apiFetch } from '@/lib/api-client';
import { SLA_SEVERITIES, type SlaPolicy } from '@/lib/sla/policy';

export function SlaPolicyCard({ policy, canEdit }: { policy: SlaPolicy; canEdit: boolean }) {
  const router = useRouter();
  const [days, setDays] = useState<Record<string, string>>(Object.fromEntries(SLA_SEVERITIES.map((s) => [s, String(policy[s])])));
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      await apiFetch('/api/settings/sla', { method: 'PUT', body: Object.fromEntries(SLA_SEVERITIES.map((s) => [s, Number(days[s])])) });
      setMessage({ tone: 'ok', text: 'Saved. Due dates and the overdue view follow at once.' });
      router.refresh();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : 'Could not save the SLAs.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader title="Remediation SLAs" description="Days an open finding may stay unfixed, counted from when it was first seen. Accepted risks and info findings have no due date. A team may set its own days for the findings it owns (Settings › Teams)." />
      <CardBody>
        <form onSubmit={save} className="flex flex-wrap items-end gap-3">
          {SLA_SEVERITIES.map((s) => (
            <div key={s}>
              <Label htmlFor={`sla-${s}`} className="text-xs text-muted">
                {s.charAt(0).toUpperCase() + s.slice(1)} (days)
              </Label>
              <Input id={`sla-${s}`} className="mt-1 w-20" type="number" min={1} max={3650} step={1} disabled={!canEdit || pending} value={days[s]} onChange={(e) => setDays({ ...days, [s]: e.target.value })} />
            </div>
          ))}
          {canEdit ? (
            <Button type="submit" variant="secondary" loading={pending}>
              Save SLAs
            </Button>
          ) : null}
        </form>
        {message ? (
          <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'mt-2 text-sm text-danger' : 'mt-2 text-sm text-muted'}>
            {message.text}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
