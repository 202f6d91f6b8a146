'use client';

/** Grants and risks that appeared or disappeared between an earlier scan and the one shown. */
import { useState } from 'react';
import { Badge, EmptyState, ErrorState, LoadingRows, Select } from '@/components/ui';
import { formatTimestamp } from '@/components/ui/relative-time';
import type { GrantChain } from '@/lib/rbac/explorer';
import { useRbacChanges, type RbacScanInfo } from './api';
import { ChainLine } from './shared';

const when = (s: RbacScanInfo) => (s.finishedAt ? formatTimestamp(new Date(s.finishedAt)) : s.id);

function ChainList({ title, chains, tone }: { title: string; chains: GrantChain[]; tone: 'success' | 'danger' }) {
  return (
    <section className="rounded-lg border border-border bg-surface p-4" aria-label={title}>
      <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-foreground">
        {title} <Badge tone={tone}>{chains.length}</Badge>
      </h3>
      {chains.length === 0 ? <p className="text-sm text-muted">None.</p> : null}
      <ul className="space-y-1">
        {chains.slice(0, 200).map((c, i) => (
          <li key={i}>
            <ChainLine chain={c} showSubject />
          </li>
        ))}
      </ul>
      {chains.length > 200 ? <p className="mt-2 text-xs text-muted">and {chains.length - 200} more</p> : null}
    </section>
  );
}

export function ChangesTab({ clusterId, current, scans }: { clusterId: string; current: RbacScanInfo; scans: RbacScanInfo[] }) {
  const earlier = scans.filter((s) => s.id !== current.id);
  const [from, setFrom] = useState<string | undefined>(earlier[0]?.id);
  const q = useRbacChanges(clusterId, from, current.id);
  if (earlier.length === 0) return <EmptyState title="Only one scan with RBAC data" description="Changes compare two scans: run another scan to see grants that appear or disappear." />;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <div>
          <label htmlFor="changes-from" className="mb-1 block text-xs font-medium text-muted">
            Compare from
          </label>
          <Select id="changes-from" className="w-72" value={from ?? ''} onChange={(e) => setFrom(e.target.value)} options={earlier.map((s) => ({ value: s.id, label: when(s) }))} />
        </div>
        <p className="pb-2 text-muted">to the scan shown ({when(current)})</p>
      </div>
      {q.isPending ? (
        <LoadingRows rows={4} />
      ) : q.isError ? (
        <ErrorState title="Could not compare the scans" error={q.error} />
      ) : (
        <>
          {q.data.changes.risksGained.length + q.data.changes.risksLost.length > 0 ? (
            <section className="rounded-lg border border-border bg-surface p-4" aria-label="Risk changes">
              <h3 className="mb-2 text-sm font-semibold text-foreground">Risky permissions</h3>
              <ul className="space-y-1 text-sm">
                {q.data.changes.risksGained.map((r, i) => (
                  <li key={`g${i}`}>
                    <Badge tone="danger">gained</Badge> {r.subject}: {r.risk.title}
                  </li>
                ))}
                {q.data.changes.risksLost.map((r, i) => (
                  <li key={`l${i}`}>
                    <Badge tone="success">lost</Badge> {r.subject}: {r.risk.title}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className="grid gap-3 lg:grid-cols-2">
            <ChainList title="Grants that appeared" chains={q.data.changes.added} tone="danger" />
            <ChainList title="Grants that disappeared" chains={q.data.changes.removed} tone="success" />
          </div>
        </>
      )}
    </div>
  );
}
