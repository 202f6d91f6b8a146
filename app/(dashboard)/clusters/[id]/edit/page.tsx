import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui';
import { ClusterForm } from '@/components/clusters/cluster-form';
import { requireUser } from '@/lib/auth/session';
import { getCluster } from '@/lib/clusters';
import { getDb } from '@/lib/db/client';

export const metadata: Metadata = { title: 'Edit cluster' };

export default async function EditClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const [, { id }] = await Promise.all([requireUser('admin'), params]);
  const cluster = await getCluster(await getDb(), id);
  if (!cluster) notFound();
  return (
    <div className="max-w-4xl">
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${cluster.id}`} className="hover:underline">
            Clusters / {cluster.name}
          </Link>
        }
        title={`Edit ${cluster.name}`}
        description="Change how the cluster is named, labelled and scheduled, or replace its credentials."
      />
      <ClusterForm mode="edit" cluster={cluster} />
    </div>
  );
}
