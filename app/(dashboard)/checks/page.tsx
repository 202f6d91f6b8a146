import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, Card, EmptyState, Input, PageHeader, Select, SeverityBadge, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { SECTION_IDS, SEVERITIES } from '@/lib/checks/types';
import { getDb } from '@/lib/db/client';
import { getCheckCatalog, type CatalogCheck } from '@/lib/dashboard/check-catalog';
import { applyCatalogQuery, parseCatalogQuery, type CatalogSort } from '@/lib/dashboard/check-catalog-query';
import { SECTIONS, sectionLabel } from '@/lib/dashboard/sections';
import { RemediationStep } from '@/components/findings/remediation-step';

export const metadata: Metadata = { title: 'Checks' };

const SORT_LABEL: Record<CatalogSort, string> = {
  failures: 'Most failing results',
  clusters: 'Most clusters failing',
  severity: 'Severity',
  section: 'Guide section',
  id: 'Check id',
};

function Frameworks({ c }: { c: CatalogCheck }) {
  const parts = [
    c.frameworks.cis?.length ? `CIS ${c.frameworks.cis.join(', ')}` : null,
    c.frameworks.pss ? `PSS ${c.frameworks.pss.level}` : null,
    c.frameworks.nsa?.length ? 'NSA/CISA' : null,
  ].filter(Boolean);
  return <span className="text-xs text-muted">{parts.length ? parts.join(' · ') : '—'}</span>;
}

function Prose({ c }: { c: CatalogCheck }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs font-medium text-accent hover:underline">What it checks and how to fix it</summary>
      <div className="mt-2 space-y-2 text-sm">
        <p>{c.description}</p>
        <p className="text-xs text-muted">
          Hardening guide §{c.guideRef}
          {c.frameworks.nsa?.length ? ` · NSA/CISA: ${c.frameworks.nsa.join('; ')}` : ''}
          {c.frameworks.pss ? ` · Pod Security Standards ${c.frameworks.pss.level}: ${c.frameworks.pss.control}` : ''}
        </p>
        <ol className="list-decimal space-y-1 pl-5">
          {c.remediation.steps.map((s, i) => (
            <li key={i}>
              <RemediationStep text={s} />
            </li>
          ))}
        </ol>
        {c.remediation.kubectl ? <pre className="overflow-x-auto rounded-md bg-surface-muted/60 p-2 font-mono text-xs whitespace-pre-wrap">{c.remediation.kubectl}</pre> : null}
        {c.remediation.patch ? <pre className="overflow-x-auto rounded-md bg-surface-muted/60 p-2 font-mono text-xs">{c.remediation.patch}</pre> : null}
      </div>
    </details>
  );
}

export default async function ChecksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ scope }, params] = await Promise.all([requireScope('viewer'), searchParams]);
  const { checks, clustersScanned } = await getCheckCatalog(await getDb(), scope);
  const { query, ignored } = parseCatalogQuery(params);
  const rows = applyCatalogQuery(checks, query);
  const filtered = rows.length !== checks.length;

  return (
    <>
      <PageHeader
        title="Check catalog"
        description={`${checks.length} checks, each mapped to its hardening-guide section and frameworks. Results are summed over the latest successful scan of ${clustersScanned} cluster${clustersScanned === 1 ? '' : 's'}${scope.kind === 'teams' ? ' of your teams (of a cluster your teams own in part, your namespaces’ results only)' : ''}.`}
      />
      <Card className="mb-4">
        <form method="get" className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-[2fr_1fr_1fr_1fr_1fr_auto]" data-testid="checks-filters">
          <label className="text-xs font-medium text-muted">
            Search
            <Input name="q" defaultValue={query.q} placeholder="id, title, description, CIS id…" className="mt-1 h-9" />
          </label>
          <label className="text-xs font-medium text-muted">
            Section
            <Select name="section" defaultValue={query.section ?? ''} placeholder="All sections" className="mt-1 h-9" options={SECTION_IDS.map((s) => ({ value: s, label: `${SECTIONS[s].number}. ${SECTIONS[s].title}` }))} />
          </label>
          <label className="text-xs font-medium text-muted">
            Severity
            <Select name="severity" defaultValue={query.severity ?? ''} placeholder="Any severity" className="mt-1 h-9" options={SEVERITIES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))} />
          </label>
          <label className="text-xs font-medium text-muted">
            Framework
            <Select
              name="framework"
              defaultValue={query.framework ?? ''}
              placeholder="Any framework"
              className="mt-1 h-9"
              options={[
                { value: 'cis', label: 'CIS Benchmark' },
                { value: 'nsa', label: 'NSA/CISA guidance' },
                { value: 'pss', label: 'Pod Security Standards' },
              ]}
            />
          </label>
          <label className="text-xs font-medium text-muted">
            Sort by
            <Select name="sort" defaultValue={query.sort} className="mt-1 h-9" options={Object.entries(SORT_LABEL).map(([value, label]) => ({ value, label }))} />
          </label>
          <div className="flex items-end gap-2">
            <label className="flex h-9 items-center gap-1.5 text-xs whitespace-nowrap text-muted">
              <input type="checkbox" name="failing" value="1" defaultChecked={query.failing} /> Failing only
            </label>
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
        {ignored.length ? (
          <p className="px-4 pb-3 text-xs text-warning" data-testid="checks-ignored">
            Ignored in the address: {ignored.join(', ')} (not a value this page knows).
          </p>
        ) : null}
      </Card>

      <p className="mb-2 text-sm text-muted" data-testid="checks-count">
        {filtered ? `${rows.length} of ${checks.length} checks` : `${checks.length} checks`} · sorted by {SORT_LABEL[query.sort].toLowerCase()}
        {filtered ? (
          <>
            {' · '}
            <Link href="/checks" className="text-accent hover:underline">
              Clear
            </Link>
          </>
        ) : null}
      </p>

      {rows.length === 0 ? (
        <EmptyState title="No check matches" description="Change the search or the filters." />
      ) : (
        <Card>
          <Table data-testid="checks-table">
            <THead>
              <TR>
                <TH scope="col">Check</TH>
                <TH scope="col">Section</TH>
                <TH scope="col" title="The check's default severity; a result may carry its own">
                  Severity
                </TH>
                <TH scope="col">Frameworks</TH>
                <TH scope="col" className="text-right">
                  Failing
                </TH>
                <TH scope="col" className="text-right">
                  Passed
                </TH>
                <TH scope="col" className="text-right">
                  Clusters failing
                </TH>
              </TR>
            </THead>
            <TBody>
              {rows.map((c) => (
                <TR key={c.id} id={c.id} data-testid="check-row" className="align-top">
                  <TD className="max-w-md min-w-[14rem]">
                    <span className="text-sm font-medium">{c.title}</span>
                    <span className="block font-mono text-xs text-muted">{c.id}</span>
                    <Prose c={c} />
                  </TD>
                  <TD className="max-w-[11rem] text-sm">{sectionLabel(c.section)}</TD>
                  <TD>
                    <SeverityBadge severity={c.severity} />
                  </TD>
                  <TD>
                    <Frameworks c={c} />
                  </TD>
                  <TD className="text-right tabular-nums">
                    {c.fleet?.failed ? (
                      <Link href={`/findings?check=${c.id}`} className="font-semibold text-danger hover:underline" data-testid="check-failed">
                        {c.fleet.failed}
                      </Link>
                    ) : (
                      <span className="text-muted" data-testid="check-failed">
                        {c.fleet ? 0 : '—'}
                      </span>
                    )}
                    {c.fleet?.excepted ? <span className="block text-xs text-muted">{c.fleet.excepted} excepted</span> : null}
                  </TD>
                  <TD className="text-right text-success tabular-nums">{c.fleet ? c.fleet.passed : '—'}</TD>
                  <TD className="text-right tabular-nums">{c.fleet ? `${c.fleet.clustersFailing} of ${clustersScanned}` : '—'}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
