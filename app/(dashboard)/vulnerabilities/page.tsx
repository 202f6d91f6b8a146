import type { Metadata } from 'next';
import Link from 'next/link';
import { ConfigAuditTable, CveCountsText, imageHref, TrivyCoverageGap, WorkloadList } from '@/components/risk/vulnerability-parts';
import { Button, ButtonLink, buttonClasses, EmptyState, PageHeader } from '@/components/ui';
import { Input, Label } from '@/components/ui/input';
import { Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getFleetInventory } from '@/lib/dashboard/vulnerabilities';

export const metadata: Metadata = { title: 'Vulnerabilities' };

export default async function VulnerabilitiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // A team member sees the images of their teams' workloads (lib/dashboard/vulnerabilities.ts).
  const [{ user, scope }, sp] = await Promise.all([requireScope('viewer'), searchParams]);
  const q = typeof sp.q === 'string' ? sp.q.slice(0, 200) : '';
  const fixable = sp.fixable === '1';
  const inventory = await getFleetInventory(await getDb(), { q, fixable }, scope);
  const { configAudit } = inventory;
  const exportHref = (kind: 'images' | 'cves', format: 'csv' | 'json') =>
    `/api/exports/vulnerabilities?${new URLSearchParams({ kind, format, ...(q ? { q } : {}), ...(fixable ? { fixable: '1' } : {}) })}`;
  return (
    <>
      <PageHeader title="Vulnerabilities" description="Images with Trivy Operator reports in each cluster's latest scan: where they run, their known CVEs and whether a fix exists." />
      {inventory.uncovered.length > 0 ? (
        <div className="mb-4">
          <TrivyCoverageGap clusters={inventory.uncovered} />
        </div>
      ) : null}
      <form method="get" aria-label="Filter images" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="vuln-q" className="text-xs text-muted">
            Image
          </Label>
          <Input id="vuln-q" name="q" className="mt-1 w-64" defaultValue={q} placeholder="mysql" />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="fixable" value="1" defaultChecked={fixable} /> Only images with a fix available
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {q || fixable ? (
          <ButtonLink href="/vulnerabilities" variant="ghost">
            Clear filters
          </ButtonLink>
        ) : null}
        {hasRole(user.role, 'analyst') ? (
          <div className="ml-auto flex flex-wrap gap-2" aria-label="Export">
            <a href={exportHref('images', 'csv')} className={buttonClasses('secondary', 'sm')} download>
              Images (CSV)
            </a>
            <a href={exportHref('cves', 'csv')} className={buttonClasses('secondary', 'sm')} download>
              CVEs (CSV)
            </a>
            <a href={exportHref('cves', 'json')} className={buttonClasses('ghost', 'sm')} download>
              CVEs (JSON)
            </a>
          </div>
        ) : null}
      </form>
      {inventory.images.length === 0 ? (
        <EmptyState title={inventory.scanned === 0 ? 'No scan yet' : 'No image matches'} description={inventory.scanned === 0 ? 'Scan a cluster with Trivy Operator installed to see its images here.' : 'No reported image matches these filters.'} />
      ) : (
        <Table>
          <TableCaption>Image inventory: images, where they run and their known vulnerabilities</TableCaption>
          <THead>
            <tr>
              <TH>Image</TH>
              <TH>Known vulnerabilities</TH>
              <TH>With a fix</TH>
              <TH>Workloads</TH>
              <TH>Clusters</TH>
            </tr>
          </THead>
          <TBody>
            {inventory.images.map((img) => (
              <TR key={img.image}>
                <TD>
                  <Link href={imageHref(img.image)} className="font-mono text-xs text-accent hover:underline">
                    {img.image}
                  </Link>
                </TD>
                <TD className="text-xs">
                  <CveCountsText counts={img.counts} />
                </TD>
                <TD className="text-xs tabular-nums">{img.fixable > 0 ? `${img.fixable} listed` : 'none'}</TD>
                <TD>
                  <WorkloadList workloads={img.workloads} showCluster={false} />
                </TD>
                <TD className="text-xs">{img.clusters.map((c) => c.name).join(', ')}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {configAudit.length > 0 ? (
        <div className="mt-6">
          <ConfigAuditTable rows={configAudit.slice(0, 200)} />
        </div>
      ) : null}
    </>
  );
}
