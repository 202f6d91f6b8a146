import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ControlTable } from '@/components/compliance/control-table';
import { EvidenceButton } from '@/components/compliance/evidence-button';
import { ComplianceSummary, FrameworkTabs } from '@/components/compliance/summary';
import { PageHeader } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { clusterViewOf } from '@/lib/teams/cluster-view';
import { compliancePageParams } from '@/lib/compliance/page-params';
import { getClusterCompliance } from '@/lib/compliance/service';
import { getDb } from '@/lib/db/client';
import { getFramework } from '@/lib/frameworks';

export const metadata: Metadata = { title: 'Cluster compliance' };

export default async function ClusterCompliancePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ user, scope }, { id }, sp] = await Promise.all([requireScope('viewer'), params, searchParams]);
  const { framework, window } = compliancePageParams(sp);
  // A cluster outside the caller's teams does not exist for them.
  const view = clusterViewOf(scope, id);
  if (!view) notFound();
  const data = await getClusterCompliance(await getDb(), id, framework, window, new Date(), view);
  if (!data) notFound();
  // Attestations and evidence packs are the fleet's (a team role does not grant them).
  const canAttest = scope.kind === 'fleet' && hasRole(user.role, 'analyst');
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${id}`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> {data.cluster.name}
          </Link>
        }
        title={`Compliance: ${getFramework(framework).name}`}
        description={`${data.scan ? `Latest successful scan ${data.scan.finishedAt.slice(0, 16).replace('T', ' ')} UTC, Kubernetes ${data.scan.kubernetesVersion ?? 'unknown'}${data.scan.coverageGaps.length ? `; ${data.scan.coverageGaps.length} coverage gap(s)` : ''}.` : 'No successful scan yet.'}${data.part ? ' Your teams own part of this cluster: each control is judged on your namespaces’ results only.' : ''}`}
        actions={canAttest ? <EvidenceButton framework={framework} clusterId={id} /> : undefined}
      />
      <FrameworkTabs current={framework} base={`/clusters/${id}/compliance`} />
      <ComplianceSummary summary={data.evaluation.summary} trend={data.trend} />
      <ControlTable framework={framework} controls={data.evaluation.controls} clusterId={id} canAttest={canAttest} />
    </>
  );
}
