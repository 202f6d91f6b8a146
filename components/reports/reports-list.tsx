'use client';

/** Generated reports: who made them, scope, status / progress, size, expiry and the download link. Polls while any is in progress. */
import { useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { Badge, Card, CardHeader, EmptyState, ErrorState, RelativeTime, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';
import { describeReportScope } from '@/lib/reports/params';
import type { ReportDto } from '@/lib/reports/service';

function size(bytes: number | null): string {
  if (bytes === null) return '–';
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Status({ r }: { r: ReportDto }) {
  if (r.status === 'succeeded') return <Badge tone="success">Ready</Badge>;
  if (r.status === 'failed') return <Badge tone="danger" title={r.error ?? undefined}>Failed</Badge>;
  return (
    <div className="min-w-28 space-y-1" role="progressbar" aria-valuenow={r.progress} aria-valuemin={0} aria-valuemax={100} aria-label="Report progress">
      <div className="text-xs text-muted">{r.status === 'queued' ? 'Queued' : `Generating… ${r.progress}%`}</div>
      <div className="h-1.5 rounded bg-surface-muted">
        <div className="h-1.5 rounded bg-accent" style={{ width: `${Math.max(3, r.progress)}%` }} />
      </div>
    </div>
  );
}

export function ReportsList({ initial }: { initial: ReportDto[] }) {
  const q = useQuery({
    queryKey: ['reports'],
    queryFn: async () => (await apiFetch<{ reports: ReportDto[] }>('/api/reports')).reports,
    initialData: initial,
    refetchInterval: (query) => ((query.state.data ?? []).some((r) => r.status === 'queued' || r.status === 'running') ? 1500 : false),
  });
  const reports = q.data ?? [];
  return (
    <Card>
      <CardHeader title="Generated reports" description="Large reports render in the background. Reports are kept for a limited time, then deleted." />
      {q.error ? <ErrorState title="Could not load reports" error={q.error} /> : null}
      {reports.length === 0 ? (
        <EmptyState title="No reports yet" description="Reports generated in the background and scheduled reports appear here." />
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Created</TH>
              <TH>Clusters</TH>
              <TH>Scope</TH>
              <TH>By</TH>
              <TH>Status</TH>
              <TH>Size</TH>
              <TH>Expires</TH>
              <TH>
                <span className="sr-only">Download</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {reports.map((r) => (
              <TR key={r.id} data-report-id={r.id}>
                <TD>
                  <RelativeTime date={r.createdAt} />
                </TD>
                <TD>
                  {r.params.clusters.length ? r.clusterNames.join(', ') : r.teams.length ? `Their teams' clusters (${r.clusterNames.length})` : `Fleet (${r.clusterNames.length} clusters)`}
                  {r.teams.length ? <p className="text-xs text-muted">Teams: {r.teams.join(', ')}</p> : null}
                </TD>
                <TD className="max-w-xs text-xs text-muted">{describeReportScope(r.params)}</TD>
                <TD>{r.scheduleName ? `Schedule: ${r.scheduleName}` : (r.createdBy ?? '–')}</TD>
                <TD>
                  <Status r={r} />
                </TD>
                <TD>{size(r.bytes)}</TD>
                <TD>{r.expiresAt ? <RelativeTime date={r.expiresAt} /> : '–'}</TD>
                <TD>
                  {r.status === 'succeeded' ? (
                    <a href={`/api/reports/${r.id}/download`} className="inline-flex items-center gap-1 text-sm font-medium text-accent hover:underline" download>
                      <Download className="size-3.5" aria-hidden="true" />
                      Download
                    </a>
                  ) : null}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
