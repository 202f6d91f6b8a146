import Link from 'next/link';
import { Badge, RelativeTime, SeverityBadge, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { FindingGroupRow, FindingRow } from '@/lib/dashboard/findings';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { sectionLabel } from '@/lib/dashboard/sections';
import { SeverityCounts } from './severity-counts';

export function FindingStatusBadge({ status }: { status: FindingRow['status'] }) {
  if (status === 'resolved') return <Badge tone="success" dot>Resolved</Badge>;
  if (status === 'excepted') return <Badge tone="warning" dot>Excepted</Badge>;
  return <Badge tone="danger" dot>Open</Badge>;
}

/** One page of findings: severity, what is wrong, where, since when. */
/** `selectable` adds a checkbox per open finding for bulk actions (components/findings/accept-risk-button.tsx). */
export function FindingsTable({ findings, showCluster, selectable = false }: { findings: FindingRow[]; showCluster: boolean; selectable?: boolean }) {
  return (
    <Table>
      <TableCaption>Findings matching the filters</TableCaption>
      <THead>
        <tr>
          {selectable ? (
            <TH className="w-10">
              <span className="sr-only">Select</span>
            </TH>
          ) : null}
          <TH>Severity</TH>
          <TH>Finding</TH>
          <TH>Resource</TH>
          {showCluster ? <TH>Cluster</TH> : null}
          <TH>Status</TH>
          <TH>First seen</TH>
        </tr>
      </THead>
      <TBody>
        {findings.map((f) => (
          <TR key={f.id}>
            {selectable ? (
              <TD className="w-10">
                {f.status === 'open' ? (
                  <input type="checkbox" data-finding-select value={f.id} aria-label={`Select ${f.checkTitle} on ${resourceLabel(f.resource, f.clusterName)}`} className="size-4 accent-[var(--color-accent)]" />
                ) : null}
              </TD>
            ) : null}
            <TD className="w-28">
              <SeverityBadge severity={f.severity} />
            </TD>
            <TD className="max-w-xl">
              <Link href={`/findings/${f.id}`} className="font-medium text-foreground hover:text-accent hover:underline">
                {f.checkTitle}
              </Link>
              <p className="mt-0.5 line-clamp-2 text-xs text-muted">{f.message}</p>
              <p className="mt-0.5 text-xs text-muted">{sectionLabel(f.section)}</p>
            </TD>
            <TD className="max-w-xs">
              <span className="text-xs text-muted">{f.resource.kind}</span>
              <p className="truncate font-mono text-xs" title={resourceLabel(f.resource, f.clusterName)}>
                {f.resource.namespace ? `${f.resource.namespace}/` : ''}
                {f.resource.name}
              </p>
            </TD>
            {showCluster ? (
              <TD className="whitespace-nowrap">
                <Link href={`/clusters/${f.clusterId}`} className="hover:text-accent hover:underline">
                  {f.clusterName}
                </Link>
              </TD>
            ) : null}
            <TD>
              <FindingStatusBadge status={f.status} />
            </TD>
            <TD className="whitespace-nowrap text-xs text-muted">
              <RelativeTime date={f.firstSeenAt} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/** Aggregated counts by check or by resource; each row links to the findings of that group. */
export function FindingGroupsTable({ groups, group, hrefFor }: { groups: FindingGroupRow[]; group: 'check' | 'resource'; hrefFor: (g: FindingGroupRow) => string }) {
  return (
    <Table>
      <TableCaption>Findings grouped by {group}</TableCaption>
      <THead>
        <tr>
          <TH>{group === 'check' ? 'Check' : 'Resource'}</TH>
          <TH>Worst</TH>
          <TH className="text-right">Findings</TH>
          <TH>By severity</TH>
        </tr>
      </THead>
      <TBody>
        {groups.map((g) => (
          <TR key={g.key}>
            <TD className="max-w-xl">
              <Link href={hrefFor(g)} className="font-medium text-foreground hover:text-accent hover:underline">
                {group === 'check' ? g.checkTitle : resourceLabel(g.resource!, g.resource!.clusterName)}
              </Link>
              <p className="mt-0.5 text-xs text-muted">{group === 'check' ? `${g.checkId} · ${sectionLabel(g.section ?? '')}` : g.resource!.clusterName}</p>
            </TD>
            <TD>
              <SeverityBadge severity={g.severity} />
            </TD>
            <TD className="text-right font-semibold tabular-nums">{g.count}</TD>
            <TD>
              <SeverityCounts counts={g.bySeverity} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
