'use client';

/**
 * A ranked workload's attack path drawn on the RBAC graph: the hops in order (those outside RBAC —
 * the internet, the exposed Service, the node — listed, those inside numbered on the graph), each
 * hop linked to the findings that break it, the hop the smallest fix cuts marked.
 */
import { Scissors } from 'lucide-react';
import { useState } from 'react';
import { RbacGraphCanvas } from '@/components/graph/rbac-graph-canvas';
import { FindingLinks } from '@/components/risk/attack-path-view';
import { useTheme } from '@/components/shell/theme';
import { Badge, ErrorState, Skeleton } from '@/components/ui';
import { useRbacAttackPath } from './api';

export function AttackPathTab({ clusterId, pathId }: { clusterId: string; pathId: string }) {
  const { resolved } = useTheme();
  const q = useRbacAttackPath(clusterId, pathId);
  const [selected, setSelected] = useState<string | null>(null);
  if (q.isError) return <ErrorState title="Could not draw the attack path" error={q.error} />;
  if (!q.data) return <Skeleton className="h-[520px] w-full" />;
  const { graph, path } = q.data;
  let step = 0;
  return (
    <div className="space-y-3">
      <ol className="flex flex-wrap items-stretch gap-2" aria-label="Attack path hops">
        {path.hops.map((hop, i) => {
          const onGraph = hop.nodeId !== undefined && path.nodeIds.includes(hop.nodeId);
          const number = onGraph ? path.nodeIds.indexOf(hop.nodeId!) + 1 : undefined;
          step = number ?? step;
          return (
            <li key={i} data-testid="attack-path-hop" className={`max-w-64 rounded-md border px-3 py-2 text-xs ${hop.cut ? 'border-success ring-2 ring-success/30' : 'border-border'}`}>
              <div className="flex flex-wrap items-center gap-1.5">
                {number ? <Badge tone="danger">step {number}</Badge> : <Badge>{hop.kind === 'target' ? 'goal' : 'outside RBAC'}</Badge>}
                {hop.cut ? (
                  <Badge tone="success">
                    <Scissors className="mr-1 inline size-3" aria-hidden="true" />
                    cut here
                  </Badge>
                ) : null}
              </div>
              {onGraph ? (
                <button type="button" className="mt-1 block text-left font-semibold text-foreground hover:underline" onClick={() => setSelected(hop.nodeId!)}>
                  {hop.label}
                </button>
              ) : (
                <p className="mt-1 font-semibold text-foreground">{hop.label}</p>
              )}
              <p className="mt-0.5 text-muted">{hop.via}</p>
              <FindingLinks links={hop.findings} findings={path.findings} />
            </li>
          );
        })}
      </ol>
      <p className="text-xs text-muted">
        Smallest fix: {path.action} The path&apos;s nodes are numbered on the graph below; the rest of the workload&apos;s neighbourhood is dimmed.
      </p>
      <div className="relative h-[calc(100vh-24rem)] min-h-[480px] overflow-hidden rounded-lg border border-border bg-surface" data-step-count={step}>
        <RbacGraphCanvas view={graph} selected={selected} onSelect={setSelected} dark={resolved === 'dark'} path={path} />
      </div>
    </div>
  );
}
