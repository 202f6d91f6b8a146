'use client';

/** Subjects with risky permissions, ranked, with the workloads carrying those powers and their exposure. */
import { useState } from 'react';
import { Badge, EmptyState, ErrorState, LoadingRows, SeverityBadge } from '@/components/ui';
import { useRbacRisky } from './api';
import { ExposureBadges, WorkloadLink } from './shared';
import { SubjectPanel } from './subject-panel';

export function RiskyTab({ clusterId, scan }: { clusterId: string; scan: string | undefined }) {
  const [includeSystem, setIncludeSystem] = useState(false);
  const [subject, setSubject] = useState<string | null>(null);
  const q = useRbacRisky(clusterId, scan, includeSystem);
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm text-foreground">
        <input type="checkbox" checked={includeSystem} onChange={(e) => setIncludeSystem(e.target.checked)} className="size-4" />
        Include system subjects (control plane, kube-system)
      </label>
      {q.isPending ? (
        <LoadingRows rows={6} />
      ) : q.isError ? (
        <ErrorState title="Could not load risky subjects" error={q.error} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No risky subjects" description="No subject holds cluster-admin, secrets, exec, workload creation, escalate/bind/impersonate or nodes/proxy on arbitrary objects." />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_300px] 2xl:grid-cols-[1fr_380px]">
          <div className="overflow-hidden rounded-lg border border-border bg-surface">
            <table className="w-full table-fixed text-sm" data-testid="risky-table">
              <thead className="bg-surface-muted text-left text-xs text-muted">
                <tr>
                  <th scope="col" className="w-48 px-3 py-2 font-medium">
                    Subject
                  </th>
                  <th scope="col" className="w-[34%] px-3 py-2 font-medium">
                    Risky permissions
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Carried by
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.map((row) => (
                  <tr key={row.subjectKey} className="border-t border-border align-top" data-testid="risky-row">
                    <td className="px-3 py-2">
                      <button type="button" className="text-left font-medium text-accent hover:underline" onClick={() => setSubject(row.subjectKey)}>
                        {row.label}
                      </button>
                      <div className="mt-1 flex flex-wrap gap-1">
                        <SeverityBadge severity={row.maxSeverity} />
                        {row.exposed ? <Badge tone="danger">exposed</Badge> : null}
                        {row.isSystem ? <Badge>system</Badge> : null}
                      </div>
                    </td>
                    <td className="px-3 py-2" data-testid="risk-cell">
                      <div className="flex min-w-0 flex-wrap gap-1">
                        {(row.risks[0]?.id === 'cluster-admin' ? row.risks.slice(0, 1) : row.risks).map((r) => (
                          // Long titles wrap inside the column instead of running into the next one.
                          <Badge key={r.id} tone={r.severity === 'critical' || r.severity === 'high' ? 'danger' : 'warning'} title={r.explanation} className="max-w-full text-left whitespace-normal! break-words" data-testid="risk-chip">
                            {r.title}
                          </Badge>
                        ))}
                        {row.risks[0]?.id === 'cluster-admin' && row.risks.length > 1 ? (
                          <span className="text-xs text-muted" title={row.risks.slice(1).map((r) => r.title).join(', ')}>
                            and {row.risks.length - 1} more it implies
                          </span>
                        ) : null}
                      </div>
                    </td>
                    <td className="px-3 py-2 text-xs">
                      {row.workloads.length === 0 ? <span className="text-subtle">no workload</span> : null}
                      <ul className="space-y-1">
                        {row.workloads.slice(0, 6).map((w) => (
                          <li key={w.key} className="flex flex-wrap items-center gap-1">
                            <WorkloadLink clusterId={clusterId} workload={w.ref} className="break-all text-accent hover:underline" />
                            {!w.tokenMounted ? <Badge tone="success">no token</Badge> : null}
                            {w.exposure.length > 0 ? <ExposureBadges exposure={w.exposure} /> : null}
                          </li>
                        ))}
                        {row.workloads.length > 6 ? <li className="text-subtle">and {row.workloads.length - 6} more</li> : null}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <aside className="rounded-lg border border-border bg-surface p-4" aria-label="Subject">
            {subject ? <SubjectPanel clusterId={clusterId} scan={scan} subjectKey={subject} /> : <p className="text-sm text-muted">Click a subject to see how it gets each permission.</p>}
          </aside>
        </div>
      )}
    </div>
  );
}
