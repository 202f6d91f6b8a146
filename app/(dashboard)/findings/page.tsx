import { ShieldCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingsFilters } from '@/components/findings/findings-filters';
import { BulkAcceptRisk } from '@/components/findings/accept-risk-button';
import { BulkTicketLink } from '@/components/findings/bulk-ticket';
import { FindingGroupsTable, FindingsTable, type SortColumn, type SortLink } from '@/components/findings/findings-table';
import { Pager } from '@/components/findings/pager';
import { ButtonLink, EmptyState, ErrorState, PageHeader } from '@/components/ui';
import { hasRole } from '@/lib/auth/roles';
import { requireScope } from '@/lib/auth/session';
import { CHECKS, getCheck } from '@/lib/checks';
import { getDb } from '@/lib/db/client';
import { findingFilterOptions, InvalidCursorError, listFindings } from '@/lib/dashboard/findings';
import { groupFindings, type FindingGroupRow } from '@/lib/dashboard/findings-groups';
import { findingFiltersToParams, MAX_JUMP_ROWS, safeParseFindingFilters, type FindingFilters } from '@/lib/dashboard/findings-filters';
import { formatTotal, type FindingTotal } from '@/lib/dashboard/findings-total';
import { ownerLabelKey } from '@/lib/dashboard/namespaces';
import { formatCount } from '@/lib/format';
import { getFramework } from '@/lib/frameworks';

export const metadata: Metadata = { title: 'Findings' };

const title = (id: string) => getCheck(id)?.title;
const href = (p: URLSearchParams) => `/findings${p.size ? `?${p.toString()}` : ''}`;

function GroupTabs({ filters }: { filters: FindingFilters }) {
  const tabs = [
    { id: 'none', label: 'Findings' },
    { id: 'check', label: 'By check' },
    { id: 'resource', label: 'By resource' },
    { id: 'namespace', label: 'By namespace' },
  ] as const;
  return (
    <nav aria-label="Group findings" className="flex gap-1 rounded-lg border border-border bg-surface p-1 text-sm">
      {tabs.map((t) => {
        const active = filters.group === t.id;
        return (
          <Link
            key={t.id}
            href={href(findingFiltersToParams({ ...filters, group: t.id }))}
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

const totalPagesOf = (total: FindingTotal | null, limit: number) => (total?.exact ? Math.max(1, Math.ceil(total.count / limit)) : null);

/** Column header links: a click sorts by that column, a second click reverses it. */
function sortLinks(filters: FindingFilters): Partial<Record<SortColumn, SortLink>> {
  const link = (sort: FindingFilters['sort'], column: SortColumn): SortLink => {
    const active = column === 'age' ? filters.sort === 'newest' || filters.sort === 'oldest' : filters.sort === sort;
    const dir = active && filters.dir === 'asc' ? 'desc' : 'asc';
    const next = column === 'age' ? { sort: active && filters.sort === 'newest' ? ('oldest' as const) : ('newest' as const), dir: 'asc' as const } : { sort, dir: dir as FindingFilters['dir'] };
    return { href: href(findingFiltersToParams({ ...filters, ...next })), active: active ? (column === 'age' ? (filters.sort === 'newest' ? 'asc' : 'desc') : filters.dir) : null };
  };
  return { severity: link('severity', 'severity'), check: link('check', 'check'), resource: link('resource', 'resource'), namespace: link('namespace', 'namespace'), age: link('newest', 'age') };
}

function groupHref(filters: FindingFilters, g: FindingGroupRow): string {
  const p = findingFiltersToParams({ ...filters, group: 'none' });
  if (g.checkId) p.set('check', g.checkId);
  if (g.resource) {
    p.set('cluster', g.resource.clusterId);
    p.set('kind', g.resource.kind);
    p.set('name', g.resource.name);
    if (g.resource.namespace) p.set('namespace', g.resource.namespace);
  }
  if (g.namespace) {
    p.set('cluster', g.namespace.clusterId);
    if (g.namespace.name) p.set('namespace', g.namespace.name);
  }
  return href(p);
}

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, scope } = await requireScope('viewer');
  // A team member's request is checked per finding against their role in its teams (POST /api/exceptions).
  const canAccept = hasRole(user.role, 'analyst');
  const { filters, error } = safeParseFindingFilters(await searchParams);
  const db = await getDb();
  const options = await findingFilterOptions(db, filters.cluster, scope);
  const showCluster = !filters.cluster && options.clusters.length > 1;
  const base = findingFiltersToParams(filters);
  const withParams = (extra: Record<string, string>) => {
    const p = new URLSearchParams(base);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return href(p);
  };

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
    const result = await groupFindings(db, filters, filters.group, title, new Date(), filters.limit, scope);
    const totalPages = totalPagesOf(result.total, filters.limit);
    const noun = filters.group === 'check' ? 'check' : filters.group === 'resource' ? 'resource' : 'namespace';
    body = result.groups.length ? (
      <div className="space-y-2">
        <FindingGroupsTable groups={result.groups} group={filters.group} hrefFor={(g) => groupHref(filters, g)} />
        <Pager
          page={result.page}
          totalPages={totalPages}
          summary={`${result.total ? formatTotal(result.total, noun) : `Page ${result.page}`}${totalPages ? ` · page ${result.page} of ${formatCount(totalPages)}` : ''}, riskiest first`}
          links={{
            first: href(base),
            prev: result.page > 1 ? withParams({ page: String(result.page - 1) }) : undefined,
            next: result.truncated ? withParams({ page: String(result.page + 1) }) : undefined,
            last: totalPages ? withParams({ page: String(totalPages) }) : undefined,
          }}
          jumpHref={(n) => (totalPages === null || n <= totalPages ? withParams({ page: String(n) }) : undefined)}
        />
      </div>
    ) : (
      <NoMatches filters={filters} />
    );
  } else {
    let page;
    try {
      page = await listFindings(db, filters, title, new Date(), scope);
    } catch (err) {
      if (!(err instanceof InvalidCursorError)) throw err;
      body = <ErrorState title="Could not open this page of results" error={err} action={<ButtonLink href={href(base)} variant="secondary" size="sm">Back to the first page</ButtonLink>} />;
    }
    if (page) {
      const totalPages = totalPagesOf(page.total, filters.limit);
      body = page.findings.length ? (
        <div className="space-y-2">
          {canAccept && page.findings.some((f) => f.status === 'open') ? (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <BulkAcceptRisk />
              <BulkTicketLink />
            </div>
          ) : null}
          <Pager
            page={page.page}
            totalPages={totalPages}
            summary={`${formatTotal(page.total)} · page ${formatCount(page.page)}${totalPages ? ` of ${formatCount(totalPages)}` : ''}`}
            links={{
              first: href(base),
              // Within the page-number range a previous page is a jump (a forward walk: fast at any size);
              // deeper, the rows before this page's first row.
              prev: page.prevCursor
                ? (page.page - 2) * filters.limit <= MAX_JUMP_ROWS
                  ? withParams({ page: String(Math.max(1, page.page - 1)) })
                  : withParams({ before: page.prevCursor, page: String(Math.max(1, page.page - 1)) })
                : undefined,
              next: page.nextCursor ? withParams({ cursor: page.nextCursor, page: String(page.page + 1) }) : undefined,
              last: withParams({ last: '1' }),
            }}
            jumpHref={(n) => ((n - 1) * filters.limit <= MAX_JUMP_ROWS && (totalPages === null || n <= totalPages) ? withParams({ page: String(n) }) : undefined)}
          />
          <FindingsTable findings={page.findings} showCluster={showCluster} selectable={canAccept} sortLinks={sortLinks(filters)} />
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
        {error ? <ErrorState title="Part of this address was not understood and was left out" error={error} action={<ButtonLink href={href(base)} variant="secondary" size="sm">Show the address without it</ButtonLink>} /> : null}
        <FindingsFilters
          key={base.toString()}
          value={{
            cluster: filters.cluster,
            section: filters.section,
            check: filters.check,
            framework: filters.framework,
            control: filters.control,
            severity: filters.severity?.join(','),
            status: filters.status,
            namespace: filters.namespace,
            kind: filters.kind,
            name: filters.name,
            since: filters.since?.toISOString().slice(0, 10),
            owner: filters.owner,
            sla: filters.sla,
            team: filters.team,
            q: filters.q,
            sort: filters.sort,
            dir: filters.dir,
            group: filters.group,
            limit: filters.limit !== 50 ? String(filters.limit) : undefined,
          }}
          clusters={options.clusters}
          namespaces={options.namespaces}
          kinds={options.kinds}
          owners={options.owners}
          teams={options.teams}
          ownerLabel={ownerLabelKey()}
          frameworkLabel={filters.framework ? `${getFramework(filters.framework).name}${filters.control ? ` ${filters.control}` : ''}` : undefined}
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
