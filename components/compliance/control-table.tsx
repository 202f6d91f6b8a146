/**
 * A framework's controls with their status, grouped by the framework's own headings. Server
 * component: the data comes from lib/compliance/service (pages load it); no database access here.
 */
import Link from 'next/link';
import { Badge, Table, TableCaption, TBody, TD, TH, THead, TR, type BadgeTone } from '@/components/ui';
import type { ControlResult, ControlStatus, FleetControl, NotAssessedReason } from '@/lib/frameworks/evaluate';
import { AttestButton, RevokeAttestationButton } from './attest-button';

const STATUS: Record<ControlStatus, { label: string; tone: BadgeTone }> = {
  passed: { label: 'Passed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  excepted: { label: 'Excepted', tone: 'warning' },
  'not-assessed': { label: 'Not assessed', tone: 'neutral' },
  manual: { label: 'Manual', tone: 'info' },
};

export const REASON_LABEL: Record<NotAssessedReason, string> = {
  'node-access': 'needs node access',
  'not-applicable': 'not applicable',
  'coverage-gap': 'coverage gap',
  'no-scan': 'no scan yet',
};

export function StatusBadge({ control }: { control: Pick<ControlResult, 'status' | 'reason' | 'attestation'> }) {
  const s = STATUS[control.status];
  const suffix = control.status === 'not-assessed' && control.reason ? `: ${REASON_LABEL[control.reason]}` : control.status === 'manual' ? (control.attestation ? ': attested' : ': not attested') : '';
  const tone = control.status === 'manual' && control.attestation ? 'success' : s.tone;
  return (
    <Badge tone={tone} dot>
      {s.label}
      {suffix}
    </Badge>
  );
}

function assessedBy(c: ControlResult): string {
  switch (c.assessment) {
    case 'automated':
      return c.checks.map((k) => k.checkId).join(', ');
    case 'node-access':
      return 'Needs node access';
    case 'manual':
      return 'Manual (attested)';
    case 'not-covered':
      return 'No check yet';
  }
}

export function ControlTable({ framework, controls, clusterId, canAttest }: { framework: string; controls: ReadonlyArray<ControlResult | FleetControl>; clusterId: string | null; canAttest: boolean }) {
  const groups = [...new Set(controls.map((c) => c.group))];
  return (
    <Table>
      <TableCaption>Every control of the framework with how it is assessed and its status</TableCaption>
      <THead>
        <tr>
          <TH>Control</TH>
          <TH>Assessed by</TH>
          <TH>Status</TH>
          <TH className="text-right" title="Resources the control's checks evaluated: passed / failed / excepted">
            Results
          </TH>
          <TH>Evidence</TH>
        </tr>
      </THead>
      <TBody>
        {groups.flatMap((g) => [
          <TR key={`g-${g}`}>
            <TD colSpan={5} className="bg-surface-muted text-xs font-semibold uppercase tracking-wide text-muted">
              {g}
            </TD>
          </TR>,
          ...controls
            .filter((c) => c.group === g)
            .map((c) => {
              const findingsHref = `/findings?${new URLSearchParams({ ...(clusterId ? { cluster: clusterId } : {}), framework, control: c.id, status: c.status === 'excepted' ? 'excepted' : 'open' }).toString()}`;
              return (
                <TR key={c.id} data-control={c.id}>
                  <TD className="min-w-[12rem] max-w-sm">
                    <span className="font-mono text-xs text-muted">{c.id}</span> <span className="font-medium">{c.title}</span>
                  </TD>
                  <TD className="max-w-[11rem] text-xs break-words text-muted">{assessedBy(c)}</TD>
                  <TD>
                    <StatusBadge control={c} />
                    {'clusters' in c && c.status !== 'manual' ? <p className="mt-1 text-xs text-muted">{c.clusters.failed} failing, {c.clusters.passed + c.clusters.excepted} passing clusters</p> : null}
                  </TD>
                  <TD className="text-right tabular-nums">{c.assessment === 'automated' ? `${c.counts.passed} / ${c.counts.failed} / ${c.counts.excepted}` : '—'}</TD>
                  <TD className="min-w-[12rem] max-w-sm text-xs">
                    {c.status === 'failed' || c.status === 'excepted' ? (
                      <Link href={findingsHref} className="text-accent hover:underline">
                        {c.status === 'failed' ? `${c.counts.failed} failing` : `${c.counts.excepted} excepted`} → findings
                      </Link>
                    ) : null}
                    {c.note ? <p className="text-muted">{c.note}</p> : null}
                    {c.attestation ? (
                      <p className="text-muted">
                        “{c.attestation.note}” — {c.attestation.attestedBy ?? 'unknown'}, until {c.attestation.expiresAt.slice(0, 10)}
                        {canAttest ? <RevokeAttestationButton id={c.attestation.id} /> : null}
                      </p>
                    ) : null}
                    {c.assessment === 'manual' && !c.attestation && canAttest ? <AttestButton framework={framework} controlId={c.id} title={c.title} clusterId={clusterId} /> : null}
                  </TD>
                </TR>
              );
            }),
        ])}
      </TBody>
    </Table>
  );
}
