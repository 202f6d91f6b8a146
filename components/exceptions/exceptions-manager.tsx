'use client';

/** Settings → Exceptions: accepted risks with scope, reason, author, expiry and status; revoke. */
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { clsx } from 'clsx';
import { ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/dialog';
import { RelativeTime } from '@/components/ui/relative-time';
import { EmptyState, ErrorState, LoadingRows } from '@/components/ui/states';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { apiFetch } from '@/lib/api-client';
import type { ExceptionDto } from '@/lib/exceptions';
import type { ExceptionStatus } from '@/lib/exceptions/schema';

/** The API's exception shape (a type-only import: nothing of the server module is bundled). */
export type ExceptionRow = ExceptionDto;

const FILTERS: Array<{ value: ExceptionStatus | 'all'; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'all', label: 'All' },
];

const STATUS_TONE: Record<ExceptionStatus, BadgeTone> = { active: 'success', expired: 'warning', revoked: 'neutral' };

function Scope({ e }: { e: ExceptionRow }) {
  if (e.scope === 'finding' && e.finding) {
    return (
      <div className="min-w-0">
        <p className="truncate font-medium">
          {e.finding.resourceKind} {e.finding.resourceNamespace ? `${e.finding.resourceNamespace}/` : ''}
          {e.finding.resourceName}
        </p>
        <p className="truncate text-xs text-muted">{e.checkTitle ?? e.checkId} · one finding</p>
      </div>
    );
  }
  const narrowing = [
    e.namespacePattern ? `namespace ${e.namespacePattern}` : null,
    e.labelSelector ? `labels ${e.labelSelector}` : null,
    e.resourceNamePattern ? `name ${e.resourceNamePattern}` : null,
  ].filter(Boolean);
  return (
    <div className="min-w-0">
      <p className="truncate font-medium">{e.checkTitle ?? e.checkId ?? 'any check'}</p>
      <p className="truncate text-xs text-muted">{narrowing.length ? narrowing.join(' · ') : 'every resource'}</p>
    </div>
  );
}

export function ExceptionsManager({ canEdit }: { canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ExceptionStatus | 'all'>('active');
  const [revoking, setRevoking] = useState<ExceptionRow | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['exceptions', status],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      apiFetch<{ exceptions: ExceptionRow[]; nextCursor: string | null }>(`/api/exceptions?status=${status}&limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.exceptions) ?? [];

  return (
    <Card>
      <CardHeader
        title="Accepted risks"
        description="Exceptions make matching results count as passed (shown as excepted) until they expire or are revoked. Create them from a finding or a check with “Accept risk”."
      />
      <CardBody>
        <div role="tablist" aria-label="Exception status" className="mb-4 flex gap-1">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              role="tab"
              aria-selected={status === f.value}
              onClick={() => setStatus(f.value)}
              className={clsx('rounded-md px-3 py-1.5 text-sm font-medium', status === f.value ? 'bg-accent-soft text-accent' : 'text-muted hover:text-foreground')}
            >
              {f.label}
            </button>
          ))}
        </div>
        {list.isPending ? (
          <LoadingRows rows={3} label="Loading exceptions" />
        ) : list.isError ? (
          <ErrorState title="Could not load exceptions" error={list.error} action={<Button size="sm" variant="secondary" onClick={() => list.refetch()}>Retry</Button>} />
        ) : rows.length === 0 ? (
          <EmptyState icon={<ShieldCheck className="size-5" />} title={status === 'all' ? 'No exceptions yet' : `No ${status} exceptions`} description="Accept a risk from the findings list or a check to see it here." />
        ) : (
          <>
            <Table>
              <THead>
                <TR>
                  <TH>Scope</TH>
                  <TH>Cluster</TH>
                  <TH>Reason</TH>
                  <TH>Author</TH>
                  <TH>Expiry</TH>
                  <TH>Status</TH>
                  {canEdit ? <TH><span className="sr-only">Actions</span></TH> : null}
                </TR>
              </THead>
              <TBody>
                {rows.map((e) => (
                  <TR key={e.id}>
                    <TD className="max-w-xs"><Scope e={e} /></TD>
                    <TD>{e.cluster?.name ?? <span className="text-muted">all clusters</span>}</TD>
                    <TD className="max-w-sm"><p className="line-clamp-2 text-sm" title={e.reason}>{e.reason}</p></TD>
                    <TD>
                      <p className="text-sm">{e.createdBy?.name ?? 'deleted user'}</p>
                      <p className="text-xs text-muted"><RelativeTime date={e.createdAt} /></p>
                    </TD>
                    <TD>{e.expiresAt ? <RelativeTime date={e.expiresAt} /> : 'never'}</TD>
                    <TD>
                      <Badge tone={STATUS_TONE[e.status]} dot>{e.status}</Badge>
                      {e.status === 'active' ? <p className="mt-1 text-xs text-muted">{e.coveredFindings} open finding{e.coveredFindings === 1 ? '' : 's'}</p> : null}
                      {e.status === 'revoked' && e.revokedBy ? <p className="mt-1 text-xs text-muted">by {e.revokedBy.name}</p> : null}
                    </TD>
                    {canEdit ? (
                      <TD className="text-right">
                        {e.status !== 'revoked' ? (
                          <Button size="sm" variant="ghost" className="text-danger" onClick={() => setRevoking(e)} aria-label={`Revoke exception ${e.id}`}>
                            Revoke
                          </Button>
                        ) : null}
                      </TD>
                    ) : null}
                  </TR>
                ))}
              </TBody>
            </Table>
            {list.hasNextPage ? (
              <div className="mt-4 flex justify-center">
                <Button variant="secondary" size="sm" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </CardBody>
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this exception?"
        description="The findings it covers count as failing again right away, and the cluster's score drops accordingly."
        confirmLabel="Revoke exception"
        onConfirm={async () => {
          if (!revoking) return;
          await apiFetch(`/api/exceptions/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
          await queryClient.invalidateQueries();
        }}
      />
    </Card>
  );
}
