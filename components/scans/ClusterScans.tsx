'use client';
/**
 * A cluster's scans: "Scan now" (analyst and above), a live progress panel for the queued or
 * running scan (phase, kinds listed N/M, objects, checks evaluated — polled every second while it
 * runs), and the scan history with status, timing, trigger, who started it, new/resolved
 * findings, score and grade, and the reason of failed scans.
 */
import { Play } from 'lucide-react';
import Link from 'next/link';
import { Badge, Button, EmptyState, ErrorState, GradeBadge, LoadingRows, Table, TableCaption, TBody, TD, TH, THead, TR, type BadgeTone, type Grade } from '@/components/ui';
import { RelativeTime, formatTimestamp } from '@/components/ui/relative-time';
import { isActiveScan, type ScanDto } from '@/lib/scans/dto';
import { SCAN_ERROR_LABELS, type ScanErrorCode } from '@/lib/scans/errors';
import { useClusterScans, useScan, useStartScan } from './api';
import { formatDuration } from './format';

const STATUS: Record<ScanDto['status'], { label: string; tone: BadgeTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'warning' },
};

const TRIGGER: Record<ScanDto['trigger'], string> = { manual: 'Manual', schedule: 'Schedule', api: 'API', watch: 'Watch', agent: 'Agent upload' };

const PHASES: Array<{ id: string; label: string }> = [
  { id: 'connect', label: 'Connect' },
  { id: 'collect', label: 'Collect' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'persist', label: 'Save' },
];

function StatusBadge({ scan }: { scan: ScanDto }) {
  const s = STATUS[scan.status];
  const retrying = scan.status === 'queued' && scan.phase === 'retrying';
  return (
    <Badge tone={retrying ? 'warning' : s.tone} dot data-testid="scan-status">
      {retrying ? 'Retrying' : s.label}
    </Badge>
  );
}

function Meter({ label, done, total }: { label: string; done?: number; total?: number }) {
  const pct = total ? Math.round((100 * (done ?? 0)) / total) : 0;
  return (
    <div>
      <div className="flex justify-between text-xs text-muted">
        <span>{label}</span>
        <span className="tabular-nums">{total ? `${done ?? 0} / ${total}` : '—'}</span>
      </div>
      <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-surface-muted" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total ?? 0} aria-valuenow={done ?? 0}>
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Live progress of the queued / running scan. */
function ScanProgressPanel({ scanId, clusterId }: { scanId: string; clusterId: string }) {
  const query = useScan(scanId, clusterId);
  const scan = query.data;
  if (!scan) return null;
  const p = scan.progress;
  const phaseIndex = PHASES.findIndex((ph) => ph.id === scan.phase);
  const active = isActiveScan(scan);
  return (
    <div className="rounded-lg border border-border bg-surface-muted/40 p-4" data-testid="scan-progress" aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2 text-sm font-medium text-foreground">
          <StatusBadge scan={scan} />
          <span>{active ? (scan.status === 'queued' ? (scan.phase === 'retrying' ? 'Waiting to retry' : 'Waiting for a worker') : 'Scanning') : 'Scan finished'}</span>
          {p?.attempt && p.attempt > 1 ? <span className="text-xs text-muted">(attempt {p.attempt})</span> : null}
        </div>
        <span className="text-xs text-muted" data-testid="scan-progress-message">
          {p?.message}
        </span>
      </div>
      <ol className="mt-3 flex flex-wrap gap-2 text-xs" aria-label="Scan phases">
        {PHASES.map((ph, i) => {
          const state = scan.status === 'succeeded' || i < phaseIndex ? 'done' : i === phaseIndex && scan.status === 'running' ? 'current' : 'todo';
          return (
            <li
              key={ph.id}
              aria-current={state === 'current' ? 'step' : undefined}
              className={
                state === 'done'
                  ? 'rounded-full bg-success-soft px-2 py-0.5 text-success'
                  : state === 'current'
                    ? 'rounded-full bg-accent-soft px-2 py-0.5 font-medium text-accent'
                    : 'rounded-full bg-surface-muted px-2 py-0.5 text-muted'
              }
            >
              {ph.label}
            </li>
          );
        })}
      </ol>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <Meter label="Kinds listed" done={p?.kindsDone} total={p?.kindsTotal} />
        <div>
          <div className="text-xs text-muted">Objects collected</div>
          <div className="mt-0.5 text-sm font-semibold tabular-nums text-foreground" data-testid="scan-objects">
            {p?.objects ?? 0}
          </div>
        </div>
        <Meter label="Checks evaluated" done={p?.checksDone} total={p?.checksTotal} />
      </div>
      {scan.status === 'queued' && scan.phase === 'retrying' && scan.error ? <p className="mt-3 text-xs text-warning">{scan.error}</p> : null}
    </div>
  );
}

function ScanRow({ scan }: { scan: ScanDto }) {
  const started = scan.startedAt ?? scan.queuedAt;
  return (
    <TR data-testid="scan-row" data-scan-id={scan.id}>
      <TD>
        <StatusBadge scan={scan} />
      </TD>
      <TD>
        <span title={formatTimestamp(new Date(started))}>
          <RelativeTime date={started} />
        </span>
      </TD>
      <TD className="tabular-nums">{scan.status === 'succeeded' || scan.status === 'failed' ? formatDuration(scan.durationMs) : '—'}</TD>
      <TD>{TRIGGER[scan.trigger]}</TD>
      <TD>{scan.triggeredBy ? <span title={scan.triggeredBy.email}>{scan.triggeredBy.name}</span> : <span className="text-muted">{scan.trigger === 'schedule' ? 'Scheduler' : scan.trigger === 'watch' ? 'Watch' : '—'}</span>}</TD>
      <TD className="tabular-nums">
        {scan.status === 'succeeded' ? (
          <span>
            <span className="text-danger" title="New or reopened findings">
              +{scan.findingsNew}
            </span>{' '}
            <span className="text-success" title="Resolved findings">
              −{scan.findingsResolved}
            </span>
          </span>
        ) : (
          '—'
        )}
      </TD>
      <TD>
        {scan.status === 'succeeded' && scan.grade && scan.score !== null ? (
          <span className="inline-flex items-center gap-2">
            <GradeBadge grade={scan.grade as Grade} size="sm" />
            <span className="tabular-nums" data-testid="scan-score">
              {scan.score}
            </span>
          </span>
        ) : (
          '—'
        )}
      </TD>
      <TD className="max-w-md">
        {isActiveScan(scan) ? null : (
          <Link href={`/scans/${scan.id}`} className="mr-2 text-sm text-accent hover:underline" data-testid="scan-open">
            What changed
          </Link>
        )}
        {scan.status === 'failed' && scan.error ? (
          <span className="text-sm text-danger" data-testid="scan-error">
            {scan.errorCode && scan.errorCode in SCAN_ERROR_LABELS ? <strong className="font-medium">{SCAN_ERROR_LABELS[scan.errorCode as ScanErrorCode]}: </strong> : null}
            {scan.error}
          </span>
        ) : scan.status === 'succeeded' && scan.coverageGaps.length > 0 ? (
          <span className="text-xs text-warning" title={scan.coverageGaps.map((g) => g.message).join('\n')}>
            {scan.coverageGaps.length} coverage gap{scan.coverageGaps.length === 1 ? '' : 's'}
          </span>
        ) : scan.status === 'succeeded' && scan.error ? (
          <span className="text-xs text-warning">{scan.error}</span>
        ) : null}
      </TD>
    </TR>
  );
}

export function ClusterScans({ clusterId, canScan }: { clusterId: string; canScan: boolean }) {
  const scans = useClusterScans(clusterId);
  const start = useStartScan(clusterId);
  const active = scans.data?.find(isActiveScan) ?? null;
  // Keep showing the panel of the scan just started until the list catches up.
  const panelId = active?.id ?? (start.data && (scans.data?.[0]?.id === start.data.scan.id ? start.data.scan.id : null)) ?? null;

  return (
    <div className="space-y-4" data-testid="cluster-scans">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted">{scans.data?.length === 1 ? '1 scan' : scans.data?.length ? `${scans.data.length} most recent scans` : 'Scans run on the cluster’s schedule, or now.'}</p>
        {canScan ? (
          <Button icon={<Play className="size-4" aria-hidden="true" />} loading={start.isPending} disabled={Boolean(active)} onClick={() => start.mutate()} title={active ? 'A scan of this cluster is already queued or running.' : undefined}>
            Scan now
          </Button>
        ) : null}
      </div>
      {start.error ? <ErrorState title="The scan could not be started" error={start.error} /> : null}
      {panelId ? <ScanProgressPanel scanId={panelId} clusterId={clusterId} /> : null}
      {scans.isPending ? (
        <LoadingRows rows={3} label="Loading scans…" />
      ) : scans.error ? (
        <ErrorState title="Scans could not be loaded" error={scans.error} action={<Button variant="outline" size="sm" onClick={() => void scans.refetch()}>Retry</Button>} />
      ) : scans.data.length === 0 ? (
        <EmptyState title="No scans yet" description={canScan ? 'Press “Scan now” to scan this cluster, or wait for its schedule.' : 'This cluster has not been scanned yet; it will be on its schedule.'} />
      ) : (
        <Table data-testid="scans-table">
          <TableCaption>Scans of this cluster, newest first</TableCaption>
          <THead>
            <TR>
              <TH scope="col">Status</TH>
              <TH scope="col">Started</TH>
              <TH scope="col">Duration</TH>
              <TH scope="col">Trigger</TH>
              <TH scope="col">Started by</TH>
              <TH scope="col">Findings</TH>
              <TH scope="col">Score</TH>
              <TH scope="col">Details</TH>
            </TR>
          </THead>
          <TBody>
            {scans.data.map((s) => (
              <ScanRow key={s.id} scan={s} />
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
