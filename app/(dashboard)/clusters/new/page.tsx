import Link from 'next/link';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui';
import { ClusterForm } from '@/components/clusters/cluster-form';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Register cluster' };

export default async function NewClusterPage() {
  await requireUser('admin');
  return (
    <div className="max-w-4xl">
      <PageHeader
        eyebrow={
          <Link href="/clusters" className="hover:underline">
            Clusters
          </Link>
        }
        title="Register cluster"
        description="Give Rampart read access to a cluster: upload a kubeconfig or use an API URL with a service-account token. Test the connection, then save."
      />
      <ClusterForm mode="create" />
    </div>
  );
}
