'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, ApiError } from '@/lib/api-client';

/** One call to the teams API: runs it, shows the server's message on failure, refreshes the page's data on success. */
export function useTeamAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(url: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(url, { method, body });
      router.refresh();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The change could not be saved.');
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { run, error, busy };
}
