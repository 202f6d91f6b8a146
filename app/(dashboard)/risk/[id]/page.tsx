import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AttackPathView } from '@/components/risk/attack-path-view';
import { riskTone } from '@/components/risk/fix-first-list';
import { Badge, ButtonLink, Card, CardBody, CardHeader, PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getWorkloadRisk } from '@/lib/dashboard/fix-first';
import { resourceFindingsHref } from '@/lib/dashboard/findings-filters';
import { resourceLabel } from '@/lib/dashboard/resource-label';

export const metadata: Metadata = { title: 'Workload risk' };

const KIND_LABEL = { exposure: 'Exposure', privilege: 'Privilege', rbac: 'ServiceAccount power', vulnerability: 'Vulnerabilities' } as const;

export default async function WorkloadRiskPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ scope }, { id }] = await Promise.all([requireScope('viewer'), params]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  // A workload outside the caller's teams is not found; its findings link only where they may look.
  const row = await getWorkloadRisk(await getDb(), id, scope);
  if (!row) notFound();
  const { path } = row;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${row.cluster.id}`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> {row.cluster.name}
          </Link>
        }
        title={resourceLabel(row.resource)}
        description={`Ranked ${row.rank} in the cluster's latest scan. Runs as ServiceAccount ${row.resource.namespace ?? ''}/${row.serviceAccount}.`}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <ButtonLink href={resourceFindingsHref(row.cluster.id, row.resource)} variant="secondary" size="sm" aria-label={`All findings of ${resourceLabel(row.resource)}`}>
              All its findings
            </ButtonLink>
            <Badge tone={riskTone(row.score)} className="text-sm tabular-nums">
              Risk score {row.score} / 100
            </Badge>
          </div>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card>
          <CardHeader id="reasons-heading" title="Why it ranks here" description="Each reason adds its points; the score is their sum, at most 100." />
          <CardBody>
            <ul className="space-y-3" aria-label="Risk reasons">
              {row.factors.map((f) => (
                <li key={f.id} className="text-sm">
                  <div className="flex items-center gap-2">
                    <span className="font-semibold tabular-nums">+{f.points}</span>
                    <Badge>{KIND_LABEL[f.kind]}</Badge>
                  </div>
                  <p className="mt-1">{f.reason}</p>
                  <ul className="mt-1 flex flex-wrap gap-2 text-xs">
                    {f.findings.map((l) => {
                      const hit = row.findings[l.fingerprint];
                      return hit ? (
                        <li key={l.fingerprint}>
                          <Link href={`/findings/${hit.id}`} className="text-accent hover:underline">
                            {l.checkId} on {resourceLabel(l.resource)}
                          </Link>
                        </li>
                      ) : null;
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
        {path ? (
          <AttackPathView row={{ ...row, path }} />
        ) : (
          <Card>
            <CardHeader title="Attack path" />
            <CardBody>
              <p className="text-sm text-muted">No full path from the internet to cluster-admin or a node runs through this workload: it lacks a public entry or has nothing worth reaching.</p>
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
}
