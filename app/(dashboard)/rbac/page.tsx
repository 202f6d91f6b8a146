import { Network } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink, Card, EmptyState, PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { listClusters } from '@/lib/clusters/service';
import { getDb } from '@/lib/db/client';
import { clustersVisibleWhere } from '@/lib/teams/scope';

export const metadata: Metadata = { title: 'RBAC' };
export const dynamic = 'force-dynamic';

/** Cluster picker for the RBAC explorer (a team member: the clusters their teams touch). */
export default async function RbacPage() {
  const { scope } = await requireScope('viewer');
  const clusters = await listClusters(await getDb(), clustersVisibleWhere(scope));
  return (
    <>
      <PageHeader title="RBAC" description="Who can do what in each cluster: bindings as a graph, who-can questions, risky subjects and escalation paths (guide section 3)." />
      {clusters.length === 0 ? (
        <EmptyState icon={<Network className="size-5" />} title="No clusters yet" description="Register a cluster and scan it to explore its RBAC." action={<ButtonLink href="/clusters">Clusters</ButtonLink>} />
      ) : (
        <Card>
          <ul className="divide-y divide-border" aria-label="Clusters">
            {clusters.map((c) => (
              <li key={c.id}>
                <Link href={`/rbac/${encodeURIComponent(c.id)}`} className="flex items-center justify-between px-5 py-3 text-sm hover:bg-surface-muted">
                  <span className="font-medium text-foreground">{c.name}</span>
                  <span className="text-muted">Explore RBAC →</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
