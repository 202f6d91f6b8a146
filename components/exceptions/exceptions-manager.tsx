'use client';

/**
 * Settings → Exceptions: accepted risks with scope, reason, requester, approver, ticket, expiry
 * and status. Analysts and admins approve or reject other people's requests (four-eyes; self-
 * approval only when an admin allowed it), and revoke active exceptions or withdraw requests.
 */
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
import { Textarea } from '@/components/ui/input';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { apiFetch } from '@/lib/api-client';
import type { ExceptionDto } from '@/lib/exceptions';
import type { ExceptionStatus } from '@/lib/exceptions/schema';

/** The API's exception shape (a type-only import: nothing of the server module is bundled). */
export type ExceptionRow = ExceptionDto;

const FILTERS: Array<{ value: ExceptionStatus | 'all'; label: string }> = [
  { value: 'requested', label: 'Awaiting approval' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'all', label: 'All' },
];

const STATUS_TONE: Record<ExceptionStatus, BadgeTone> = { active: 'success', expired: 'warning', revoked: 'neutral', requested: 'info', rejected: 'danger' };
const STATUS_LABEL: Record<ExceptionStatus, string> = { active: 'active', expired: 'expired', revoked: 'revoked', requested: 'awaiting approval', rejected: 'rejected' };

type Decision = { row: ExceptionRow; action: 'approve' | 'reject' };

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

function StatusCell({ e }: { e: ExceptionRow }) {
  return (
    <>
      <Badge tone={STATUS_TONE[e.status]} dot>{STATUS_LABEL[e.status]}</Badge>
      {e.status === 'active' ? <p className="mt-1 text-xs text-muted">{e.coveredFindings} open finding{e.coveredFindings === 1 ? '' : 's'}</p> : null}
      {e.decidedBy && e.status !== 'requested' ? (
        <p className="mt-1 text-xs text-muted" title={e.decisionNote ?? undefined}>
          {e.status === 'rejected' ? 'rejected' : 'approved'} by {e.decidedBy.name}
        </p>
      ) : null}
      {e.status === 'revoked' && e.revokedBy ? <p className="mt-1 text-xs text-muted">revoked by {e.revokedBy.name}</p> : null}
    </>
  );
}

export function ExceptionsManager({ canEdit, currentUserId, allowSelfApproval }: { canEdit: boolean; currentUserId: string; allowSelfApproval: boolean }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ExceptionStatus | 'all'>('active');
  const [revoking, setRevoking] = useState<ExceptionRow | null>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
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
        description="An accepted risk makes matching results count as passed (shown as excepted) until it expires or is revoked. Request one from a finding or a check with “Accept risk”; it applies once another analyst or admin approves it."
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
                  <TH>Requested by</TH>
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
                    <TD className="max-w-sm">
                      <p className="line-clamp-2 text-sm" title={e.reason}>{e.reason}</p>
                      {e.ticketUrl ? (
                        <a href={e.ticketUrl} target="_blank" rel="noopener noreferrer" className="text-xs text-accent hover:underline">
                          Ticket
                        </a>
                      ) : null}
                    </TD>
                    <TD>
                      <p className="text-sm">{e.createdBy?.name ?? 'deleted user'}</p>
                      <p className="text-xs text-muted"><RelativeTime date={e.createdAt} /></p>
                    </TD>
                    <TD>{e.expiresAt ? <RelativeTime date={e.expiresAt} /> : 'never'}</TD>
                    <TD>
                      <StatusCell e={e} />
                    </TD>
                    {canEdit ? (
                      <TD className="text-right">
                        <div className="flex justify-end gap-1">
                          {e.status === 'requested' ? (
                            <>
                              <Button
                                size="sm"
                                variant="secondary"
                                disabled={e.createdBy?.id === currentUserId && !allowSelfApproval}
                                title={e.createdBy?.id === currentUserId && !allowSelfApproval ? 'You requested this exception: another analyst or admin approves it.' : undefined}
                                onClick={() => {
                                  setNote('');
                                  setDeciding({ row: e, action: 'approve' });
                                }}
                                aria-label={`Approve exception ${e.id}`}
                              >
                                Approve
                              </Button>
                              <Button
                                size="sm"
                                variant="ghost"
                                onClick={() => {
                                  setNote('');
                                  setDeciding({ row: e, action: 'reject' });
                                }}
                                aria-label={`Reject exception ${e.id}`}
                              >
                                Reject
                              </Button>
                            </>
                          ) : null}
                          {e.status === 'active' || e.status === 'expired' || e.status === 'requested' ? (
                            <Button size="sm" variant="ghost" className="text-danger" onClick={() => setRevoking(e)} aria-label={`${e.status === 'requested' ? 'Withdraw' : 'Revoke'} exception ${e.id}`}>
                              {e.status === 'requested' ? 'Withdraw' : 'Revoke'}
                            </Button>
                          ) : null}
                        </div>
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
        title={revoking?.status === 'requested' ? 'Withdraw this request?' : 'Revoke this exception?'}
        description={revoking?.status === 'requested' ? 'Nobody can approve it any more.' : "The findings it covers count as failing again right away, and the cluster's score drops accordingly."}
        confirmLabel={revoking?.status === 'requested' ? 'Withdraw request' : 'Revoke exception'}
        onConfirm={async () => {
          if (!revoking) return;
          await apiFetch(`/api/exceptions/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
          await queryClient.invalidateQueries();
        }}
      />
      <ConfirmDialog
        open={deciding !== null}
        onClose={() => setDeciding(null)}
        title={deciding?.action === 'approve' ? 'Approve this exception?' : 'Reject this exception request?'}
        description={
          deciding?.action === 'approve'
            ? 'The findings it covers count as accepted risk right away, and the cluster scores are recomputed.'
            : 'The request is closed and never excepts anything. The requester can ask again.'
        }
        confirmLabel={deciding?.action === 'approve' ? 'Approve exception' : 'Reject request'}
        variant={deciding?.action === 'approve' ? 'primary' : 'danger'}
        onConfirm={async () => {
          if (!deciding) return;
          await apiFetch(`/api/exceptions/${deciding.action}`, { method: 'POST', body: { ids: [deciding.row.id], ...(note.trim() ? { note: note.trim() } : {}) } });
          await queryClient.invalidateQueries();
        }}
      >
        {deciding ? (
          <label className="block">
            <span className="mb-1 block text-xs text-muted">Note (optional, kept in the audit trail)</span>
            <Textarea value={note} onChange={(ev) => setNote(ev.target.value)} rows={2} maxLength={2000} aria-label="Note (optional, kept in the audit trail)" />
          </label>
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
