/** The report's score trend: several clusters' scans folded into one day-by-day series. Pure. */
import type { SectionId } from '@/lib/checks/types';
import type { TrendPoint } from './types';

export interface ScanPoint {
  clusterId: string;
  at: Date;
  score: number;
  sections: Partial<Record<SectionId, number>>;
}

/** Rounded mean; null for none. Every cluster weighs the same in the report's scores. */
export const mean = (xs: number[]): number | null => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Day-by-day series: each day with a scan, every cluster's latest known score carried forward, averaged. */
export function trendSeries(points: readonly ScanPoint[], sections: readonly SectionId[]): TrendPoint[] {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = new Map<string, ScanPoint>();
  const byDay = new Map<string, TrendPoint>();
  for (const p of sorted) {
    latest.set(p.clusterId, p);
    const current = [...latest.values()];
    const secs: Partial<Record<SectionId, number>> = {};
    for (const s of sections) {
      const m = mean(current.map((c) => c.sections[s]).filter((v): v is number => v !== undefined));
      if (m !== null) secs[s] = m;
    }
    byDay.set(day(p.at), { date: day(p.at), overall: mean(current.map((c) => c.score)) ?? 0, sections: secs });
  }
  return [...byDay.values()];
}
