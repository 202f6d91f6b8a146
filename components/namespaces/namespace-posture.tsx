import clsx from 'clsx';
import Link from 'next/link';
import { Card, CardBody, CardHeader, GradeBadge, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import { SeverityCounts } from '@/components/findings/severity-counts';
import type { Severity } from '@/lib/checks/types';
import type { NamespaceScorecard } from '@/lib/dashboard/namespaces';
import { SECTIONS } from '@/lib/dashboard/sections';
import type { SectionId } from '@/lib/checks/types';
import { formatCount } from '@/lib/format';

const SHORT_SECTION: Record<SectionId, string> = { cluster: 'Cluster', authentication: 'Authentication', authorization: 'Authorization', images: 'Images', workloads: 'Workloads', secrets: 'Secrets' };

/** Cell colours of the heat map, by grade (the grade colours of the scorecards). */
const CELL: Record<NamespaceScorecard['grade'], string> = {
  A: 'bg-grade-a/15 text-grade-a',
  B: 'bg-grade-b/15 text-grade-b',
  C: 'bg-grade-c/20 text-grade-c',
  D: 'bg-grade-d/20 text-grade-d',
  F: 'bg-grade-f/25 text-grade-f',
};

/** Namespace × guide section: each cell the section's score within that namespace, coloured by grade; a link to those findings. */
export function NamespaceHeatmap({
  namespaces,
  sections,
  findingsHref,
}: {
  namespaces: NamespaceScorecard[];
  sections: readonly SectionId[];
  findingsHref: (namespace: string, section?: SectionId) => string;
}) {
  return (
    <Table className="text-sm" data-testid="namespace-heatmap">
      <TableCaption>Score of each guide section within each namespace, worst namespace first</TableCaption>
      <THead>
        <tr>
          <TH className="px-3!">Namespace</TH>
          <TH className="px-3! text-center">Overall</TH>
          {sections.map((s) => (
            // Short names that may wrap: the full titles made the table wider than the page at 1280 px.
            <TH key={s} className="px-2! text-center whitespace-normal!" title={SECTIONS[s].title}>
              {SECTIONS[s].number}. {SHORT_SECTION[s]}
            </TH>
          ))}
        </tr>
      </THead>
      <TBody>
        {namespaces.map((n) => (
          <TR key={n.name} data-namespace={n.name}>
            <TD className="px-3! py-1.5!">
              <Link href={findingsHref(n.name)} className="font-mono text-xs font-medium hover:text-accent hover:underline">
                {n.name}
              </Link>
              {n.owner ? <span className="ml-2 text-xs text-muted">{n.owner}</span> : null}
            </TD>
            <TD className="px-2! py-1! text-center">
              <span className={clsx('inline-block min-w-12 rounded px-2 py-1 font-semibold tabular-nums', CELL[n.grade])}>{n.score}</span>
            </TD>
            {sections.map((s) => {
              const cell = n.sections[s];
              return (
                <TD key={s} className="px-2! py-1! text-center">
                  {cell ? (
                    <Link
                      href={findingsHref(n.name, s)}
                      title={`${n.name}, ${SECTIONS[s].title}: ${cell.score} (grade ${cell.grade}), ${cell.applicable} results`}
                      className={clsx('inline-block min-w-12 rounded px-2 py-1 font-semibold tabular-nums hover:ring-2 hover:ring-accent', CELL[cell.grade as NamespaceScorecard['grade']])}
                      data-section={s}
                    >
                      {cell.score}
                    </Link>
                  ) : (
                    <span className="text-muted" title="Nothing in this namespace is checked by this section">
                      —
                    </span>
                  )}
                </TD>
              );
            })}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/** One card per namespace: grade and score, owner, what caps it, and its open findings now. */
export function NamespaceScorecards({
  namespaces,
  openNow,
  findingsHref,
}: {
  namespaces: NamespaceScorecard[];
  /** Open findings per namespace now (the findings browser's group by namespace). */
  openNow: Map<string, { count: number; bySeverity: Record<Severity, number> }>;
  findingsHref: (namespace: string) => string;
}) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="namespace-scorecards">
      {namespaces.map((n) => {
        const open = openNow.get(n.name);
        return (
          <Card key={n.name} data-namespace-card={n.name}>
            <CardHeader
              title={<span className="font-mono text-sm">{n.name}</span>}
              description={n.owner ? `Owner: ${n.owner}` : 'No owner label'}
              actions={<GradeBadge grade={n.grade} />}
            />
            <CardBody className="space-y-2 text-sm">
              <p>
                <span className="text-2xl font-semibold tabular-nums" data-namespace-score>
                  {n.score}
                </span>
                <span className="text-muted"> / 100</span>
                {n.cap ? <span className="ml-2 text-xs text-muted">capped at {n.cap.grade} by {n.cap.findings} {n.cap.severity} finding{n.cap.findings === 1 ? '' : 's'} (otherwise {n.uncappedScore})</span> : null}
              </p>
              <p className="text-xs text-muted">
                {n.passed} passed, {n.failed} failed{n.excepted ? `, ${n.excepted} excepted` : ''} at the scan
              </p>
              <div className="flex items-center justify-between gap-2">
                {open ? <SeverityCounts counts={open.bySeverity} /> : <span className="text-xs text-muted">No open findings</span>}
                <Link href={findingsHref(n.name)} className="text-xs font-medium text-accent hover:underline">
                  {open ? `${formatCount(open.count)} open finding${open.count === 1 ? '' : 's'}` : 'Findings'}
                </Link>
              </div>
            </CardBody>
          </Card>
        );
      })}
    </div>
  );
}
