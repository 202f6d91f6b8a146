'use client';

/**
 * "Accept risk" dialog, reusable by the findings pages:
 *   <AcceptRiskDialog open={open} onClose={…} target={{ findingIds: selected }} />          bulk accept
 *   <AcceptRiskDialog open={open} onClose={…} target={{ checkId, clusterId }} />            a whole check
 * Asks for a reason, an expiry (at most a year) and an optional ticket link, and for a check
 * optional narrowing by namespace glob, label selector and resource-name glob. What it records is
 * a request: it applies once another analyst or admin approves it (Settings → Exceptions). Validates with the API's own zod
 * schema, POSTs /api/exceptions, then refreshes every query (findings and scores change).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { ErrorState } from '@/components/ui/states';
import { apiFetch } from '@/lib/api-client';
import { checkExceptionInputSchema, findingExceptionsInputSchema, MAX_EXCEPTION_DAYS } from '@/lib/exceptions/schema';

export type AcceptRiskTarget = { findingIds: string[] } | { checkId: string; checkTitle?: string; clusterId?: string | null; clusterName?: string };

export interface AcceptRiskResult {
  exceptions: Array<{ id: string }>;
  skippedFindingIds: string[];
  findingsChanged: number;
}

const DAY = 86_400_000;

function dateInput(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function AcceptRiskDialog({
  open,
  onClose,
  target,
  onAccepted,
}: {
  open: boolean;
  onClose: () => void;
  target: AcceptRiskTarget;
  onAccepted?: (result: AcceptRiskResult) => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [preset, setPreset] = useState('90');
  const [customDate, setCustomDate] = useState(dateInput(new Date(Date.now() + 30 * DAY)));
  const [namespacePattern, setNamespacePattern] = useState('');
  const [labelSelector, setLabelSelector] = useState('');
  const [resourceNamePattern, setResourceNamePattern] = useState('');
  const [ticketUrl, setTicketUrl] = useState('');
  const [allClusters, setAllClusters] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isCheck = 'checkId' in target;

  const expiresAt = preset === 'custom' ? new Date(`${customDate}T23:59:59Z`) : new Date(Date.now() + Number(preset) * DAY);

  const accept = useMutation({
    mutationFn: (body: unknown) => apiFetch<AcceptRiskResult>('/api/exceptions', { method: 'POST', body }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries();
      onAccepted?.(result);
      setReason('');
      setTicketUrl('');
      onClose();
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = isCheck
      ? { checkId: target.checkId, clusterId: allClusters ? null : (target.clusterId ?? null), namespacePattern, labelSelector, resourceNamePattern, reason, expiresAt: expiresAt.toISOString(), ticketUrl }
      : { findingIds: target.findingIds, reason, expiresAt: expiresAt.toISOString(), ticketUrl };
    const parsed = (isCheck ? checkExceptionInputSchema : findingExceptionsInputSchema).safeParse(body);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'form');
        if (!next[key]) next[key] = issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    accept.mutate(body);
  }

  const count = isCheck ? null : target.findingIds.length;
  const title = isCheck ? `Accept risk: ${target.checkTitle ?? target.checkId}` : `Accept risk for ${count} finding${count === 1 ? '' : 's'}`;
  const description = isCheck
    ? `Results of this check ${target.clusterId && !allClusters ? `on ${target.clusterName ?? 'this cluster'}` : 'on every cluster'} that match the fields below will count as passed once another analyst or admin approves the request, until it expires or is revoked.`
    : 'Once another analyst or admin approves the request, these findings count as passed (shown as excepted) until it expires or is revoked.';

  return (
    <Dialog
      open={open}
      onClose={accept.isPending ? () => undefined : onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={accept.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="accept-risk-form" loading={accept.isPending}>
            Accept risk
          </Button>
        </>
      }
    >
      <form id="accept-risk-form" onSubmit={onSubmit} className="space-y-4" noValidate>
        {accept.isError ? <ErrorState title="The exception was not recorded" error={accept.error} /> : null}
        {errors.findingIds || errors.checkId || errors.clusterId || errors.form ? (
          <ErrorState title="Cannot accept this risk" error={errors.findingIds ?? errors.checkId ?? errors.clusterId ?? errors.form} />
        ) : null}
        <Field label="Reason" hint="Why the risk is accepted, and what compensates for it (ticket, owner, plan)." error={errors.reason}>
          {(props) => <Textarea {...props} rows={3} required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <Field label="Ticket link (optional)" hint="The change or risk ticket that tracks this, e.g. https://jira.example.com/browse/SEC-42." error={errors.ticketUrl}>
          {(props) => <Input {...props} type="url" value={ticketUrl} onChange={(e) => setTicketUrl(e.target.value)} placeholder="https://" />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Expires" error={errors.expiresAt}>
            {(props) => (
              <Select
                {...props}
                value={preset}
                onChange={(e) => setPreset(e.target.value)}
                options={[
                  { value: '30', label: 'in 30 days' },
                  { value: '90', label: 'in 90 days' },
                  { value: '180', label: 'in 180 days' },
                  { value: '365', label: 'in 1 year' },
                  { value: 'custom', label: 'on a date…' },
                ]}
              />
            )}
          </Field>
          {preset === 'custom' ? (
            <Field label="Expiry date" hint={`At most ${MAX_EXCEPTION_DAYS} days ahead.`}>
              {(props) => (
                <Input
                  {...props}
                  type="date"
                  min={dateInput(new Date(Date.now() + DAY))}
                  max={dateInput(new Date(Date.now() + (MAX_EXCEPTION_DAYS - 1) * DAY))}
                  value={customDate}
                  onChange={(e) => setCustomDate(e.target.value)}
                />
              )}
            </Field>
          ) : null}
        </div>
        {isCheck ? (
          <fieldset className="space-y-4 rounded-lg border border-border p-4">
            <legend className="px-1 text-sm font-medium">Narrow it down (optional)</legend>
            <Field label="Namespace" hint="Name or glob, e.g. kube-* (* any run, ? one character)." error={errors.namespacePattern}>
              {(props) => <Input {...props} value={namespacePattern} onChange={(e) => setNamespacePattern(e.target.value)} placeholder="all namespaces" />}
            </Field>
            <Field label="Label selector" hint="Kubernetes syntax, e.g. app=legacy,tier!=web or env in (dev,test)." error={errors.labelSelector}>
              {(props) => <Input {...props} value={labelSelector} onChange={(e) => setLabelSelector(e.target.value)} placeholder="any labels" />}
            </Field>
            <Field label="Resource name" hint="Name or glob, e.g. legacy-*." error={errors.resourceNamePattern}>
              {(props) => <Input {...props} value={resourceNamePattern} onChange={(e) => setResourceNamePattern(e.target.value)} placeholder="any name" />}
            </Field>
            {target.clusterId ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={allClusters} onChange={(e) => setAllClusters(e.target.checked)} />
                Apply to every cluster, not only {target.clusterName ?? 'this one'}
              </label>
            ) : null}
          </fieldset>
        ) : null}
      </form>
    </Dialog>
  );
}
