import type { Metadata } from 'next';
import { Plus } from 'lucide-react';
import { ButtonLink, PageHeader } from '@/components/ui';
import { ClusterList } from '@/components/clusters/cluster-list';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  // A team-scoped user sees the clusters their teams touch (GET /api/clusters limits the list).
  const { user, scope } = await requireScope('viewer');
  const canManage = hasRole(user.role, 'admin') && scope.kind === 'fleet';
  return (
    <>
      <PageHeader
        title="Clusters"
        description="Every registered cluster, whether Rampart can reach it, and when it is scanned."
        actions={
          canManage ? (
            <ButtonLink href="/clusters/new" icon={<Plus className="size-4" aria-hidden="true" />}>
              Register cluster
            </ButtonLink>
          ) : null
        }
      />
      <ClusterList canManage={canManage} canTest={hasRole(user.role, 'analyst') && scope.kind === 'fleet'} />
    </>
  );
}
