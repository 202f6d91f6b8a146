import { ShieldCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingsFilters } from '@/components/findings/findings-filters';
import { BulkAcceptRisk } from '@/components/findings/accept-risk-button';
import { FindingGroupsTable, FindingsTable } from '@/components/findings/findings-table';
import { ButtonLink, EmptyState, ErrorState, PageHeader } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { CHECKS, getCheck } from '@/lib/checks';
import { getDb } from '@/lib/db/client';
import { findingFilterOptions, groupFindings, InvalidCursorError, listFindings } from '@/lib/dashboard/findings';
import { findingFiltersToParams, safeParseFindingFilters, type FindingFilters } from '@/lib/dashboard/findings-filters';

export const metadata: Metadata = { title: 'Findings' };

const title = (id: string) => getCheck(id)?.title;

function GroupTabs({ filters }: { filters: FindingFilters }) {
  const tabs = [
    { id: 'none', label: 'Findings' },
    { id: 'check', label: 'By check' },
    { id: 'resource', label: 'By resource' },
  ] as const;
  return (
    <nav aria-label="Group findings" className="flex gap-1 rounded-lg border border-border bg-surface p-1 text-sm">
      {tabs.map((t) => {
        const active = filters.group === t.id;
        const qs = findingFiltersToParams({ ...filters, group: t.id }).toString();
        return (
          <Link
            key={t.id}
            href={`/findings${qs ? `?${qs}` : ''}`}
            aria-current={active ? 'page' : undefined}
            className={active ? 'rounded-md bg-accent-soft px-3 py-1.5 font-medium text-accent' : 'rounded-md px-3 py-1.5 text-muted hover:bg-surface-muted hover:text-foreground'}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('viewer');
  const canAccept = hasRole(user.role, 'analyst');
  const { filters, error } = safeParseFindingFilters(await searchParams);
  const db = await getDb();
  const options = await findingFilterOptions(db, filters.cluster);
  const showCluster = !filters.cluster && options.clusters.length > 1;
  const base = findingFiltersToParams(filters);

  let body: React.ReactNode;
  if (options.clusters.length === 0) {
    body = (
      <EmptyState
        icon={<ShieldCheck className="size-5" />}
        title="No clusters yet"
        description="Findings appear here after a cluster is registered and scanned. Register a cluster, then run a scan from its page."
        action={<ButtonLink href="/clusters">Go to clusters</ButtonLink>}
      />
    );
  } else if (filters.group !== 'none') {
    const { groups, truncated } = await groupFindings(db, filters, filters.group, title);
    body = groups.length ? (
      <div className="space-y-2">
        <FindingGroupsTable
          groups={groups}
          group={filters.group}
          hrefFor={(g) => {
            const p = findingFiltersToParams({ ...filters, group: 'none' });
            if (g.checkId) p.set('check', g.checkId);
            if (g.resource) {
              p.set('cluster', g.resource.clusterId);
              p.set('kind', g.resource.kind);
              p.set('q', g.resource.name);
              if (g.resource.namespace) p.set('namespace', g.resource.namespace);
            }
            return `/findings?${p.toString()}`;
          }}
        />
        {truncated ? <p className="text-xs text-muted">Showing the {groups.length} largest groups. Narrow the filters to see the rest.</p> : null}
      </div>
    ) : (
      <NoMatches filters={filters} />
    );
  } else {
    let page;
    try {
      page = await listFindings(db, filters, title);
    } catch (err) {
      if (!(err instanceof InvalidCursorError)) throw err;
      body = <ErrorState title="Could not open this page of results" error={err} action={<ButtonLink href={`/findings?${base.toString()}`} variant="secondary" size="sm">Back to the first page</ButtonLink>} />;
    }
    if (page) {
      body = page.findings.length ? (
        <div className="space-y-3">
          {canAccept && page.findings.some((f) => f.status === 'open') ? <BulkAcceptRisk /> : null}
          <FindingsTable findings={page.findings} showCluster={showCluster} selectable={canAccept} />
          <nav aria-label="Pages" className="flex items-center justify-between gap-2">
            <p className="text-xs text-muted">
              {page.findings.length} finding{page.findings.length === 1 ? '' : 's'} on this page
            </p>
            <div className="flex gap-2">
              {filters.cursor ? (
                <ButtonLink href={`/findings?${base.toString()}`} variant="secondary" size="sm">
                  First page
                </ButtonLink>
              ) : null}
              {page.nextCursor ? (
                <ButtonLink href={`/findings?${findingFiltersToParams(filters, { cursor: page.nextCursor }).toString()}`} variant="secondary" size="sm">
                  Next page
                </ButtonLink>
              ) : null}
            </div>
          </nav>
        </div>
      ) : (
        <NoMatches filters={filters} />
      );
    }
  }

  return (
    <>
      <PageHeader
        title="Findings"
        description="Everything that fails a check, across your clusters. Start with critical and high findings; open one to see why it matters and how to fix it."
        actions={
          <>
            <ButtonLink href="/checks" variant="ghost" size="sm">
              Check catalog
            </ButtonLink>
            <GroupTabs filters={filters} />
          </>
        }
      />
      <div className="space-y-4">
        {error ? <ErrorState title="Some filters in the address were not understood and were ignored" error={error} /> : null}
        <FindingsFilters
          key={base.toString()}
          value={{
            cluster: filters.cluster,
            section: filters.section,
            check: filters.check,
            severity: filters.severity?.join(','),
            status: filters.status,
            namespace: filters.namespace,
            kind: filters.kind,
            since: filters.since?.toISOString().slice(0, 10),
            q: filters.q,
            sort: filters.sort,
            group: filters.group,
          }}
          clusters={options.clusters}
          namespaces={options.namespaces}
          kinds={options.kinds}
          checks={CHECKS.map((c) => ({ id: c.id, title: c.title, section: c.section }))}
        />
        {body}
      </div>
    </>
  );
}

function NoMatches({ filters }: { filters: FindingFilters }) {
  const message =
    filters.status === 'open'
      ? 'No open findings match these filters. Widen the filters, look at resolved or excepted findings, or run a new scan from a cluster page.'
      : 'No findings match these filters. Clear some filters to widen the search.';
  return <EmptyState icon={<ShieldCheck className="size-5" />} title="Nothing matches" description={message} action={<ButtonLink href="/findings" variant="secondary">Clear filters</ButtonLink>} />;
}
