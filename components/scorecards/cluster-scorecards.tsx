import { ArrowDownRight, ArrowUpRight, Minus, ShieldQuestion, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { SeverityCounts } from '@/components/findings/severity-counts';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { Card, CardBody, CardHeader, EmptyState, GradeBadge, RelativeTime, SeverityBadge } from '@/components/ui';
import { asGrade } from '@/lib/vocabulary';
import { capLabel, SCORING_EXPLANATION } from '@/lib/scoring';
import type { ClusterScorecards as ClusterScorecardsData } from '@/lib/dashboard/scorecards';
import { SECTIONS } from '@/lib/dashboard/sections';


export function ScoreDelta({ delta, since, empty = 'first scan' }: { delta: number | null; since?: string; empty?: string }) {
  if (delta === null) return <span className="text-xs text-muted">{empty}</span>;
  const label = since ? ` since ${since}` : ' since the previous scan';
  if (delta === 0)
    return (
      <span className="inline-flex items-center gap-1 text-xs text-muted">
        <Minus className="size-3" aria-hidden="true" /> no change{label}
      </span>
    );
  const up = delta > 0;
  const Icon = up ? ArrowUpRight : ArrowDownRight;
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${up ? 'text-success' : 'text-danger'}`}>
      <Icon className="size-3.5" aria-hidden="true" />
      {up ? '+' : '−'}
      {Math.abs(delta)} point{Math.abs(delta) === 1 ? '' : 's'}
      <span className="font-normal text-muted">{label}</span>
    </span>
  );
}

/** Overall grade, one card per guide section and the coverage gaps of the cluster's latest scan. */
/** The cluster's section scorecards; `data` is loaded by the page (lib/dashboard/scorecards). */
export function ClusterScorecards({ clusterId, data }: { clusterId: string; data: ClusterScorecardsData | null }) {
  if (!data) return null;
  if (!data.scan) {
    return (
      <section aria-labelledby="posture-heading" className="mt-6 space-y-3">
        <h2 id="posture-heading" className="text-sm font-semibold">
          Posture
        </h2>
        {data.part ? (
          <EmptyState
            icon={<ShieldQuestion className="size-5" />}
            title="No score for your namespaces yet"
            description="Your teams own part of this cluster. Its scores here are those of your namespaces, which a successful scan records; none has recorded them for your namespaces yet."
          />
        ) : (
          <EmptyState icon={<ShieldQuestion className="size-5" />} title="No completed scan yet" description="Scorecards appear after the first successful scan. Run a scan from the Scans panel above, or wait for the scheduled one." />
        )}
      </section>
    );
  }
  const { scan, previous } = data;
  return (
    <section aria-labelledby="posture-heading" className="mt-6 space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="posture-heading" className="text-sm font-semibold">
          Posture by guide section
        </h2>
        <p className="text-xs text-muted">
          From the scan finished <RelativeTime date={scan.finishedAt} />
          {previous ? (
            <>
              , compared with the one <RelativeTime date={previous.finishedAt} />
            </>
          ) : null}
          .
        </p>
      </div>
      {data.part ? (
        <p className="rounded-md border border-border bg-surface-muted/60 px-3 py-2 text-sm" data-testid="part-scope">
          Your teams own part of this cluster: every number here covers your namespaces only ({data.part.namespaces.join(', ')}), scored together as a namespace scorecard scores one namespace. Results outside them are not shown.
        </p>
      ) : null}

      <Card>
        <CardBody className="flex flex-wrap items-center gap-6">
          <GradeBadge grade={asGrade(scan.grade)} size="lg" />
          <div>
            <p className="text-2xl font-semibold tabular-nums" data-testid="overall-score">
              {scan.score} <span className="text-sm font-normal text-muted">/ 100 overall</span>
            </p>
            {scan.cap ? (
              <p className="text-xs font-medium text-danger" data-testid="overall-cap">
                {capLabel(scan.cap)}
              </p>
            ) : null}
            {scan.partial ? (
              <p className="text-xs text-warning" data-testid="overall-partial">
                Partial: some input could not be read (see coverage gaps); not compared with other scans.
              </p>
            ) : null}
            <ScoreDelta delta={previous ? scan.score - previous.score : null} empty={scan.partial ? 'not compared (partial scan)' : 'no comparable earlier scan'} />
          </div>
          <dl className="flex gap-6 text-sm">
            <div>
              <dt className="text-xs text-muted">Passed</dt>
              <dd className="font-semibold tabular-nums">{scan.passed}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Failed</dt>
              <dd className="font-semibold text-danger tabular-nums">{scan.failed}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Excepted</dt>
              <dd className="font-semibold tabular-nums">{scan.excepted}</dd>
            </div>
          </dl>
          <details className="min-w-72 flex-1 text-sm">
            <summary className="cursor-pointer font-medium text-accent hover:underline">How is the score calculated?</summary>
            <div className="mt-2 space-y-1 rounded-md bg-surface-muted/60 p-3 text-muted">
              {SCORING_EXPLANATION.split('\n').map((line) => (
                <p key={line}>{line}</p>
              ))}
            </div>
          </details>
        </CardBody>
      </Card>

      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {data.sections.map((s) => {
          const meta = SECTIONS[s.section];
          return (
            <Card key={s.section} className="flex flex-col" data-testid={`scorecard-${s.section}`}>
              <CardHeader
                titleAs="h3"
                title={
                  <Link href={`/clusters/${clusterId}/sections/${s.section}`} className="hover:text-accent hover:underline">
                    {meta.number}. {meta.title}
                  </Link>
                }
                description={meta.covers}
                actions={<GradeBadge grade={asGrade(s.grade)} />}
              />
              <CardBody className="flex flex-1 flex-col gap-3 text-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="text-xl font-semibold tabular-nums">
                    {s.score}
                    <span className="text-xs font-normal text-muted"> / 100</span>
                  </p>
                  <ScoreDelta delta={s.delta} empty="no comparable earlier scan" />
                </div>
                {s.cap ? (
                  <p className="text-xs font-medium text-danger" data-testid={`cap-${s.section}`}>
                    {capLabel(s.cap)}
                  </p>
                ) : null}
                <p className="text-xs text-muted">
                  {s.passed + s.failed + s.excepted === 0 ? 'Nothing in this section applied to the cluster.' : `${s.passed} passed · ${s.failed} failed${s.excepted ? ` · ${s.excepted} excepted` : ''}`}
                </p>
                <SeverityCounts counts={s.open} empty="No open findings" />
                {s.worst.length ? (
                  <ul className="space-y-1.5 border-t border-border pt-3" aria-label="Worst open findings">
                    {s.worst.map((f) => (
                      <li key={f.id} className="flex items-start gap-2">
                        <SeverityBadge severity={f.severity} className="shrink-0" />
                        <Link href={`/findings/${f.id}`} className="min-w-0 text-xs hover:text-accent hover:underline">
                          <span className="font-medium">{f.title}</span>
                          <span className="block truncate font-mono text-muted">{resourceLabel(f.resource, data.clusterName)}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <Link href={`/clusters/${clusterId}/sections/${s.section}`} className="mt-auto text-xs font-medium text-accent hover:underline">
                  Checks in this section →
                </Link>
              </CardBody>
            </Card>
          );
        })}
      </div>

      {data.coverageGaps.length ? (
        <Card className="border-warning/40">
          <CardHeader title="Coverage gaps: what the last scan could not read" description="Checks that need these objects could not see them, so their sections may look better than they are. Grant the scanner read access (list/get) to them and scan again; findings are not resolved on missing evidence." />
          <CardBody>
            <ul className="space-y-2 text-sm">
              {data.coverageGaps.map((g, i) => (
                <li key={`${g.resource}-${i}`} className="flex items-start gap-2">
                  <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
                  <span>
                    <span className="font-mono">{g.resource}</span> <span className="text-muted">({g.reason})</span>: {g.message}
                  </span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      ) : (
        <p className="text-xs text-muted">Coverage: the last scan could read everything the checks need.</p>
      )}
    </section>
  );
}
