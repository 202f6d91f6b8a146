'use client';

import { Search, X } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button, Input, Label, Select } from '@/components/ui';
import { FINDING_SORTS, FINDING_STATUSES, type FindingFilters } from '@/lib/dashboard/findings-filters';
import { SECTIONS } from '@/lib/dashboard/sections';

export interface FindingFiltersValue {
  cluster?: string;
  section?: string;
  check?: string;
  /** Compliance framework and control (set by a compliance page's drill-down; kept when other filters change). */
  framework?: string;
  control?: string;
  severity?: string;
  status: FindingFilters['status'];
  namespace?: string;
  kind?: string;
  /** Exactly this resource name (a link to one workload's findings); kept when other filters change. */
  name?: string;
  since?: string;
  q?: string;
  owner?: string;
  sla?: string;
  /** Owning team id, or "unowned". */
  team?: string;
  sort: FindingFilters['sort'];
  dir: FindingFilters['dir'];
  group: FindingFilters['group'];
  limit?: string;
}

const SLA_OPTIONS = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'due-soon', label: 'Due within a week' },
];
const STATUS_LABELS: Record<FindingFilters['status'], string> = { open: 'Open', excepted: 'Excepted (accepted risk)', resolved: 'Resolved', all: 'Any status' };
const SORT_LABELS: Record<FindingFilters['sort'], string> = {
  severity: 'Severity',
  newest: 'Age: newest first',
  oldest: 'Age: oldest first',
  resource: 'Resource name',
  check: 'Check',
  namespace: 'Namespace',
};
const SEVERITY_OPTIONS = [
  { value: 'critical', label: 'Critical' },
  { value: 'critical,high', label: 'Critical and high' },
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
  { value: 'info', label: 'Info' },
];

/**
 * The filter bar. The URL is the state: every change navigates to /findings?<filters> (dropping
 * the page cursor), so a view survives reload and can be shared. Selects apply at once; text
 * fields apply on Enter or "Apply".
 */
export function FindingsFilters({
  value,
  clusters,
  namespaces,
  kinds,
  checks,
  owners,
  ownerLabel,
  teams = [],
  frameworkLabel,
}: {
  value: FindingFiltersValue;
  /** The framework (and control) filter in words, e.g. "CIS Kubernetes Benchmark v1.10 5.1.1". */
  frameworkLabel?: string;
  checks: Array<{ id: string; title: string; section: string }>;
  clusters: Array<{ id: string; name: string }>;
  namespaces: string[];
  kinds: string[];
  owners: string[];
  /** The namespace label naming owners (RAMPART_NAMESPACE_OWNER_LABEL). */
  ownerLabel: string;
  /** Teams to filter by (Settings → Teams); "unowned" is always offered. */
  teams?: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState({ q: value.q ?? '', namespace: value.namespace ?? '', kind: value.kind ?? '', since: value.since ?? '' });

  function navigate(next: Partial<FindingFiltersValue>) {
    const merged = { ...value, ...text, ...next };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) {
      if (!v) continue;
      if ((k === 'status' && v === 'open') || (k === 'sort' && v === 'severity') || (k === 'dir' && v === 'asc') || (k === 'group' && v === 'none')) continue;
      p.set(k, v);
    }
    const qs = p.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    navigate({});
  }

  const hasFilters = Boolean(value.cluster || value.section || value.check || value.framework || value.name || value.severity || value.namespace || value.kind || value.since || value.q || value.owner || value.sla || value.team || value.status !== 'open');

  return (
    <form onSubmit={submit} aria-label="Filter findings" className="space-y-3 rounded-lg border border-border bg-surface p-4" aria-busy={pending || undefined}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <Label htmlFor="f-cluster">Cluster</Label>
          <Select id="f-cluster" className="mt-1" value={value.cluster ?? ''} placeholder="All clusters" options={clusters.map((c) => ({ value: c.id, label: c.name }))} onChange={(e) => navigate({ cluster: e.target.value, namespace: '', kind: '' })} />
        </div>
        <div>
          <Label htmlFor="f-section">Guide section</Label>
          <Select
            id="f-section"
            className="mt-1"
            value={value.section ?? ''}
            placeholder="All sections"
            options={Object.entries(SECTIONS).map(([id, s]) => ({ value: id, label: `${s.number} ${s.title}` }))}
            onChange={(e) => navigate({ section: e.target.value, check: '' })}
          />
        </div>
        <div>
          <Label htmlFor="f-check">Check</Label>
          <Select
            id="f-check"
            className="mt-1"
            value={value.check ?? ''}
            placeholder="All checks"
            options={checks.filter((c) => !value.section || c.section === value.section).map((c) => ({ value: c.id, label: c.title }))}
            onChange={(e) => navigate({ check: e.target.value })}
          />
        </div>
        <div>
          <Label htmlFor="f-severity">Severity</Label>
          <Select id="f-severity" className="mt-1" value={value.severity ?? ''} placeholder="All severities" options={SEVERITY_OPTIONS} onChange={(e) => navigate({ severity: e.target.value })}>
            {value.severity && !SEVERITY_OPTIONS.some((o) => o.value === value.severity) ? <option value={value.severity}>{value.severity}</option> : null}
          </Select>
        </div>
        <div>
          <Label htmlFor="f-status">Status</Label>
          <Select id="f-status" className="mt-1" value={value.status} options={FINDING_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} onChange={(e) => navigate({ status: e.target.value as FindingFilters['status'] })} />
        </div>
        <div>
          <Label htmlFor="f-sla">Due date</Label>
          <Select id="f-sla" className="mt-1" value={value.sla ?? ''} placeholder="Any due date" options={SLA_OPTIONS} onChange={(e) => navigate({ sla: e.target.value })} />
        </div>
        <div>
          <Label htmlFor="f-namespace">Namespace</Label>
          <Input id="f-namespace" className="mt-1" list="f-namespaces" placeholder="e.g. payments" value={text.namespace} onChange={(e) => setText({ ...text, namespace: e.target.value })} />
          <datalist id="f-namespaces">
            {namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
        <div>
          <Label htmlFor="f-kind">Resource kind</Label>
          <Input id="f-kind" className="mt-1" list="f-kinds" placeholder="e.g. Deployment" value={text.kind} onChange={(e) => setText({ ...text, kind: e.target.value })} />
          <datalist id="f-kinds">
            {(kinds.length ? kinds : ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Pod', 'ServiceAccount', 'ClusterRole', 'Role', 'Namespace', 'Node', 'Cluster']).map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </div>
        <div>
          <Label htmlFor="f-owner">Owner ({ownerLabel} label)</Label>
          <Select id="f-owner" className="mt-1" value={value.owner ?? ''} placeholder="Any owner" options={owners.map((o) => ({ value: o, label: o }))} onChange={(e) => navigate({ owner: e.target.value })}>
            {value.owner && !owners.includes(value.owner) ? <option value={value.owner}>{value.owner}</option> : null}
          </Select>
        </div>
        <div>
          <Label htmlFor="f-team">Owning team</Label>
          <Select
            id="f-team"
            className="mt-1"
            value={value.team ?? ''}
            placeholder="Any team"
            options={[...teams.map((t) => ({ value: t.id, label: t.name })), { value: 'unowned', label: 'Unowned' }]}
            onChange={(e) => navigate({ team: e.target.value })}
          />
        </div>
        <div>
          <Label htmlFor="f-since">First seen since</Label>
          <Input id="f-since" className="mt-1" type="date" value={text.since} onChange={(e) => setText({ ...text, since: e.target.value })} />
        </div>
      </div>
      {value.framework || value.name ? (
        <div className="flex flex-wrap items-center gap-4 text-sm">
          {value.framework ? (
            <PinnedFilter testId="framework-filter" label={value.control ? 'Control' : 'Framework'} value={frameworkLabel ?? `${value.framework}${value.control ? ` ${value.control}` : ''}`} remove="Remove the framework filter" onRemove={() => navigate({ framework: '', control: '' })} />
          ) : null}
          {value.name ? <PinnedFilter testId="name-filter" label="Resource named" value={value.name} remove="Remove the resource name filter" onRemove={() => navigate({ name: '' })} /> : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-60 flex-1">
          <Label htmlFor="f-q">Search</Label>
          <div className="relative mt-1">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
            <Input id="f-q" className="pl-8" type="search" placeholder="Resource, namespace, check or message contains…" value={text.q} onChange={(e) => setText({ ...text, q: e.target.value })} />
          </div>
        </div>
        <div>
          <Label htmlFor="f-sort">Sort</Label>
          <Select id="f-sort" className="mt-1" value={value.sort} options={FINDING_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))} onChange={(e) => navigate({ sort: e.target.value as FindingFilters['sort'], dir: 'asc' })} />
        </div>
        <div>
          <Label htmlFor="f-dir">Direction</Label>
          <Select
            id="f-dir"
            className="mt-1"
            value={value.dir}
            options={[
              { value: 'asc', label: value.sort === 'severity' ? 'Most severe first' : value.sort === 'newest' || value.sort === 'oldest' ? 'As named' : 'A to Z' },
              { value: 'desc', label: value.sort === 'severity' ? 'Least severe first' : value.sort === 'newest' || value.sort === 'oldest' ? 'Reversed' : 'Z to A' },
            ]}
            onChange={(e) => navigate({ dir: e.target.value as FindingFilters['dir'] })}
          />
        </div>
        <Button type="submit" variant="primary" loading={pending}>
          Apply
        </Button>
        {hasFilters ? (
          <Button
            variant="ghost"
            icon={<X className="size-4" aria-hidden="true" />}
            onClick={() => {
              setText({ q: '', namespace: '', kind: '', since: '' });
              startTransition(() => router.push(value.group !== 'none' ? `${pathname}?group=${value.group}` : pathname));
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** A filter set by a link from another page (framework, control, resource name), shown with a way to remove it. */
function PinnedFilter({ testId, label, value, remove, onRemove }: { testId: string; label: string; value: string; remove: string; onRemove: () => void }) {
  return (
    <p className="flex items-center gap-2" data-testid={testId}>
      <span className="text-muted">{label}:</span>
      <span className="inline-flex items-center gap-1 rounded-md bg-accent-soft px-2 py-0.5 font-medium text-accent">
        {value}
        <button type="button" className="rounded p-0.5 hover:bg-surface-muted" aria-label={remove} onClick={onRemove}>
          <X className="size-3.5" aria-hidden="true" />
        </button>
      </span>
    </p>
  );
}
