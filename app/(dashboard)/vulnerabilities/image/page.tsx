import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BackToVulnerabilities, CveCountsText, CveTable, ExposedSecretsTable, WorkloadList } from '@/components/risk/vulnerability-parts';
import { Card, CardBody, CardHeader, PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getImageDetail } from '@/lib/dashboard/vulnerabilities';

export const metadata: Metadata = { title: 'Image vulnerabilities' };

export default async function ImagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ scope }, sp] = await Promise.all([requireScope('viewer'), searchParams]);
  const ref = typeof sp.ref === 'string' ? sp.ref.slice(0, 1000) : '';
  if (!ref) notFound();
  const image = await getImageDetail(await getDb(), ref, scope);
  if (!image) notFound();
  return (
    <>
      <PageHeader
        eyebrow={<BackToVulnerabilities />}
        title={image.image}
        description={<CveCountsText counts={image.counts} />}
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Where it runs" description={`In ${image.clusters.map((c) => c.name).join(', ')}.`} />
          <CardBody>
            <WorkloadList workloads={image.workloads} showCluster />
          </CardBody>
        </Card>
        {image.secrets.length > 0 ? <ExposedSecretsTable secrets={image.secrets} image={image.image} /> : null}
        <CveTable cves={image.cves} caption={`Known vulnerabilities of ${image.image}${image.truncated ? ` (the ${image.cves.length} most severe; ${image.truncated} more in the report)` : ''}`} />
      </div>
    </>
  );
}
