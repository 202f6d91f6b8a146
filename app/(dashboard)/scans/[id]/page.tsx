import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDuration, objectListLabel } from '@/components/scans/format';
import { FindingChangeList } from '@/components/scans/scan-changes';
import { Badge, Card, CardBody, CardHeader, EmptyState, GradeBadge, PageHeader, RelativeTime, Stat, type Grade } from '@/components/ui';
import { formatTimestamp } from '@/components/ui/relative-time';
import { requireScope } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { sectionLabel } from '@/lib/dashboard/sections';
import { getScanDetail, SCAN_PHASES } from '@/lib/scans/detail';

export const metadata: Metadata = { title: 'Scan' };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATUS_TONE = { queued: 'neutral', running: 'info', succeeded: 'success', failed: 'danger', cancelled: 'neutral' } as const;
const PHASE_LABEL = { connect: 'Connect', collect: 'List resources', evaluate: 'Evaluate checks', persist: 'Save findings' } as const;

function when(iso: string | null): React.ReactNode {
  return iso ? <RelativeTime date={iso} /> : '—';
}

export default async function ScanPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ scope }, { id }, query] = await Promise.all([requireScope('viewer'), params, searchParams]);
  if (!ID.test(id)) notFound();
  const compare = typeof query.compare === 'string' && ID.test(query.compare) ? query.compare : undefined;
  // A scan of a cluster outside the caller's teams is not found; of one they own in part, the numbers are their namespaces'.
  const detail = await getScanDetail(await getDb(), id, { compareTo: compare, scope });
  if (!detail) notFound();
  const { scan, comparison } = detail;
  const totalPhaseMs = SCAN_PHASES.reduce((a, p) => a + (detail.phaseDurations[p] ?? 0), 0);
  const objects = Object.entries(detail.objectCounts).sort((a, b) => b[1] - a[1]);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/clusters/${scan.clusterId}#cluster-scans-title`} className="inline-flex items-center gap-1 hover:text-accent">
            <ArrowLeft className="size-3.5" aria-hidden="true" /> Scans of {scan.clusterName ?? 'this cluster'}
          </Link>
        }
        title={<span data-testid="scan-title">Scan of {scan.clusterName ?? 'a deleted cluster'}</span>}
        description={
          <>
            {scan.trigger === 'schedule' ? 'Scheduled' : scan.trigger === 'watch' ? 'After a watched change' : scan.triggeredBy ? `Started by ${scan.triggeredBy.name}` : 'Started through the API'} · queued {when(scan.queuedAt)}
            {scan.finishedAt ? <> · finished {when(scan.finishedAt)}</> : null}
            {scan.kubernetesVersion ? ` · Kubernetes ${scan.kubernetesVersion}` : ''}
          </>
        }
        actions={
          <div className="flex items-center gap-2">
            <Badge tone={STATUS_TONE[scan.status]}>{scan.status}</Badge>
            {scan.grade && scan.score !== null ? <GradeBadge grade={scan.grade as Grade} /> : null}
          </div>
        }
      />

      {detail.part ? (
        <p className="mb-6 rounded-md border border-border bg-surface-muted/60 px-3 py-2 text-sm" data-testid="part-scope">
          Your teams own part of this cluster: the findings, score and results of this scan are those of your namespaces only.
        </p>
      ) : null}

      {scan.error ? (
        <Card className="mb-6 border-danger/40">
          <CardBody className="text-sm text-danger" data-testid="scan-detail-error">
            {scan.error}
          </CardBody>
        </Card>
      ) : null}

      <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
        <Stat label="Score" value={scan.score ?? '—'} hint={scan.grade ? `grade ${scan.grade}` : undefined} />
        <Stat label="Opened" value={<span data-testid="scan-opened-count">{detail.opened.total}</span>} tone={detail.opened.total ? 'danger' : 'default'} hint="new findings" />
        <Stat label="Reopened" value={<span data-testid="scan-reopened-count">{detail.reopened.total}</span>} tone={detail.reopened.total ? 'warning' : 'default'} hint="were resolved before" />
        <Stat label="Resolved" value={<span data-testid="scan-resolved-count">{detail.resolved.total}</span>} tone={detail.resolved.total ? 'success' : 'default'} hint="fixed since the scan before" />
        <Stat label="Duration" value={formatDuration(scan.durationMs)} hint={`${scan.resultsPassed + scan.resultsExcepted} passed, ${scan.resultsFailed} failed results`} />
      </div>

      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <FindingChangeList clusterName={scan.clusterName} title="Opened by this scan" list={detail.opened} testId="scan-opened" empty="This scan opened no finding." />
          <FindingChangeList clusterName={scan.clusterName} title="Reopened by this scan" description="Findings that had been resolved and came back." list={detail.reopened} testId="scan-reopened" empty="Nothing came back." />
          <FindingChangeList clusterName={scan.clusterName} title="Resolved by this scan" list={detail.resolved} testId="scan-resolved" empty="This scan resolved no finding." />

          <Card data-testid="scan-comparison">
            <CardHeader
              title="Compared with an earlier scan"
              description="What is new and what was fixed between the two scans, whatever happened in the scans between them."
              actions={
                detail.earlier.length > 0 ? (
                  <form method="get" className="flex items-center gap-2">
                    <label htmlFor="compare" className="sr-only">
                      Earlier scan
                    </label>
                    <select id="compare" name="compare" defaultValue={comparison?.scan.id} className="rounded-md border border-border bg-surface px-2 py-1 text-sm" data-testid="scan-compare-select">
                      {detail.earlier.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.finishedAt ? formatTimestamp(new Date(s.finishedAt)) : s.id}{s.grade ? ` · ${s.grade} ${s.score}` : ''}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="rounded-md border border-border px-2 py-1 text-sm hover:bg-surface-muted">
                      Compare
                    </button>
                  </form>
                ) : null
              }
            />
            {comparison ? (
              <CardBody className="space-y-4">
                <p className="text-sm" data-testid="scan-comparison-summary">
                  Since the scan finished {when(comparison.scan.finishedAt)}: <strong className="text-danger">{comparison.newSince.total} new</strong>, <strong className="text-success">{comparison.resolvedSince.total} fixed</strong>
                  {comparison.scan.score !== null && scan.score !== null ? `; score ${comparison.scan.score} → ${scan.score}` : ''}.
                </p>
                <table className="w-full text-sm">
                  <thead>
                    <tr className="text-left text-xs text-muted">
                      <th className="py-1 font-medium">Section</th>
                      <th className="py-1 text-right font-medium">Before</th>
                      <th className="py-1 text-right font-medium">Now</th>
                      <th className="py-1 text-right font-medium">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comparison.sections.map((s) => {
                      const delta = s.before !== null && s.after !== null ? s.after - s.before : null;
                      return (
                        <tr key={s.section} className="border-t border-border">
                          <td className="py-1">{sectionLabel(s.section)}</td>
                          <td className="py-1 text-right tabular-nums">{s.before ?? '—'}</td>
                          <td className="py-1 text-right tabular-nums">{s.after ?? '—'}</td>
                          <td className={`py-1 text-right tabular-nums ${delta && delta > 0 ? 'text-success' : delta && delta < 0 ? 'text-danger' : 'text-muted'}`}>{delta === null ? '—' : delta > 0 ? `+${delta}` : String(delta)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </CardBody>
            ) : (
              <CardBody>
                <EmptyState title="No earlier scan to compare with" description="The first successful scan of a cluster is the baseline." />
              </CardBody>
            )}
          </Card>
          {comparison ? (
            <>
              <FindingChangeList clusterName={scan.clusterName} title="New since that scan" list={comparison.newSince} testId="scan-new-since" empty="Nothing new." />
              <FindingChangeList clusterName={scan.clusterName} title="Fixed since that scan" list={comparison.resolvedSince} testId="scan-fixed-since" empty="Nothing fixed." />
            </>
          ) : null}
        </div>

        <div className="space-y-6">
          <Card data-testid="scan-phases">
            <CardHeader title="Duration by phase" />
            <CardBody>
              {totalPhaseMs === 0 ? (
                <p className="text-sm text-muted">Not recorded for this scan.</p>
              ) : (
                <dl className="space-y-2 text-sm">
                  {SCAN_PHASES.map((p) => {
                    const ms = detail.phaseDurations[p] ?? 0;
                    return (
                      <div key={p}>
                        <div className="flex justify-between">
                          <dt>{PHASE_LABEL[p]}</dt>
                          <dd className="tabular-nums">{formatDuration(ms)}</dd>
                        </div>
                        <div className="mt-1 h-1.5 rounded bg-surface-muted" aria-hidden="true">
                          <div className="h-1.5 rounded bg-accent" style={{ width: `${Math.max(1, Math.round((100 * ms) / totalPhaseMs))}%` }} />
                        </div>
                      </div>
                    );
                  })}
                </dl>
              )}
            </CardBody>
          </Card>

          <Card data-testid="scan-coverage">
            <CardHeader title={`Coverage gaps (${scan.coverageGaps.length})`} description="What this scan could not read, so was not assessed." />
            <CardBody>
              {scan.coverageGaps.length === 0 ? (
                <p className="text-sm text-muted">None: every kind the checks need was read.</p>
              ) : (
                <ul className="space-y-2 text-sm">
                  {scan.coverageGaps.map((g, i) => (
                    <li key={i}>
                      <span className="font-mono text-xs">{g.resource}</span> <Badge tone="warning">{g.reason}</Badge>
                      <p className="text-muted">{g.message}</p>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>

          <Card>
            <CardHeader title="Objects read" />
            <CardBody>
              {objects.length === 0 ? (
                <p className="text-sm text-muted">—</p>
              ) : (
                <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm">
                  {objects.map(([kind, n]) => (
                    <div key={kind} className="contents">
                      <dt>{objectListLabel(kind)}</dt>
                      <dd className="text-right tabular-nums">{n}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
