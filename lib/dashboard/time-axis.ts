/**
 * A real time axis for trend charts (client-safe, pure): ticks at round instants that fit the
 * window — hours for a day or two, days for weeks, weeks for a quarter, months for a year — and
 * a label format to match. Points are placed at their own timestamps, so four scans in one
 * afternoon stay together at the right end of a year-long chart.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Step {
  /** Approximate length, to pick the step. */
  ms: number;
  /** The first tick at or after `from`, then the next tick after `t`. */
  first: (from: Date) => Date;
  next: (t: Date) => Date;
  label: (t: Date) => string;
}

const hourly = (h: number): Step => ({
  ms: h * HOUR,
  first: (from) => new Date(Math.ceil(from.getTime() / (h * HOUR)) * h * HOUR),
  next: (t) => new Date(t.getTime() + h * HOUR),
  label: (t) => t.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
});
const daily = (d: number): Step => ({
  ms: d * DAY,
  first: (from) => {
    const t = new Date(from);
    t.setHours(0, 0, 0, 0);
    if (t < from) t.setDate(t.getDate() + 1);
    return t;
  },
  next: (t) => {
    const n = new Date(t);
    n.setDate(n.getDate() + d);
    return n;
  },
  label: (t) => t.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
});
const monthly = (m: number): Step => ({
  ms: m * 30 * DAY,
  first: (from) => {
    const t = new Date(from.getFullYear(), from.getMonth(), 1);
    if (t < from) t.setMonth(t.getMonth() + 1);
    return t;
  },
  next: (t) => new Date(t.getFullYear(), t.getMonth() + m, 1),
  label: (t) => t.toLocaleDateString(undefined, { month: 'short', year: 'numeric' }),
});

const STEPS: Step[] = [hourly(1), hourly(3), hourly(6), hourly(12), daily(1), daily(2), daily(7), daily(14), monthly(1), monthly(2), monthly(3), monthly(6), monthly(12)];

export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  format: (t: number) => string;
}

/** Ticks for a window: the finest step that gives at most `maxTicks` ticks. */
export function timeAxis(from: Date, to: Date, maxTicks = 8): TimeAxis {
  const span = Math.max(to.getTime() - from.getTime(), HOUR);
  const step = STEPS.find((s) => span / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const ticks: number[] = [];
  for (let t = step.first(from); t.getTime() <= to.getTime() && ticks.length < maxTicks * 2; t = step.next(t)) ticks.push(t.getTime());
  return { domain: [from.getTime(), to.getTime()], ticks, format: (t) => step.label(new Date(t)) };
}
