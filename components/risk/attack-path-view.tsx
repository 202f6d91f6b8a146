import { ArrowDown, Scissors } from 'lucide-react';
import Link from 'next/link';
import { Badge, Card, CardBody, CardHeader } from '@/components/ui';
import type { FixFirstRow } from '@/lib/dashboard/fix-first';
import type { AttackPath, FindingLink } from '@/lib/risk/types';

const HOP_KIND: Record<AttackPath['hops'][number]['kind'], string> = {
  internet: 'Start',
  entry: 'Entry',
  container: 'Foothold',
  'service-account': 'Identity',
  escalation: 'Escalation',
  target: 'Goal',
};

/** A hop's findings, each linked to its page when it is a finding of the scan. */
export function FindingLinks({ links, findings }: { links: readonly FindingLink[]; findings: FixFirstRow['findings'] }) {
  if (links.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-2 text-xs">
      {links.map((l) => {
        const f = findings[l.fingerprint];
        return (
          <li key={l.fingerprint}>
            {f ? (
              <Link href={`/findings/${f.id}`} className="text-accent hover:underline">
                {l.checkId} on {l.resource.kind} {l.resource.namespace ? `${l.resource.namespace}/` : ''}
                {l.resource.name}
              </Link>
            ) : (
              <span className="text-muted">{l.checkId}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The attack path as an ordered chain of hops; the hop the smallest fix breaks is marked. */
export function AttackPathView({ row }: { row: FixFirstRow & { path: AttackPath } }) {
  const { path } = row;
  const cutFinding = path.cut.finding ? row.findings[path.cut.finding.fingerprint] : undefined;
  return (
    <Card>
      <CardHeader
        id="attack-path-heading"
        title="Attack path"
        description={`How an attacker gets from the internet to ${path.target === 'node' ? 'the node' : 'cluster-admin'} through this workload.`}
        actions={
          <Link href={`/rbac/${encodeURIComponent(row.cluster.id)}?path=${encodeURIComponent(row.id)}`} className="text-sm font-medium text-accent hover:underline" data-testid="attack-path-graph-link">
            Show on the RBAC graph
          </Link>
        }
      />
      <CardBody className="space-y-4">
        <div role="note" aria-label="Smallest fix" className="rounded-md border border-success/40 bg-success-soft px-4 py-3 text-sm">
          <p className="flex items-center gap-2 font-semibold text-success">
            <Scissors className="size-4" aria-hidden="true" /> Smallest fix that cuts the path
          </p>
          <p className="mt-1 text-foreground">{path.cut.action}</p>
          {cutFinding ? (
            <Link href={`/findings/${cutFinding.id}`} className="mt-1 inline-block text-xs font-medium text-accent hover:underline" data-testid="cut-finding">
              Open the finding that cuts it ({path.cut.finding!.checkId})
            </Link>
          ) : null}
        </div>
        <ol className="space-y-1" aria-label="Hops of the attack path">
          {path.hops.map((hop, i) => (
            <li key={i} data-testid="attack-hop">
              {i > 0 ? <ArrowDown className="mx-auto my-1 size-4 text-muted" aria-hidden="true" /> : null}
              <div className={`rounded-md border px-4 py-2 ${i === path.cut.hop ? 'border-success ring-2 ring-success/30' : 'border-border'}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={hop.kind === 'target' ? 'danger' : 'neutral'}>{HOP_KIND[hop.kind]}</Badge>
                  <span className="font-medium">{hop.label}</span>
                  {i === path.cut.hop ? <Badge tone="success">cut here</Badge> : null}
                </div>
                <p className="mt-1 text-sm text-muted">{hop.via}</p>
                <FindingLinks links={hop.findings} findings={row.findings} />
              </div>
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}
