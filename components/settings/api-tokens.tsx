'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ConfirmDialog, Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { Select } from '@/components/ui/select';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { apiFetch } from '@/lib/api-client';

interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const QUERY_KEY = ['api-tokens'];

/** The user's personal API tokens: create (shown once), list, revoke. */
export function ApiTokens() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: QUERY_KEY, queryFn: () => apiFetch<{ tokens: TokenSummary[] }>('/api/users/me/tokens').then((r) => r.tokens) });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenSummary | null>(null);

  const create = useMutation({
    mutationFn: () =>
      apiFetch<{ token: string }>('/api/users/me/tokens', {
        method: 'POST',
        body: { name, expiresInDays: expiry === 'never' ? null : Number(expiry) },
      }),
    onSuccess: (result) => {
      setCreated(result.token);
      setName('');
      void queryClient.invalidateQueries({ queryKey: QUERY_KEY });
    },
  });

  function onCreate(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <Card>
      <CardHeader
        title="API tokens"
        description="For scripts and CI: send as “Authorization: Bearer <token>”. A token acts with your current role."
        actions={
          <Button size="sm" variant="secondary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => { create.reset(); setCreated(null); setCreating(true); }}>
            New token
          </Button>
        }
      />
      <CardBody>
        {tokens.isPending ? (
          <LoadingRows rows={2} label="Loading API tokens" />
        ) : tokens.isError ? (
          <ErrorState title="Could not load your API tokens" error={tokens.error} action={<Button size="sm" variant="secondary" onClick={() => tokens.refetch()}>Retry</Button>} />
        ) : tokens.data.length === 0 ? (
          <EmptyState icon={<KeyRound className="size-5" />} title="No API tokens" description="Create one to call the Rampart API from scripts or a CI pipeline." />
        ) : (
          <ul className="divide-y divide-border">
            {tokens.data.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-4 py-3">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">{t.name}</p>
                  <p className="mt-0.5 text-xs text-muted">
                    <code className="font-mono">{t.prefix}…</code> · created <RelativeTime date={t.createdAt} /> ·{' '}
                    {t.lastUsedAt ? <>last used <RelativeTime date={t.lastUsedAt} /></> : 'never used'}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  {t.expiresAt ? (
                    new Date(t.expiresAt) < new Date() ? <Badge tone="danger">expired</Badge> : <Badge>expires <RelativeTime date={t.expiresAt} /></Badge>
                  ) : (
                    <Badge tone="warning">no expiry</Badge>
                  )}
                  <Button size="sm" variant="ghost" className="text-danger" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardBody>

      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title={created ? 'Copy your new token' : 'New API token'}
        description={created ? 'This is the only time the token is shown. Store it in your secret manager.' : undefined}
        footer={
          created ? (
            <Button onClick={() => setCreating(false)}>Done</Button>
          ) : (
            <>
              <Button variant="secondary" onClick={() => setCreating(false)}>Cancel</Button>
              <Button type="submit" form="create-token" loading={create.isPending}>Create token</Button>
            </>
          )
        }
      >
        {created ? (
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded-md bg-surface-muted px-3 py-2 font-mono text-xs" data-testid="new-api-token">{created}</code>
            <CopyButton text={created} />
          </div>
        ) : (
          <form id="create-token" onSubmit={onCreate} className="space-y-4">
            {create.isError ? <ErrorState title="The token was not created" error={create.error} /> : null}
            <Field label="Name" hint="Where it is used, e.g. “GitLab CI – prod pipeline”.">
              {(props) => <Input {...props} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
            <Field label="Expires">
              {(props) => (
                <Select
                  {...props}
                  value={expiry}
                  onChange={(e) => setExpiry(e.target.value)}
                  options={[
                    { value: '30', label: 'in 30 days' },
                    { value: '90', label: 'in 90 days' },
                    { value: '365', label: 'in 1 year' },
                    { value: 'never', label: 'never (not recommended)' },
                  ]}
                />
              )}
            </Field>
          </form>
        )}
      </Dialog>

      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this token?"
        description={revoking ? `“${revoking.name}” stops working immediately. Scripts using it will get 401.` : undefined}
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!revoking) return;
          await apiFetch(`/api/users/me/tokens/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
          await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
        }}
      />
    </Card>
  );
}
