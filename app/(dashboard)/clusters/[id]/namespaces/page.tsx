import { ArrowLeft, Boxes } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NamespaceHeatmap, NamespaceScorecards } from '@/components/namespaces/namespace-posture';
import { ButtonLink, EmptyState, PageHeader } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { canSeeCluster, seesNamespace } from '@/lib/teams/scope';
import type { SectionId } from '@/lib/checks/types';
import { getDb } from '@/lib/db/client';
import { groupFindings } from '@/lib/dashboard/findings-groups';
import { findingFiltersToParams, parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { getNamespacePosture } from '@/lib/dashboard/namespaces';

export const metadata: Metadata = { title: 'Namespaces' };

const noTitle = () => undefined;

export default async function ClusterNamespacesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ scope }, { id }, sp] = await Promise.all([requireScope('viewer'), params, searchParams]);
  const db = await getDb();
  const cluster = canSeeCluster(scope, id) ? await db.cluster.findUnique({ where: { id }, select: { id: true, name: true } }) : null;
  if (!cluster) notFound();
  const owner = (typeof sp.owner === 'string' ? sp.owner.trim().slice(0, 63) : '') || undefined;
  const [fullPosture, all, open] = await Promise.all([
    getNamespacePosture(db, id, { owner }),
    owner ? getNamespacePosture(db, id) : null,
    // Open findings per namespace now: the findings browser's own group by namespace (within the caller's teams).
    groupFindings(db, parseFindingFilters({ cluster: id }), 'namespace', noTitle, new Date(), 10_000, scope),
  ]);
  // A team member sees the scorecards of their teams' namespaces only.
  const posture = { ...fullPosture, namespaces: fullPosture.namespaces.filter((n) => seesNamespace(scope, id, n.name)) };
  const owners = [...new Set((all ?? posture).namespaces.filter((n) => seesNamespace(scope, id, n.name)).map((n) => n.owner).filter((o): o is string => Boolean(o)))].sort();
  const openNow = new Map(open.groups.filter((g) => g.namespace?.name).map((g) => [g.namespace!.name!, { count: g.count, bySeverity: g.bySeverity }]));
  const findingsHref = (namespace: string, section?: SectionId) => `/findings?${findingFiltersToParams({ cluster: id, namespace, section }).toString()}`;
  const ownerHref = (o?: string) => `/clusters/${id}/namespaces${o ? `?owner=${encodeURIComponent(o)}` : ''}`;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${id}`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> {cluster.name}
          </Link>
        }
        title="Namespaces"
        description={
          posture.scannedAt
            ? `Each namespace scored like the cluster, over the resources in it, at the latest scan (${posture.scannedAt.slice(0, 16).replace('T', ' ')} UTC). Owners come from the namespace label "${posture.ownerLabel}".`
            : 'Namespace scores appear after the next successful scan.'
        }
        actions={
          <ButtonLink href={`/findings?${findingFiltersToParams({ cluster: id, group: 'namespace' }).toString()}`} variant="secondary" size="sm">
            Findings by namespace
          </ButtonLink>
        }
      />
      {owners.length ? (
        <nav aria-label="Filter by owner" className="mb-4 flex flex-wrap items-center gap-1 text-sm">
          <span className="mr-1 text-xs text-muted">Owner:</span>
          {[undefined, ...owners].map((o) => (
            <Link
              key={o ?? '(all)'}
              href={ownerHref(o)}
              aria-current={o === owner ? 'page' : undefined}
              className={o === owner ? 'rounded-md bg-accent-soft px-2.5 py-1 font-medium text-accent' : 'rounded-md px-2.5 py-1 text-muted hover:bg-surface-muted hover:text-foreground'}
            >
              {o ?? 'All'}
            </Link>
          ))}
        </nav>
      ) : null}
      {posture.namespaces.length ? (
        <div className="space-y-6">
          <section aria-labelledby="heatmap-title" className="space-y-2">
            <h2 id="heatmap-title" className="text-sm font-semibold">
              Heat map: namespace × guide section
            </h2>
            <NamespaceHeatmap namespaces={posture.namespaces} sections={posture.sections} findingsHref={findingsHref} />
          </section>
          <section aria-labelledby="cards-title" className="space-y-2">
            <h2 id="cards-title" className="text-sm font-semibold">
              Scorecards, worst first
            </h2>
            <NamespaceScorecards namespaces={posture.namespaces} openNow={openNow} findingsHref={(n) => findingsHref(n)} />
          </section>
        </div>
      ) : (
        <EmptyState
          icon={<Boxes className="size-5" />}
          title={owner ? `No namespace is owned by "${owner}"` : 'No namespace scores yet'}
          description={owner ? 'Pick another owner, or show all namespaces.' : 'Run a scan of this cluster: each scan scores every namespace that has resources the checks look at.'}
          action={
            owner ? (
              <ButtonLink href={ownerHref()} variant="secondary">
                All namespaces
              </ButtonLink>
            ) : undefined
          }
        />
      )}
    </>
  );
}
