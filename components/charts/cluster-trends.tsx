'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Button, Card, CardBody, CardHeader, EmptyState, ErrorState, Input, Label, Skeleton } from '@/components/ui';
import { apiFetch } from '@/lib/api-client';
import type { TrendSeries } from '@/lib/dashboard/trends';
import { TREND_RANGES, type TrendRange } from '@/lib/dashboard/trends-range';

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
const fmtDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const fmtDateTime = (iso: unknown) => (typeof iso === 'string' ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : String(iso));

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
  const data = trends.data?.points.map((p) => ({ ...p, ...p.open, total: p.open.critical + p.open.high + p.open.medium + p.open.low + p.open.info }));

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
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader titleAs="h3" title="Score" description="Per successful scan, 0–100." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis dataKey="at" tickFormatter={fmtDate} {...axis} />
                  <YAxis domain={[0, 100]} {...axis} />
                  <Tooltip {...tooltipProps} labelFormatter={fmtDateTime} />
                  <Line type="monotone" dataKey="score" name="Score" stroke="var(--accent)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </CardBody>
          </Card>
          <Card>
            <CardHeader titleAs="h3" title="Open findings by severity" description="Failing results, excepted ones left out." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis dataKey="at" tickFormatter={fmtDate} {...axis} />
                  <YAxis allowDecimals={false} {...axis} />
                  <Tooltip {...tooltipProps} labelFormatter={fmtDateTime} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  {(['info', 'low', 'medium', 'high', 'critical'] as const).map((s) => (
                    <Area key={s} type="monotone" dataKey={s} name={s} stackId="open" stroke={SEVERITY_COLORS[s]} fill={SEVERITY_COLORS[s]} fillOpacity={0.35} isAnimationActive={false} />
                  ))}
                </AreaChart>
              </ResponsiveContainer>
            </CardBody>
          </Card>
          <Card>
            <CardHeader titleAs="h3" title="New vs resolved per scan" description="New includes reopened findings." />
            <CardBody className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data} margin={{ top: 5, right: 10, bottom: 0, left: -20 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis dataKey="at" tickFormatter={fmtDate} {...axis} />
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
                  {(['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => (
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
