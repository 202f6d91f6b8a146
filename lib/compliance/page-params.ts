/** The compliance pages' search params (framework, trend range); invalid values fall back to defaults. */
import { trendWindow } from '@/lib/dashboard/trends-range';
import type { FrameworkId } from '@/lib/frameworks';
import { complianceQuerySchema } from './http';

export function compliancePageParams(sp: Record<string, string | string[] | undefined>, now = new Date()): { framework: FrameworkId; window: { from: Date; to: Date } } {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const parsed = complianceQuerySchema.safeParse({ framework: first(sp.framework), range: first(sp.range) ?? '90d' });
  const q = parsed.success ? parsed.data : complianceQuerySchema.parse({ range: '90d' });
  return { framework: q.framework, window: trendWindow({ range: q.range === 'custom' ? '90d' : q.range }, now) };
}
