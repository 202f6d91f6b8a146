import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackToVulnerabilities, imageHref, WorkloadList } from '@/components/risk/vulnerability-parts';
import { PageHeader, SeverityBadge } from '@/components/ui';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getCveDetail } from '@/lib/dashboard/vulnerabilities';

export const metadata: Metadata = { title: 'CVE' };

export default async function CvePage({ params }: { params: Promise<{ id: string }> }) {
  const [{ scope }, { id: raw }] = await Promise.all([requireScope('viewer'), params]);
  const id = decodeURIComponent(raw);
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(id)) notFound();
  const cve = await getCveDetail(await getDb(), id, scope);
  if (!cve) notFound();
  const workloads = cve.images.reduce((n, i) => n + i.workloads.length, 0);
  return (
    <>
      <PageHeader
        eyebrow={<BackToVulnerabilities />}
        title={cve.id}
        description={cve.sample.title ?? `Which workloads in the fleet run ${cve.id}.`}
        actions={
          <div className="flex items-center gap-2">
            <SeverityBadge severity={cve.sample.severity} />
            {cve.sample.link ? (
              <a href={cve.sample.link} className="text-sm text-accent hover:underline" rel="noreferrer noopener" target="_blank">
                Advisory
              </a>
            ) : null}
          </div>
        }
      />
      <Table>
        <TableCaption>{`Images carrying ${cve.id} and the ${workloads} workload${workloads === 1 ? '' : 's'} running them`}</TableCaption>
        <THead>
          <tr>
            <TH>Image</TH>
            <TH>Package</TH>
            <TH>Installed</TH>
            <TH>Fixed in</TH>
            <TH>Workloads</TH>
          </tr>
        </THead>
        <TBody>
          {cve.images.map((i) => (
            <TR key={`${i.image}/${i.pkg}`}>
              <TD>
                <Link href={imageHref(i.image)} className="font-mono text-xs text-accent hover:underline">
                  {i.image}
                </Link>
              </TD>
              <TD className="font-mono text-xs">{i.pkg}</TD>
              <TD className="font-mono text-xs">{i.installedVersion}</TD>
              <TD className="font-mono text-xs">{i.fixedVersion || 'no fix yet'}</TD>
              <TD>
                <WorkloadList workloads={i.workloads} showCluster />
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </>
  );
}
