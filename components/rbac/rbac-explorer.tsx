'use client';

/** The RBAC explorer of one cluster: scan picker, counts and the five tabs. */
import { useState } from 'react';
import { Tabs } from '@/components/clusters/tabs';
import { ButtonLink, ErrorState, LoadingRows, Select, Stat } from '@/components/ui';
import { formatTimestamp } from '@/components/ui/relative-time';
import { useRbacOverview } from './api';
import { AttackPathTab } from './attack-path-tab';
import { ChangesTab } from './changes-tab';
import { EscalationsTab } from './escalations-tab';
import { GraphTab } from './graph-tab';
import { RiskyTab } from './risky-tab';
import { WhoCanTab } from './who-can-tab';

type Tab = 'attack-path' | 'graph' | 'who-can' | 'risky' | 'escalations' | 'changes';

/** `pathId`: a ranked workload whose attack path opens first, drawn on the graph (from its risk page). */
export function RbacExplorer({ clusterId, pathId }: { clusterId: string; pathId?: string }) {
  const [scan, setScan] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<Tab>(pathId ? 'attack-path' : 'graph');
  const overview = useRbacOverview(clusterId, scan);

  if (overview.isPending) return <LoadingRows rows={4} label="Loading RBAC data…" />;
  if (overview.isError) {
    return <ErrorState title="No RBAC data to explore" error={overview.error} action={<ButtonLink href={`/clusters/${encodeURIComponent(clusterId)}`} variant="secondary" size="sm">Open the cluster</ButtonLink>} />;
  }
  const { summary, scans } = overview.data;
  const current = overview.data.scan;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="rbac-scan" className="mb-1 block text-xs font-medium text-muted">
            Scan
          </label>
          <Select
            id="rbac-scan"
            className="w-72"
            value={current.id}
            onChange={(e) => setScan(e.target.value)}
            options={scans.map((s, i) => ({ value: s.id, label: `${s.finishedAt ? formatTimestamp(new Date(s.finishedAt)) : s.id}${i === 0 ? ' (latest)' : ''}` }))}
          />
        </div>
        <div className="grid flex-1 grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Subjects" value={summary.subjects} hint="excluding system" />
          <Stat label="Bindings" value={summary.bindings} />
          <Stat label="Roles" value={summary.roles} />
          <Stat label="Risky subjects" value={summary.riskySubjects} tone={summary.riskySubjects > 0 ? 'danger' : 'success'} />
        </div>
      </div>
      <Tabs<Tab>
        label="RBAC views"
        value={tab}
        onChange={setTab}
        items={[
          ...(pathId ? [{ value: 'attack-path' as const, label: 'Attack path' }] : []),
          { value: 'graph', label: 'Graph' },
          { value: 'who-can', label: 'Who can' },
          { value: 'risky', label: 'Risky subjects' },
          { value: 'escalations', label: 'Escalation paths' },
          { value: 'changes', label: 'Changes' },
        ]}
      >
        {tab === 'attack-path' && pathId ? <AttackPathTab clusterId={clusterId} pathId={pathId} /> : null}
        {tab === 'graph' ? <GraphTab clusterId={clusterId} scan={current.id} /> : null}
        {tab === 'who-can' ? <WhoCanTab clusterId={clusterId} scan={current.id} /> : null}
        {tab === 'risky' ? <RiskyTab clusterId={clusterId} scan={current.id} /> : null}
        {tab === 'escalations' ? <EscalationsTab clusterId={clusterId} scan={current.id} /> : null}
        {tab === 'changes' ? <ChangesTab clusterId={clusterId} current={current} scans={scans} /> : null}
      </Tabs>
    </div>
  );
}
