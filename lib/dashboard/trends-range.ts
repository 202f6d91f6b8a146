/** Trend ranges: 7d / 30d / 90d / 1y, or custom from–to. Client-safe. */
import { z } from 'zod';
import { dateInput } from '@/lib/api/input';
import { SECTION_IDS } from '@/lib/checks/types';

export const TREND_RANGES = ['7d', '30d', '90d', '1y', 'custom'] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
const DAYS: Record<Exclude<TrendRange, 'custom'>, number> = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 };

const empty = (v: unknown) => (v === '' || v === null ? undefined : v);

export const trendQuerySchema = z
  .object({
    range: z.preprocess(empty, z.enum(TREND_RANGES).default('30d')),
    from: z.preprocess(empty, dateInput.optional()),
    to: z.preprocess(empty, dateInput.optional()),
    section: z.preprocess(empty, z.enum(SECTION_IDS).optional()),
  })
  .refine((q) => q.range !== 'custom' || (q.from && q.to && q.from < q.to), { message: 'A custom range needs from and to dates, from before to.', path: ['from'] });

export type TrendQuery = z.output<typeof trendQuerySchema>;

/** The concrete window of a query. */
export function trendWindow(q: TrendQuery, now = new Date()): { from: Date; to: Date } {
  if (q.range === 'custom') return { from: q.from!, to: q.to! };
  return { from: new Date(now.getTime() - DAYS[q.range] * 86_400_000), to: now };
}
