'use client';

/** Small pieces shared by the RBAC explorer tabs. */
import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import { resourceFindingsHref } from '@/lib/dashboard/findings-filters';
import { Badge, SeverityBadge } from '@/components/ui';
import type { GrantChain, RiskSummary, WorkloadExposure } from '@/lib/rbac/explorer';
import { downloadBlob } from '@/components/ui/download';

/** subject → binding → role → rule, one line. */
export function ChainLine({ chain, showSubject = false }: { chain: GrantChain; showSubject?: boolean }) {
  const arrow = <ArrowRight className="size-3 shrink-0 text-subtle" aria-hidden="true" />;
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-1 text-xs break-words" data-testid="grant-chain">
      {showSubject ? (
        <>
          <span className="font-medium text-foreground">{chain.subject}</span>
          {arrow}
        </>
      ) : null}
      {chain.group ? (
        <>
          <span className="text-muted">via group {chain.group}</span>
          {arrow}
        </>
      ) : null}
      <span className="text-foreground">{chain.binding}</span>
      <span className="text-subtle">({chain.scope})</span>
      {arrow}
      <span className="text-foreground">{chain.role}</span>
      {chain.aggregatedFrom ? <span className="text-subtle">(aggregated from {chain.aggregatedFrom})</span> : null}
      {arrow}
      <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-[11px] break-all text-foreground">{chain.rule}</code>
    </span>
  );
}

export function RiskBadge({ risk }: { risk: RiskSummary }) {
  return (
    <span title={risk.explanation} className="inline-flex">
      <SeverityBadge severity={risk.severity} />
      <span className="sr-only">: </span>
      <span className="ml-1 text-xs font-medium text-foreground">{risk.title}</span>
    </span>
  );
}

export function ExposureBadges({ exposure }: { exposure: WorkloadExposure[] }) {
  if (exposure.length === 0) return <span className="text-xs text-subtle">not exposed</span>;
  return (
    <span className="flex max-w-full min-w-0 flex-wrap gap-1">
      {exposure.map((e, i) => (
        <Badge key={i} tone="danger" className="max-w-full truncate" title={`${e.via.kind} ${e.via.namespace}/${e.via.name}${e.service ? ` → Service ${e.service}` : ''}`}>
          {e.kind} {e.via.name}
        </Badge>
      ))}
    </span>
  );
}

/** The findings browser narrowed to one workload (cluster, namespace, kind and name). */
export function workloadFindingsHref(clusterId: string, ref: { kind: string; namespace?: string; name: string }): string {
  return resourceFindingsHref(clusterId, ref);
}

/** A workload's name, linking to its findings. */
export function WorkloadLink({ clusterId, workload, className }: { clusterId: string; workload: { kind: string; namespace?: string; name: string }; className?: string }) {
  return (
    <Link href={workloadFindingsHref(clusterId, workload)} prefetch={false} className={className ?? 'font-medium text-accent hover:underline'} data-testid="workload-findings-link">
      {workload.kind} {workload.namespace ? `${workload.namespace}/` : ''}
      {workload.name}
    </Link>
  );
}

/** Triggers a file download of text produced in the browser. */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}
