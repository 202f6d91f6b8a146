import type { Metadata } from 'next';
import { ClusterDetails } from '@/components/clusters/cluster-details';
import { ClusterTrends } from '@/components/charts/cluster-trends';
import { ClusterScorecards } from '@/components/scorecards/cluster-scorecards';
import { ButtonLink } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { notFound, redirect } from 'next/navigation';
import { requireScope } from '@/lib/auth/session';
import { canSeeCluster } from '@/lib/teams/scope';
import { FixFirstList } from '@/components/risk/fix-first-list';
import { getDb } from '@/lib/db/client';
import { getFixFirst } from '@/lib/dashboard/fix-first';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getCheck } from '@/lib/checks';

export const metadata: Metadata = { title: 'Cluster' };

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ user, scope }, { id }] = await Promise.all([requireScope('viewer'), params]);
  const validId = /^[A-Za-z0-9_-]{1,64}$/.test(id);
  if (scope.kind === 'teams') {
    // Cluster-wide numbers (score, trends, scans) are the fleet's: a team member gets their namespaces of it.
    if (!validId || !canSeeCluster(scope, id)) notFound();
    redirect(`/clusters/${id}/namespaces`);
  }
  const db = await getDb();
  const [fixFirst, scorecards] = validId
    ? await Promise.all([getFixFirst(db, { clusterId: id, limit: 10 }), getClusterScorecards(db, id, (checkId) => getCheck(checkId)?.title)])
    : [[], null];
  return (
    <>
      <ClusterDetails id={id} canManage={hasRole(user.role, 'admin')} canTest={hasRole(user.role, 'analyst')} />
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
