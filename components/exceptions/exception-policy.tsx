'use client';

/** Settings → Exceptions, admins: whether a requester may approve their own risk acceptance (off by default; audited). */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { apiFetch } from '@/lib/api-client';

export function ExceptionPolicyCard({ allowSelfApproval }: { allowSelfApproval: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(allowSelfApproval);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function change(next: boolean) {
    setPending(true);
    setError(null);
    try {
      await apiFetch('/api/settings/exceptions', { method: 'PUT', body: { allowSelfApproval: next } });
      setValue(next);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the setting.');
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader title="Approval policy" description="A risk acceptance applies only once a second analyst or admin approves it. Teams with a single analyst may allow people to approve their own requests." />
      <CardBody>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={value} disabled={pending} onChange={(e) => void change(e.target.checked)} />
          Allow requesters to approve their own exception requests
        </label>
        {error ? (
          <p role="alert" className="mt-2 rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
