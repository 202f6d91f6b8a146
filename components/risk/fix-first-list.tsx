import { Crosshair, Route } from 'lucide-react';
import Link from 'next/link';
import { Badge, Card, CardBody, CardHeader, type BadgeTone } from '@/components/ui';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import type { FixFirstRow } from '@/lib/dashboard/fix-first';

export function riskTone(score: number): BadgeTone {
  return score >= 70 ? 'danger' : score >= 40 ? 'warning' : 'neutral';
}

const TARGET_LABEL = { 'cluster-admin': 'path to cluster-admin', node: 'path to the node' } as const;

/** The "fix first" list: the highest-ranked workloads with their score and reasons (docs/RISK.md). */
export function FixFirstList({ rows, showCluster, description }: { rows: readonly FixFirstRow[]; showCluster: boolean; description?: string }) {
  return (
    <Card>
      <CardHeader
        id="fix-first-heading"
        title={
          <span className="inline-flex items-center gap-2">
            <Crosshair className="size-4 text-danger" aria-hidden="true" /> Fix first
          </span>
        }
        description={description ?? 'The workloads an attacker would pick first: exposure, privilege, ServiceAccount power and fixable critical CVEs; each reason adds the points shown.'}
      />
      <CardBody className="p-0">
        {rows.length === 0 ? (
          <p className="px-5 py-4 text-sm text-muted">No workload carries a risk factor in the latest scan.</p>
        ) : (
          <ol className="divide-y divide-border" aria-label="Workloads to fix first">
            {rows.map((r, i) => (
              <li key={r.id} className="flex items-start gap-4 px-5 py-3">
                <span className="w-6 shrink-0 pt-0.5 text-right text-sm font-semibold text-muted tabular-nums">{i + 1}</span>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/risk/${r.id}`} className="font-medium text-foreground hover:text-accent hover:underline">
                      {resourceLabel(r.resource)}
                    </Link>
                    {showCluster ? <span className="text-xs text-muted">in {r.cluster.name}</span> : null}
                    {r.path ? (
                      <Badge tone="danger">
                        <Route className="size-3" aria-hidden="true" />
                        {TARGET_LABEL[r.path.target]}
                      </Badge>
                    ) : null}
                  </div>
                  <ul className="mt-1 space-y-0.5 text-xs text-muted">
                    {r.factors.slice(0, 4).map((f) => (
                      <li key={f.id}>
                        <span className="font-medium text-foreground tabular-nums">+{f.points}</span> {f.reason}
                      </li>
                    ))}
                    {r.factors.length > 4 ? <li>and {r.factors.length - 4} more reasons</li> : null}
                  </ul>
                </div>
                <Badge tone={riskTone(r.score)} className="shrink-0 tabular-nums" title="Risk score (0–100)">
                  {r.score}
                </Badge>
              </li>
            ))}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
