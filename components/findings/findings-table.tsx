import { ArrowDown, ArrowUp } from 'lucide-react';
import Link from 'next/link';
import { Badge, RelativeTime, SeverityBadge, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { FindingRow } from '@/lib/dashboard/findings';
import type { FindingGroupRow } from '@/lib/dashboard/findings-groups';
import { resourceDisplayName, resourceLabel } from '@/lib/dashboard/resource-label';
import { sectionLabel } from '@/lib/dashboard/sections';
import { DueDate } from './due-date';
import { SeverityCounts } from './severity-counts';
import { formatCount } from '@/lib/format';

export function FindingStatusBadge({ status }: { status: FindingRow['status'] }) {
  if (status === 'resolved') return <Badge tone="success" dot>Resolved</Badge>;
  if (status === 'excepted') return <Badge tone="warning" dot>Excepted</Badge>;
  return <Badge tone="danger" dot>Open</Badge>;
}

/** A sortable column: where its header links and whether the table is sorted by it now. */
export interface SortLink {
  href: string;
  /** 'asc' | 'desc' when the table is sorted by this column. */
  active: 'asc' | 'desc' | null;
}

export type SortColumn = 'severity' | 'check' | 'resource' | 'namespace' | 'age';

function SortHeader({ label, link, className }: { label: string; link?: SortLink; className?: string }) {
  if (!link) return <TH className={className}>{label}</TH>;
  const Arrow = link.active === 'desc' ? ArrowUp : ArrowDown;
  return (
    <TH className={className} aria-sort={link.active ? (link.active === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link href={link.href} className="inline-flex items-center gap-1 hover:text-foreground">
        {label}
        {link.active ? <Arrow className="size-3" aria-hidden="true" /> : null}
      </Link>
    </TH>
  );
}

// Important: TD's own padding (px-4 py-3) would otherwise win by stylesheet order.
const CELL = 'px-3! py-1.5!';

/**
 * One page of findings, one compact line each (about 40 px): severity, check and message, where,
 * status, since when. `selectable` adds a checkbox per open finding for bulk actions
 * (components/findings/accept-risk-button.tsx); `sortLinks` makes column headers sort.
 */
export function FindingsTable({
  findings,
  showCluster,
  selectable = false,
  sortLinks = {},
}: {
  findings: FindingRow[];
  showCluster: boolean;
  selectable?: boolean;
  sortLinks?: Partial<Record<SortColumn, SortLink>>;
}) {
  return (
    <Table className="text-sm">
      <TableCaption>Findings matching the filters</TableCaption>
      <THead>
        <tr>
          {selectable ? (
            <TH className="w-8 px-3!">
              <span className="sr-only">Select</span>
            </TH>
          ) : null}
          <SortHeader label="Severity" link={sortLinks.severity} className="w-24 px-3!" />
          <SortHeader label="Finding" link={sortLinks.check} className="px-3!" />
          <SortHeader label="Namespace" link={sortLinks.namespace} className="px-3!" />
          <SortHeader label="Resource" link={sortLinks.resource} className="px-3!" />
          {showCluster ? <TH className="px-3!">Cluster</TH> : null}
          <TH className="px-3!">Owner</TH>
          <TH className="px-3!">Status</TH>
          <SortHeader label="First seen" link={sortLinks.age} className="px-3!" />
          <TH className="px-3!">Due</TH>
        </tr>
      </THead>
      <TBody>
        {findings.map((f) => (
          <TR key={f.id} data-finding-row>
            {selectable ? (
              <TD className={`w-8 ${CELL}`}>
                {f.status === 'open' ? (
                  <input type="checkbox" data-finding-select value={f.id} aria-label={`Select ${f.checkTitle} on ${resourceLabel(f.resource, f.clusterName)}`} className="size-4 accent-[var(--color-accent)]" />
                ) : null}
              </TD>
            ) : null}
            <TD className={`w-24 ${CELL}`}>
              <SeverityBadge severity={f.severity} />
            </TD>
            <TD className={`max-w-72 2xl:max-w-md ${CELL}`}>
              <div className="flex min-w-0 items-baseline gap-2" title={`${f.checkTitle} (${sectionLabel(f.section)}): ${f.message}`}>
                <Link href={`/findings/${f.id}`} className="max-w-full shrink-0 truncate font-medium text-foreground hover:text-accent hover:underline">
                  {f.checkTitle}
                </Link>
                <span className="truncate text-xs text-muted">{f.message}</span>
              </div>
            </TD>
            <TD className={`max-w-28 truncate font-mono text-xs 2xl:max-w-36 ${CELL}`} title={f.resource.namespace ?? 'cluster-scoped'}>
              {f.resource.namespace ?? <span className="font-sans text-muted">—</span>}
            </TD>
            <TD className={`max-w-44 2xl:max-w-56 ${CELL}`}>
              <p className="truncate font-mono text-xs" title={resourceLabel(f.resource, f.clusterName)}>
                <span className="font-sans text-muted">{f.resource.kind} </span>
                {resourceDisplayName(f.resource, f.clusterName)}
              </p>
            </TD>
            {showCluster ? (
              <TD className={`whitespace-nowrap ${CELL}`}>
                <Link href={`/clusters/${f.clusterId}`} className="hover:text-accent hover:underline">
                  {f.clusterName}
                </Link>
              </TD>
            ) : null}
            <TD className={`max-w-32 truncate text-xs ${CELL}`} data-owner>
              {f.owner ? <span title={f.assignee ? `Assigned to ${f.assignee.name || f.assignee.email}` : undefined}>{f.owner.teamName}</span> : <span className="text-muted">Unowned</span>}
            </TD>
            <TD className={CELL}>
              <span className="inline-flex items-center gap-1.5">
                <FindingStatusBadge status={f.status} />
                {f.ticketUrl ? (
                  <a href={f.ticketUrl} target="_blank" rel="noopener noreferrer" className="text-xs text-accent hover:underline" aria-label={`Ticket for ${f.checkTitle} on ${resourceLabel(f.resource, f.clusterName)}`}>
                    Ticket
                  </a>
                ) : null}
              </span>
            </TD>
            <TD className={`whitespace-nowrap text-xs text-muted ${CELL}`}>
              <RelativeTime date={f.firstSeenAt} />
            </TD>
            <TD className={`whitespace-nowrap text-xs ${CELL}`}>
              <DueDate dueAt={f.dueAt} sla={f.sla} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

const GROUP_HEADINGS = { check: 'Check', resource: 'Resource', namespace: 'Namespace' } as const;

function groupLabel(g: FindingGroupRow, group: keyof typeof GROUP_HEADINGS): { title: string; sub: string } {
  if (group === 'check') return { title: g.checkTitle ?? g.checkId ?? '', sub: `${g.checkId} · ${sectionLabel(g.section ?? '')}` };
  if (group === 'namespace') return { title: g.namespace!.name ?? 'Cluster-scoped resources', sub: g.namespace!.clusterName };
  return { title: resourceLabel(g.resource!, g.resource!.clusterName), sub: g.resource!.clusterName };
}

/** Aggregated counts by check, resource or namespace, riskiest first; each row links to the findings of that group. */
export function FindingGroupsTable({ groups, group, hrefFor }: { groups: FindingGroupRow[]; group: keyof typeof GROUP_HEADINGS; hrefFor: (g: FindingGroupRow) => string }) {
  return (
    <Table className="text-sm">
      <TableCaption>Findings grouped by {group}, riskiest first</TableCaption>
      <THead>
        <tr>
          <TH className="px-3!">{GROUP_HEADINGS[group]}</TH>
          <TH className="px-3!">Worst</TH>
          <TH className="px-3! text-right">Findings</TH>
          <TH className="px-3!">By severity</TH>
        </tr>
      </THead>
      <TBody>
        {groups.map((g) => {
          const { title, sub } = groupLabel(g, group);
          return (
            <TR key={g.key} data-group-row>
              <TD className={`max-w-xl ${CELL}`}>
                <div className="flex min-w-0 items-baseline gap-2">
                  <Link href={hrefFor(g)} className="truncate font-medium text-foreground hover:text-accent hover:underline">
                    {title}
                  </Link>
                  <span className="shrink-0 text-xs text-muted">{sub}</span>
                </div>
              </TD>
              <TD className={CELL}>
                <SeverityBadge severity={g.severity} />
              </TD>
              <TD className={`text-right font-semibold tabular-nums ${CELL}`}>{formatCount(g.count)}</TD>
              <TD className={CELL}>
                <SeverityCounts counts={g.bySeverity} />
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
