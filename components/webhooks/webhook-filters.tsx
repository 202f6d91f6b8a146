'use client';

/**
 * A webhook's filters in Settings › Webhooks: compliance framework, one of its controls, and a
 * team (the fields of the create and "Filters" dialogs, and the line the list shows).
 */
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
// Type-only: the API's shapes; nothing of the server module is bundled.
import type { WebhookDto, WebhookFilterOptions } from '@/lib/notifications/webhooks';

/** The fields' state; '' is "not narrowed". */
export interface FilterValue {
  framework: string;
  control: string;
  teamId: string;
}

export const NO_FILTER: FilterValue = { framework: '', control: '', teamId: '' };

export function filterValueOf(w: Pick<WebhookDto, 'framework' | 'control' | 'team'>): FilterValue {
  return { framework: w.framework ?? '', control: w.control ?? '', teamId: w.team?.id ?? '' };
}

/** The request body's filter fields (null removes a filter). */
export function filterBody(v: FilterValue): { framework: string | null; control: string | null; teamId: string | null } {
  return { framework: v.framework || null, control: v.framework && v.control ? v.control : null, teamId: v.teamId || null };
}

export const FILTER_HELP =
  'Finding events (new findings, overdue, ticket requests) carry only the findings of the checks that assess the framework or control and that the team owns; when none is left, nothing is sent. Exception events follow the exception’s check, and with a team only exceptions over a finding the team owns (a check-wide one once it covers one). Grade drops and failing scans concern a whole cluster: sent unchanged with a framework, and with a team only when the team owns the whole cluster.';

export function WebhookFilterFields({ options, value, onChange }: { options: WebhookFilterOptions; value: FilterValue; onChange: (v: FilterValue) => void }) {
  const framework = options.frameworks.find((f) => f.id === value.framework);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium">Filters</legend>
      <p className="text-xs text-muted">{FILTER_HELP}</p>
      <Field label="Framework">
        {(props) => (
          <Select
            {...props}
            value={value.framework}
            onChange={(e) => onChange({ ...value, framework: e.target.value, control: '' })}
            placeholder="Every check"
            options={options.frameworks.map((f) => ({ value: f.id, label: f.name }))}
          />
        )}
      </Field>
      <Field label="Control" hint={framework ? 'Controls a check assesses.' : 'Choose a framework first.'}>
        {(props) => (
          <Select
            {...props}
            value={value.control}
            disabled={!framework}
            onChange={(e) => onChange({ ...value, control: e.target.value })}
            placeholder="Whole framework"
            options={(framework?.controls ?? []).map((c) => ({ value: c.id, label: `${c.id} ${c.title}` }))}
          />
        )}
      </Field>
      <Field label="Team" hint={options.teams.length ? 'Findings the team owns (Settings › Teams).' : 'No team yet (Settings › Teams).'}>
        {(props) => (
          <Select {...props} value={value.teamId} onChange={(e) => onChange({ ...value, teamId: e.target.value })} placeholder="Whole fleet" options={options.teams.map((t) => ({ value: t.id, label: t.name }))} />
        )}
      </Field>
    </fieldset>
  );
}

/** "Only CIS … control 5.1.1 · team Payments", or null for an unfiltered webhook. */
export function filterSummary(w: Pick<WebhookDto, 'framework' | 'control' | 'team'>, options: WebhookFilterOptions): string | null {
  const parts: string[] = [];
  if (w.framework) {
    const fw = options.frameworks.find((f) => f.id === w.framework);
    const control = w.control ? fw?.controls.find((c) => c.id === w.control) : undefined;
    parts.push(`${fw?.name ?? w.framework}${w.control ? ` control ${w.control}${control ? ` (${control.title})` : ''}` : ''}`);
  }
  if (w.team) parts.push(`team ${w.team.name}`);
  return parts.length ? `Only ${parts.join(' · ')}` : null;
}
