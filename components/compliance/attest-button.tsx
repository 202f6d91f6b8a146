'use client';

/** Attest a manual control (note + expiry) or revoke an attestation; the page re-renders after. */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { ErrorState } from '@/components/ui/states';
import { apiFetch } from '@/lib/api-client';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

export function AttestButton({ framework, controlId, title, clusterId }: { framework: string; controlId: string; title: string; clusterId: string | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [expires, setExpires] = useState(day(new Date(Date.now() + 90 * DAY)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiFetch('/api/compliance/attestations', { method: 'POST', body: { framework, controlId, clusterId, note, expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } });
      setOpen(false);
      setNote('');
      router.refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)} aria-label={`Attest ${controlId}`}>
        Attest
      </Button>
      <Dialog
        open={open}
        onClose={busy ? () => undefined : () => setOpen(false)}
        title={`Attest ${controlId}`}
        description={`${title}. ${clusterId ? 'For this cluster' : 'For every cluster'}, until the expiry; recorded in the audit log with your name.`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" form={`attest-${controlId}`} loading={busy}>
              Attest
            </Button>
          </>
        }
      >
        <form id={`attest-${controlId}`} onSubmit={onSubmit} className="space-y-4" noValidate>
          {error ? <ErrorState title="The attestation was not recorded" error={error} /> : null}
          <Field label="Note" hint="What was checked, how, and where the evidence is (ticket, document).">
            {(props) => <Textarea {...props} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <Field label="Expires" hint="At most a year ahead.">
            {(props) => <Input {...props} type="date" min={day(new Date(Date.now() + DAY))} max={day(new Date(Date.now() + 365 * DAY))} value={expires} onChange={(e) => setExpires(e.target.value)} />}
          </Field>
        </form>
      </Dialog>
    </>
  );
}

export function RevokeAttestationButton({ id }: { id: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="ml-2 text-accent hover:underline disabled:opacity-50"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await apiFetch(`/api/compliance/attestations/${id}`, { method: 'DELETE' });
          router.refresh();
        } finally {
          setBusy(false);
        }
      }}
    >
      Revoke
    </button>
  );
}
