/**
 * A tiny trend of a 0–100 value (a score by default) as inline SVG: server-rendered, no chart
 * library. `noun` names a point (scans; days for a daily record), `title` the series.
 */
export function Sparkline({
  points,
  width = 96,
  height = 28,
  label,
  noun = ['scan', 'scans'],
  title = 'Scores over the last 30 days',
}: {
  points: Array<{ at: string; score: number }>;
  width?: number;
  height?: number;
  label: string;
  noun?: [string, string];
  title?: string;
}) {
  if (points.length < 2) return <span className="text-xs text-muted">{points.length ? `one ${noun[0]}` : `no ${noun[1]}`}</span>;
  const t0 = new Date(points[0].at).getTime();
  const t1 = new Date(points.at(-1)!.at).getTime();
  const span = Math.max(1, t1 - t0);
  const scores = points.map((p) => p.score);
  const lo = Math.max(0, Math.min(...scores) - 5);
  const hi = Math.min(100, Math.max(...scores) + 5);
  const x = (at: string) => 2 + ((new Date(at).getTime() - t0) / span) * (width - 4);
  const y = (s: number) => height - 2 - ((s - lo) / Math.max(1, hi - lo)) * (height - 4);
  const d = points.map((p) => `${x(p.at).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const first = scores[0];
  const last = scores.at(-1)!;
  const tone = last < first ? 'var(--danger)' : last > first ? 'var(--success)' : 'var(--accent)';
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: from ${first} to ${last} over ${points.length} ${noun[1]}`}>
      <title>{`${title}: ${scores.join(', ')}`}</title>
      <polyline points={d} fill="none" stroke={tone} strokeWidth={1.75} strokeLinejoin="round" strokeLinecap="round" />
      <circle cx={x(points.at(-1)!.at)} cy={y(last)} r={2.25} fill={tone} />
    </svg>
  );
}
