import type { Metadata } from 'next';
import { ClusterDetails } from '@/components/clusters/cluster-details';
import { ClusterTrends } from '@/components/charts/cluster-trends';
import { ClusterScorecards } from '@/components/scorecards/cluster-scorecards';
import { ButtonLink } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { notFound } from 'next/navigation';
import { requireScope } from '@/lib/auth/session';
import { clusterViewOf } from '@/lib/teams/cluster-view';
import { FixFirstList } from '@/components/risk/fix-first-list';
import { getDb } from '@/lib/db/client';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getCheck } from '@/lib/checks';

export const metadata: Metadata = { title: 'Cluster' };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ user, scope }, { id }] = await Promise.all([requireScope('viewer'), params]);
  const validId = /^[A-Za-z0-9_-]{1,64}$/.test(id);
  // A cluster outside the caller's teams does not exist for them; of one they own in part they see their namespaces' numbers.
  const view = validId ? clusterViewOf(scope, id) : null;
  if (!view && scope.kind === 'teams') notFound();
  const db = await getDb();
  const [fixFirst, scorecards] = view
    ? await Promise.all([
        getFixFirst(db, { clusterId: id, limit: 10, access: scope }),
        getClusterScorecards(db, id, (checkId) => getCheck(checkId)?.title, new Date(), view),
      ])
    : [[], null];
  // Registry actions (edit, test, scan now) are the fleet's: a team role does not grant them.
  const fleet = scope.kind === 'fleet';
  return (
    <>
      <ClusterDetails id={id} canManage={fleet && hasRole(user.role, 'admin')} canTest={fleet && hasRole(user.role, 'analyst')} />
      <ClusterScorecards clusterId={id} data={scorecards} />
      <nav aria-label="Cluster views" className="my-4 flex flex-wrap gap-2">
        <ButtonLink href={`/clusters/${id}/namespaces`} variant="secondary" size="sm">
          Namespaces (scores, heat map, owners)
        </ButtonLink>
        <ButtonLink href={`/clusters/${id}/compliance`} variant="secondary" size="sm">
          Compliance (CIS, NSA/CISA, Pod Security)
        </ButtonLink>
      </nav>
      {fixFirst.length > 0 ? (
        <section aria-labelledby="fix-first-heading" className="mt-6">
          <FixFirstList rows={fixFirst} showCluster={false} />
        </section>
      ) : null}
      <ClusterTrends clusterId={id} />
    </>
  );
}
