import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardBody, CardHeader, PageHeader, SeverityBadge } from '@/components/ui';
import { requireUser } from '@/lib/auth/session';
import { SECTION_IDS } from '@/lib/checks/types';
import { getDb } from '@/lib/db/client';
import { getCheckCatalog, type CatalogCheck } from '@/lib/dashboard/check-catalog';
import { SECTIONS } from '@/lib/dashboard/sections';

export const metadata: Metadata = { title: 'Checks' };

function FleetResult({ fleet }: { fleet: CatalogCheck['fleet'] }) {
  if (!fleet) return <p className="text-xs text-muted">No result in any cluster&apos;s latest scan (not applicable, or nothing scanned yet).</p>;
  return (
    <p className="text-xs">
      <span className="font-semibold text-success tabular-nums">{fleet.passed}</span> <span className="text-muted">passed</span> ·{' '}
      <span className={`font-semibold tabular-nums ${fleet.failed ? 'text-danger' : ''}`}>{fleet.failed}</span> <span className="text-muted">failed</span>
      {fleet.excepted ? (
        <>
          {' '}
          · <span className="font-semibold tabular-nums">{fleet.excepted}</span> <span className="text-muted">excepted</span>
        </>
      ) : null}
      <span className="text-muted">
        {' '}
        — fails in {fleet.clustersFailing} of {fleet.clustersScanned} cluster{fleet.clustersScanned === 1 ? '' : 's'}
      </span>
    </p>
  );
}

export default async function ChecksPage() {
  await requireUser('viewer');
  const { checks, clustersScanned } = await getCheckCatalog(await getDb());
  return (
    <>
      <PageHeader
        title="Check catalog"
        description={`Every check Rampart runs, grouped by hardening-guide section, with what it looks at, how to fix a failure and the frameworks it maps to. Results are summed over the latest successful scan of ${clustersScanned} cluster${clustersScanned === 1 ? '' : 's'}.`}
      />
      <nav aria-label="Sections" className="mb-6 flex flex-wrap gap-2 text-sm">
        {SECTION_IDS.map((s) => (
          <a key={s} href={`#section-${s}`} className="rounded-md border border-border bg-surface px-2.5 py-1 text-muted hover:text-accent">
            {SECTIONS[s].number}. {SECTIONS[s].title}
          </a>
        ))}
      </nav>
      <div className="space-y-8">
        {SECTION_IDS.map((section) => (
          <section key={section} id={`section-${section}`} aria-labelledby={`h-${section}`} className="scroll-mt-4 space-y-3">
            <div>
              <h2 id={`h-${section}`} className="text-base font-semibold">
                {SECTIONS[section].number}. {SECTIONS[section].title}
              </h2>
              <p className="text-sm text-muted">{SECTIONS[section].covers}</p>
            </div>
            {checks
              .filter((c) => c.section === section)
              .map((c) => (
                <Card key={c.id} id={c.id} className="scroll-mt-4">
                  <CardHeader
                    titleAs="h3"
                    title={c.title}
                    description={
                      <span className="font-mono text-xs">
                        {c.id} · guide §{c.guideRef}
                      </span>
                    }
                    actions={<SeverityBadge severity={c.severity} />}
                  />
                  <CardBody className="space-y-2 text-sm">
                    <p>{c.description}</p>
                    <FleetResult fleet={c.fleet} />
                    <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
                      {c.frameworks.cis?.length ? <span>CIS {c.frameworks.cis.join(', ')}</span> : null}
                      {c.frameworks.nsa?.length ? <span>NSA/CISA: {c.frameworks.nsa.join('; ')}</span> : null}
                      {c.frameworks.pss ? (
                        <span>
                          Pod Security Standards: {c.frameworks.pss.level} — {c.frameworks.pss.control}
                        </span>
                      ) : null}
                    </div>
                    <details>
                      <summary className="cursor-pointer text-xs font-medium text-accent hover:underline">How to fix a failure</summary>
                      <ol className="mt-2 list-decimal space-y-1 pl-5">
                        {c.remediation.steps.map((s, i) => (
                          <li key={i}>{s}</li>
                        ))}
                      </ol>
                      {c.remediation.kubectl ? <pre className="mt-2 overflow-x-auto rounded-md bg-surface-muted/60 p-2 font-mono text-xs whitespace-pre-wrap">{c.remediation.kubectl}</pre> : null}
                      {c.remediation.patch ? <pre className="mt-2 overflow-x-auto rounded-md bg-surface-muted/60 p-2 font-mono text-xs">{c.remediation.patch}</pre> : null}
                    </details>
                    {c.fleet?.failed ? (
                      <Link href={`/findings?check=${c.id}`} className="inline-block text-xs font-medium text-accent hover:underline">
                        See the open findings of this check →
                      </Link>
                    ) : null}
                  </CardBody>
                </Card>
              ))}
          </section>
        ))}
      </div>
    </>
  );
}
