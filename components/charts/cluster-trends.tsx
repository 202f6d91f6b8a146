'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Button, Card, CardBody, CardHeader, EmptyState, ErrorState, Input, Label, Skeleton } from '@/components/ui';
import { formatTimestamp } from '@/components/ui/relative-time';
import { apiFetch } from '@/lib/api-client';
import { timeAxis } from '@/lib/dashboard/time-axis';
import type { TrendPoint, TrendSeries } from '@/lib/dashboard/trends';
import { TREND_RANGES, type TrendRange } from '@/lib/dashboard/trends-range';
import { SEVERITIES } from '@/lib/vocabulary';

const RANGE_LABELS: Record<TrendRange, string> = { '7d': '7 days', '30d': '30 days', '90d': '90 days', '1y': '1 year', custom: 'Custom' };
const SEVERITY_COLORS = {
  critical: 'var(--severity-critical)',
  high: 'var(--severity-high)',
  medium: 'var(--severity-medium)',
  low: 'var(--severity-low)',
  info: 'var(--severity-info)',
} as const;

const tooltipProps = {
  contentStyle: { background: 'var(--surface-raised)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--foreground)', fontSize: 12 },
  labelStyle: { color: 'var(--foreground)', fontWeight: 600 },
  itemStyle: { color: 'var(--foreground)' },
  cursor: { stroke: 'var(--border-strong)', fill: 'var(--surface-muted)', fillOpacity: 0.5 },
};
const axis = { stroke: 'var(--muted)', fontSize: 11, tickLine: false } as const;
const fmtDateTime = (t: unknown) => (typeof t === 'number' || typeof t === 'string' ? formatTimestamp(new Date(t)) : String(t));

/** Where the chart needs a marker: the scoring formula changed, or an exception change re-scored. */
function markers(points: readonly TrendPoint[]): Array<{ t: number; label: string; testId: string }> {
  const out: Array<{ t: number; label: string; testId: string }> = [];
  points.forEach((p, i) => {
    const t = Date.parse(p.at);
    const prev = points[i - 1];
    if (prev && prev.scoringVersion !== p.scoringVersion) out.push({ t, label: `Scoring v${p.scoringVersion}`, testId: 'marker-scoring' });
    if (p.cause === 'exceptions') out.push({ t, label: 'Exceptions', testId: 'marker-exceptions' });
  });
  return out;
}

function fmtHours(h: number | null): string {
  if (h === null) return '—';
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

/** Trend charts of a cluster (or one of its sections): score, open by severity, new vs resolved, MTTR. */
export function ClusterTrends({ clusterId, section }: { clusterId: string; section?: string }) {
  const [range, setRange] = useState<TrendRange>('30d');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState({ from: '', to: '' });
  const params = new URLSearchParams({ range });
  if (section) params.set('section', section);
  if (range === 'custom') {
    params.set('from', applied.from);
    params.set('to', applied.to);
  }
  const enabled = range !== 'custom' || Boolean(applied.from && applied.to);
  const trends = useQuery({
    queryKey: ['trends', clusterId, params.toString()],
    queryFn: () => apiFetch<TrendSeries>(`/api/clusters/${clusterId}/trends?${params.toString()}`),
    enabled,
  });
  // One point per scan (or exception change) at its own time on a numeric time axis.
  const data = trends.data?.points.map((p) => ({
    ...p,
    ...p.open,
    t: Date.parse(p.at),
    // Partial scans are drawn apart and not joined to the line: they are not comparable.
    score: p.partial ? null : p.score,
    partialScore: p.partial ? p.score : null,
  }));
  const scans = data?.filter((p) => p.cause === 'scan');
  const axisOf = trends.data ? timeAxis(new Date(trends.data.from), new Date(trends.data.to)) : null;
  const xAxis = axisOf ? { dataKey: 't', type: 'number' as const, scale: 'time' as const, domain: axisOf.domain, ticks: axisOf.ticks, tickFormatter: axisOf.format, ...axis } : null;
  const marks = trends.data ? markers(trends.data.points) : [];
  const barSize = Math.max(2, Math.min(12, Math.floor(480 / Math.max(1, data?.length ?? 1))));
  const markerLines = marks.map((m) => (
    <ReferenceLine key={`${m.testId}-${m.t}`} x={m.t} stroke="var(--muted)" strokeDasharray="4 3" label={{ value: m.label, position: 'insideTopRight', fontSize: 10, fill: 'var(--muted)' }} />
  ));

  return (
    <section aria-labelledby="trends-heading" className="mt-6 space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="trends-heading" className="text-sm font-semibold">
          Trends{section ? ' for this section' : ''}
        </h2>
        <div className="flex flex-wrap items-end gap-2">
          <div role="group" aria-label="Time range" className="flex gap-1 rounded-lg border border-border bg-surface p-1 text-sm">
            {TREND_RANGES.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={range === r}
                onClick={() => setRange(r)}
                className={range === r ? 'rounded-md bg-accent-soft px-2.5 py-1 font-medium text-accent' : 'rounded-md px-2.5 py-1 text-muted hover:bg-surface-muted hover:text-foreground'}
              >
                {RANGE_LABELS[r]}
              </button>
            ))}
          </div>
          {range === 'custom' ? (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                setApplied(custom);
              }}
            >
              <div>
                <Label htmlFor="trend-from" className="text-xs">
                  From
                </Label>
                <Input id="trend-from" type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
              </div>
              <div>
                <Label htmlFor="trend-to" className="text-xs">
                  To
                </Label>
                <Input id="trend-to" type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
              </div>
              <Button type="submit" size="sm" disabled={!custom.from || !custom.to}>
                Show
              </Button>
            </form>
          ) : null}
        </div>
      </div>

      {!enabled ? (
        <p className="text-sm text-muted">Pick a start and an end date, then choose Show.</p>
      ) : trends.isPending ? (
        <div className="grid gap-4 lg:grid-cols-2" role="status" aria-label="Loading trends">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-64" />
          ))}
        </div>
      ) : trends.isError ? (
        <ErrorState title="Could not load the trends" error={trends.error} action={<Button size="sm" variant="secondary" onClick={() => trends.refetch()}>Try again</Button>} />
      ) : !data?.length ? (
        <EmptyState title="No scans in this range" description="Pick a longer range, or run a scan: every successful scan adds a point to these charts." />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2" data-testid="trend-charts" data-points={data.length} data-markers={marks.map((m) => m.testId).join(' ')}>
          <Card>
            <CardHeader titleAs="h3" title="Score" description="Each scan at its time, 0–100; dashed lines mark a scoring change or an exception change." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis {...xAxis!} />
                  <YAxis domain={[0, 100]} {...axis} />
                  <Tooltip {...tooltipProps} labelFormatter={fmtDateTime} />
                  {markerLines}
                  <Line type="linear" dataKey="score" name="Score" stroke="var(--accent)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
                  <Line type="linear" dataKey="partialScore" name="Partial scan (not compared)" stroke="var(--warning)" strokeWidth={0} dot={{ r: 4, fill: 'var(--surface)' }} legendType="circle" isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </CardBody>
          </Card>
          <Card>
            <CardHeader titleAs="h3" title="Open findings by severity" description="Failing results at each point, excepted ones left out." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -20 }} barSize={barSize}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis {...xAxis!} />
                  <YAxis allowDecimals={false} {...axis} />
                  <Tooltip {...tooltipProps} labelFormatter={fmtDateTime} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  {markerLines}
                  {SEVERITIES.map((s) => (
                    <Bar key={s} dataKey={s} name={s} stackId="open" fill={SEVERITY_COLORS[s]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </CardBody>
          </Card>
          <Card>
            <CardHeader titleAs="h3" title="New vs resolved per scan" description="New includes reopened findings." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={scans} margin={{ top: 5, right: 10, bottom: 0, left: -20 }} barSize={barSize}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis {...xAxis!} />
                  <YAxis allowDecimals={false} {...axis} />
                  <Tooltip {...tooltipProps} labelFormatter={fmtDateTime} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  <Bar dataKey="opened" name="New" fill="var(--danger)" isAnimationActive={false} />
                  <Bar dataKey="resolved" name="Resolved" fill="var(--success)" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </CardBody>
          </Card>
          <Card>
            <CardHeader titleAs="h3" title="Mean time to remediate" description="From opening (or reopening) to resolution, for findings resolved in this range." />
            <CardBody>
              <table className="w-full text-sm">
                <caption className="sr-only">Mean time to remediate by severity</caption>
                <thead>
                  <tr className="text-left text-xs text-muted uppercase">
                    <th className="py-1.5 font-semibold">Severity</th>
                    <th className="py-1.5 text-right font-semibold">Mean time</th>
                    <th className="py-1.5 text-right font-semibold">Resolved</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {SEVERITIES.map((s) => (
                    <tr key={s}>
                      <td className="py-2 capitalize">
                        <span className="mr-2 inline-block size-2 rounded-full" style={{ background: SEVERITY_COLORS[s] }} aria-hidden="true" />
                        {s}
                      </td>
                      <td className="py-2 text-right font-semibold tabular-nums">{fmtHours(trends.data!.mttr[s].hours)}</td>
                      <td className="py-2 text-right text-muted tabular-nums">{trends.data!.mttr[s].resolved}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </CardBody>
          </Card>
        </div>
      )}
    </section>
  );
}
