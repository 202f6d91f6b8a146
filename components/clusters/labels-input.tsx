'use client';

import { X } from 'lucide-react';
import { useState } from 'react';
import { Button, Input } from '@/components/ui';
import { labelKeyProblem, labelValueProblem, MAX_LABELS } from '@/lib/clusters/schema';

/** Labels as removable key=value chips; validated with the same rules as the server. */
export function LabelsInput({ id, value, onChange, describedBy }: { id: string; value: Record<string, string>; onChange: (v: Record<string, string>) => void; describedBy?: string }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    const text = draft.trim();
    if (!text) return;
    const eq = text.indexOf('=');
    const key = (eq >= 0 ? text.slice(0, eq) : text).trim();
    const val = (eq >= 0 ? text.slice(eq + 1) : '').trim();
    const problem = labelKeyProblem(key) ?? labelValueProblem(key, val);
    if (problem) return setError(problem);
    if (!(key in value) && Object.keys(value).length >= MAX_LABELS) return setError(`At most ${MAX_LABELS} labels.`);
    onChange({ ...value, [key]: val });
    setDraft('');
    setError(null);
  };

  const entries = Object.entries(value);
  return (
    <div className="space-y-2">
      {entries.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Labels">
          {entries.map(([k, v]) => (
            <li key={k} className="inline-flex items-center gap-1 rounded-md bg-surface-muted py-0.5 pr-1 pl-2 font-mono text-xs ring-1 ring-border ring-inset">
              {k}
              {v ? `=${v}` : ''}
              <button
                type="button"
                className="rounded p-0.5 text-muted hover:bg-surface hover:text-foreground"
                aria-label={`Remove label ${k}`}
                onClick={() => {
                  const next = { ...value };
                  delete next[k];
                  onChange(next);
                }}
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex gap-2">
        <Input
          id={id}
          value={draft}
          placeholder="team=platform"
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ',') {
              e.preventDefault();
              add();
            }
          }}
          className="font-mono"
        />
        <Button variant="secondary" onClick={add} disabled={!draft.trim()}>
          Add
        </Button>
      </div>
      {error ? (
        <p className="text-xs font-medium text-danger" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
