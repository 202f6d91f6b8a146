'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, Label, Select } from '@/components/ui';
import { apiFetch, ApiError } from '@/lib/api-client';

export interface AssigneeOption {
  id: string;
  name: string;
  email: string;
}

/** Who fixes the finding: pick a person (members of the owning team first) and save; audited on the server. */
export function AssignFinding({ findingId, current, candidates }: { findingId: string; current: AssigneeOption | null; candidates: AssigneeOption[] }) {
  const router = useRouter();
  const [value, setValue] = useState(current?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const options = [...candidates, ...(current && !candidates.some((c) => c.id === current.id) ? [current] : [])].map((c) => ({ value: c.id, label: c.name ? `${c.name} (${c.email})` : c.email }));
  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      const { assignee } = await apiFetch<{ assignee: AssigneeOption | null }>(`/api/findings/${encodeURIComponent(findingId)}/assignee`, { method: 'PUT', body: { assigneeId: value || null } });
      setMessage(assignee ? `Assigned to ${assignee.name || assignee.email}.` : 'Nobody is assigned now.');
      router.refresh();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Could not save the assignment.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="space-y-2">
      <Label htmlFor="assignee">Assigned to</Label>
      <div className="flex items-center gap-2">
        <Select id="assignee" value={value} placeholder="Nobody" options={options} onChange={(e) => setValue(e.target.value)} />
        <Button variant="secondary" size="sm" onClick={save} disabled={busy || value === (current?.id ?? '')}>
          Save
        </Button>
      </div>
      {message ? (
        <p role="status" className="text-xs text-muted">
          {message}
        </p>
      ) : null}
    </div>
  );
}
