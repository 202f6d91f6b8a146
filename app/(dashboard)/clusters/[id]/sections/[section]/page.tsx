import { ArrowLeft, ShieldCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ClusterTrends } from '@/components/charts/cluster-trends';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { ScoreDelta } from '@/components/scorecards/cluster-scorecards';
import { ButtonLink, Card, CardBody, CardHeader, EmptyState, GradeBadge, PageHeader, RelativeTime, SeverityBadge, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import { requireScope } from '@/lib/auth/session';
import { clusterViewOf } from '@/lib/teams/cluster-view';
import { getDb } from '@/lib/db/client';
import { getSectionDetail } from '@/lib/dashboard/section';
import { isSectionId, SECTIONS } from '@/lib/dashboard/sections';
import { asGrade } from '@/lib/vocabulary';

export const metadata: Metadata = { title: 'Section' };

export default async function SectionPage({ params }: { params: Promise<{ id: string; section: string }> }) {
  const [{ scope }, { id, section }] = await Promise.all([requireScope('viewer'), params]);
  if (!isSectionId(section)) notFound();
  // A cluster outside the caller's teams does not exist for them.
  const view = clusterViewOf(scope, id);
  if (!view) notFound();
  const d = await getSectionDetail(await getDb(), id, section, new Date(), view);
  if (!d) notFound();
  const meta = SECTIONS[section];
  const findingsHref = `/findings?cluster=${d.cluster.id}&section=${section}`;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${d.cluster.id}`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> {d.cluster.name}
          </Link>
        }
        title={`${meta.number}. ${meta.title}`}
        description={meta.covers}
        actions={
          d.score ? (
            <div className="flex items-center gap-3">
              <GradeBadge grade={asGrade(d.score.grade)} size="lg" />
              <div>
                <p className="text-xl font-semibold tabular-nums">
                  {d.score.score}
                  <span className="text-xs font-normal text-muted"> / 100</span>
                </p>
                <ScoreDelta delta={d.score.delta} />
              </div>
            </div>
          ) : undefined
        }
      />
      {!d.scan ? (
        <EmptyState icon={<ShieldCheck className="size-5" />} title="No completed scan yet" description="Run a scan from the cluster page; this section's checks and their results appear after it finishes." action={<ButtonLink href={`/clusters/${d.cluster.id}`}>Go to the cluster</ButtonLink>} />
      ) : (
        <div className="space-y-6">
          {d.part ? (
            <p className="rounded-md border border-border bg-surface-muted/60 px-3 py-2 text-sm" data-testid="part-scope">
              Your teams own part of this cluster: the results, score and findings here are those of your namespaces only{d.part.namespaces.length ? ` (${d.part.namespaces.join(', ')})` : ''}.
            </p>
          ) : null}
          <section aria-labelledby="checks-heading" className="space-y-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="checks-heading" className="text-sm font-semibold">
                Checks
              </h2>
              <p className="text-xs text-muted">
                Results of the scan finished <RelativeTime date={d.scan.finishedAt} />; failing checks first.
              </p>
            </div>
            <Table>
              <TableCaption>Checks of this section with pass and fail counts</TableCaption>
              <THead>
                <tr>
                  <TH>Check</TH>
                  <TH>Severity</TH>
                  <TH className="text-right">Passed</TH>
                  <TH className="text-right">Failed</TH>
                  <TH className="text-right">Open findings</TH>
                </tr>
              </THead>
              <TBody>
                {d.checks.map((c) => (
                  <TR key={c.checkId}>
                    <TD className="max-w-xl">
                      <Link href={`/checks#${c.checkId}`} className="font-medium hover:text-accent hover:underline">
                        {c.title}
                      </Link>
                      <p className="mt-0.5 text-xs text-muted">
                        {c.checkId} · guide §{c.guideRef}
                      </p>
                    </TD>
                    <TD>
                      <SeverityBadge severity={c.severity} />
                    </TD>
                    <TD className="text-right tabular-nums">{c.passed ?? <span className="text-xs text-muted">not applicable</span>}</TD>
                    <TD className="text-right tabular-nums">
                      {c.failed === null ? (
                        <span className="text-muted">—</span>
                      ) : (
                        <>
                          <span className={c.failed ? 'font-semibold text-danger' : ''}>{c.failed}</span>
                          {c.failedDelta ? (
                            <span className={`ml-1 text-xs ${c.failedDelta > 0 ? 'text-danger' : 'text-success'}`} title="change since the previous scan">
                              ({c.failedDelta > 0 ? '+' : '−'}
                              {Math.abs(c.failedDelta)})
                            </span>
                          ) : null}
                          {c.excepted ? <span className="ml-1 text-xs text-muted">+{c.excepted} excepted</span> : null}
                        </>
                      )}
                    </TD>
                    <TD className="text-right tabular-nums">
                      {c.openFindings ? (
                        <Link href={`/findings?cluster=${d.cluster.id}&check=${c.checkId}`} className="text-accent hover:underline">
                          {c.openFindings}
                        </Link>
                      ) : (
                        <span className="text-muted">0</span>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </section>

          <Card>
            <CardHeader
              title="Open findings, worst first"
              id="findings"
              description={d.findingsTotal ? `${d.findingsTotal} open finding${d.findingsTotal === 1 ? '' : 's'} in this section` : undefined}
              actions={d.findingsTotal ? <ButtonLink href={findingsHref} variant="secondary" size="sm">Open in the findings browser</ButtonLink> : undefined}
            />
            <CardBody>
              {d.findings.length ? (
                <ul className="divide-y divide-border" data-testid="section-findings" aria-label="Open findings of this section">
                  {d.findings.map((f) => (
                    <li key={f.id} className="flex items-start gap-3 py-2.5">
                      <SeverityBadge severity={f.severity} className="mt-0.5 shrink-0" />
                      <div className="min-w-0">
                        <Link href={`/findings/${f.id}`} className="text-sm font-medium hover:text-accent hover:underline">
                          {f.title}
                        </Link>
                        <p className="truncate font-mono text-xs text-muted">{resourceLabel(f.resource, d.cluster.name)}</p>
                        <p className="line-clamp-1 text-xs text-muted">{f.message}</p>
                      </div>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState icon={<ShieldCheck className="size-5" />} title="No open findings in this section" description="Every applicable check passes or is covered by an accepted risk. Keep it that way: new failures show up here after the next scan." />
              )}
            </CardBody>
          </Card>
          <ClusterTrends clusterId={d.cluster.id} section={section} />
        </div>
      )}
    </>
  );
}
