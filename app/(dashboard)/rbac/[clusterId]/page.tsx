import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RbacExplorer } from '@/components/rbac/rbac-explorer';
import { PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { getCluster } from '@/lib/clusters/service';
import { getDb } from '@/lib/db/client';
import { canSeeCluster, seesWholeCluster } from '@/lib/teams/scope';

export const metadata: Metadata = { title: 'RBAC explorer' };
export const dynamic = 'force-dynamic';

export default async function RbacClusterPage({ params, searchParams }: { params: Promise<{ clusterId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { scope } = await requireScope('viewer');
  const [{ clusterId }, sp] = await Promise.all([params, searchParams]);
  const pathId = typeof sp.path === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(sp.path) ? sp.path : undefined;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(clusterId) || !canSeeCluster(scope, clusterId)) notFound();
  const cluster = await getCluster(await getDb(), clusterId);
  if (!cluster) notFound();
  return (
    <>
      <PageHeader
        eyebrow="RBAC"
        title={cluster.name}
        description={`Bindings, roles and what they grant, from the cluster's scans. System subjects are hidden unless you ask for them.${
          seesWholeCluster(scope, cluster.id) ? '' : " Limited to your teams' namespaces: the bindings in them, and everything their service accounts can do."
        }`}
      />
      <RbacExplorer clusterId={cluster.id} pathId={pathId} />
    </>
  );
}
