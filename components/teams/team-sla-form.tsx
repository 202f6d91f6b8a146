'use client';

import { useState, type FormEvent } from 'react';
import { Button, Input, Label } from '@/components/ui';
import { SLA_SEVERITIES, type SlaOverrides, type SlaPolicy } from '@/lib/sla/policy';
import { useTeamAction } from './use-team-action';

/** A team's remediation SLA days per severity: an empty field follows the instance policy (shown as the placeholder). */
export function TeamSlaForm({ teamId, teamName, overrides, instance }: { teamId: string; teamName: string; overrides: SlaOverrides; instance: SlaPolicy }) {
  const { run, error, busy } = useTeamAction();
  const [days, setDays] = useState<Record<string, string>>(Object.fromEntries(SLA_SEVERITIES.map((s) => [s, overrides[s] === undefined ? '' : String(overrides[s])])));
  async function save(e: FormEvent) {
    e.preventDefault();
    await run(`/api/teams/${encodeURIComponent(teamId)}/sla`, 'PUT', Object.fromEntries(SLA_SEVERITIES.map((s) => [s, days[s]!.trim() === '' ? null : Number(days[s])])));
  }
  return (
    <section aria-label={`Remediation SLA of ${teamName}`} className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">Remediation SLA</h3>
      <p className="text-xs text-muted">Days the team&apos;s findings may stay open, from first seen. Leave a field empty to follow the instance policy (Settings › Exceptions, Remediation SLAs).</p>
      <form onSubmit={save} className="flex flex-wrap items-end gap-2" aria-label={`Set the remediation SLA of ${teamName}`}>
        {SLA_SEVERITIES.map((s) => (
          <div key={s}>
            <Label htmlFor={`${teamId}-sla-${s}`}>
              {s.charAt(0).toUpperCase() + s.slice(1)} (days)
            </Label>
            <Input id={`${teamId}-sla-${s}`} className="mt-1 w-24" type="number" min={1} max={3650} step={1} placeholder={String(instance[s])} value={days[s]} onChange={(e) => setDays({ ...days, [s]: e.target.value })} />
          </div>
        ))}
        <Button type="submit" variant="secondary" size="sm" disabled={busy}>
          Save SLA
        </Button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </section>
  );
}
