import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RbacExplorer } from '@/components/rbac/rbac-explorer';
import { PageHeader } from '@/components/ui';
import { requireUser } from '@/lib/auth/session';
import { getCluster } from '@/lib/clusters/service';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'RBAC explorer' };
export const dynamic = 'force-dynamic';

export default async function RbacClusterPage({ params, searchParams }: { params: Promise<{ clusterId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser('viewer');
  const [{ clusterId }, sp] = await Promise.all([params, searchParams]);
  const pathId = typeof sp.path === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(sp.path) ? sp.path : undefined;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clusterId)) notFound();
  const cluster = await getCluster(await getDb(), clusterId);
  if (!cluster) notFound();
  return (
    <>
      <PageHeader eyebrow="RBAC" title={cluster.name} description="Bindings, roles and what they grant, from the cluster's scans. System subjects are hidden unless you ask for them." />
      <RbacExplorer clusterId={cluster.id} pathId={pathId} />
    </>
  );
}
