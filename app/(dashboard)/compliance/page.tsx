import type { Metadata } from 'next';
import Link from 'next/link';
import { ControlTable } from '@/components/compliance/control-table';
import { EvidenceButton } from '@/components/compliance/evidence-button';
import { ComplianceSummary, FrameworkTabs } from '@/components/compliance/summary';
import { PageHeader, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { compliancePageParams } from '@/lib/compliance/page-params';
import { getFleetCompliance } from '@/lib/compliance/service';
import { getDb } from '@/lib/db/client';
import { getFramework } from '@/lib/frameworks';

export const metadata: Metadata = { title: 'Compliance' };

export default async function CompliancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, scope } = await requireScope('viewer');
  const { framework, window } = compliancePageParams(await searchParams);
  const fw = getFramework(framework);
  const data = await getFleetCompliance(await getDb(), framework, window, new Date(), scope);
  // Attestations and evidence packs are the fleet's (a team role does not grant them).
  const teams = scope.kind === 'teams';
  const canAttest = !teams && hasRole(user.role, 'analyst');
  return (
    <>
      <PageHeader
        title="Compliance"
        description={
          teams
            ? `${fw.description} The latest successful scan of each cluster of your teams; a control fails when it fails on any of them.${data.clusters.some((c) => c.part) ? ' Where your teams own part of a cluster, its controls are judged on your namespaces’ results only.' : ''}`
            : `${fw.description} Every cluster's latest successful scan; a control fails when it fails on any cluster.`
        }
        actions={canAttest ? <EvidenceButton framework={framework} clusterId={null} /> : undefined}
      />
      <FrameworkTabs current={framework} base="/compliance" />
      <ComplianceSummary summary={data.summary} trend={data.trend} percentNote="For the fleet the percentage counts every (cluster, control) pair; the trend counts each cluster by its latest scan of each day." />
      <section aria-labelledby="clusters-heading" className="mb-6 space-y-2">
        <h2 id="clusters-heading" className="text-sm font-semibold">
          Clusters
        </h2>
        <Table>
          <TableCaption>Compliance of each cluster</TableCaption>
          <THead>
            <tr>
              <TH>Cluster</TH>
              <TH>Kubernetes</TH>
              <TH>Latest scan</TH>
              <TH className="text-right">Compliance</TH>
              <TH className="text-right">Failed controls</TH>
            </tr>
          </THead>
          <TBody>
            {data.clusters.map((c) => (
              <TR key={c.id}>
                <TD>
                  <Link href={`/clusters/${c.id}/compliance?framework=${framework}`} className="font-medium hover:text-accent hover:underline">
                    {c.name}
                  </Link>
                  {c.part ? <span className="ml-2 text-xs text-muted">your namespaces</span> : null}
                </TD>
                <TD className="text-xs text-muted">{c.kubernetesVersion ?? '—'}</TD>
                <TD className="text-xs text-muted">{c.scanAt ? c.scanAt.slice(0, 16).replace('T', ' ') : 'never'}</TD>
                <TD className="text-right tabular-nums">{c.summary.percent === null ? '—' : `${c.summary.percent} %`}</TD>
                <TD className="text-right tabular-nums">{c.summary.failed}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </section>
      <ControlTable framework={framework} controls={data.controls} clusterId={null} canAttest={canAttest} />
    </>
  );
}
