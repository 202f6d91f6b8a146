'use client';

/** Escalation routes to cluster-admin-equivalent power (and other gains), each step with its remediation. */
import { ArrowRight } from 'lucide-react';
import { useState } from 'react';
import { Badge, EmptyState, ErrorState, LoadingRows, SeverityBadge } from '@/components/ui';
import { useRbacEscalations } from './api';
import { ChainLine } from './shared';

const TECHNIQUE: Record<string, string> = {
  'workload-create': 'create a pod as',
  'serviceaccount-token-create': 'mint a token for',
  impersonate: 'impersonate',
  'pod-exec': 'exec into a pod of',
  'bind-escalate': 'bind / escalate to',
};

export function EscalationsTab({ clusterId, scan }: { clusterId: string; scan: string | undefined }) {
  const [includeSystem, setIncludeSystem] = useState(false);
  const q = useRbacEscalations(clusterId, scan, includeSystem);
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm text-foreground">
        <input type="checkbox" checked={includeSystem} onChange={(e) => setIncludeSystem(e.target.checked)} className="size-4" />
        Include system subjects
      </label>
      {q.isPending ? (
        <LoadingRows rows={5} />
      ) : q.isError ? (
        <ErrorState title="Could not compute escalation paths" error={q.error} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No escalation paths" description="No subject can reach more power than it was granted through pods, tokens, impersonation, exec or bind/escalate." />
      ) : (
        <ul className="space-y-3" data-testid="escalation-list">
          {q.data.map((route, i) => (
            <li key={i} className="rounded-lg border border-border bg-surface p-4" data-testid="escalation-route">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <SeverityBadge severity={route.severity} />
                <span className="font-semibold text-foreground">{route.label}</span>
                {route.steps.map((s, j) => (
                  <span key={j} className="flex items-center gap-2">
                    <ArrowRight className="size-4 text-subtle" aria-hidden="true" />
                    <span className="text-muted">{TECHNIQUE[s.technique] ?? s.technique}</span>
                    <span className="font-medium text-foreground">{s.to}</span>
                  </span>
                ))}
                {route.reachesClusterAdmin ? <Badge tone="danger">cluster-admin</Badge> : <span className="text-xs text-muted">gains {route.gains.map((g) => g.title.toLowerCase()).join(', ')}</span>}
              </div>
              <ol className="mt-3 space-y-2">
                {route.steps.map((s, j) => (
                  <li key={j} className="rounded-md bg-surface-muted p-2 text-xs">
                    <p className="text-foreground">
                      <span className="font-semibold">Step {j + 1}.</span> {s.explanation}
                    </p>
                    <div className="mt-1 space-y-0.5">
                      {s.chains.slice(0, 4).map((c, k) => (
                        <ChainLine key={k} chain={c} />
                      ))}
                    </div>
                    <p className="mt-1.5 text-foreground">
                      <span className="font-semibold text-success">Fix: </span>
                      {s.remediation}
                    </p>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
