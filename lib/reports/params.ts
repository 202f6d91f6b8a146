/**
 * What a remediation report covers: one zod schema shared by the Reports form (client), the
 * API (POST /api/reports/pdf and POST /api/reports bodies), background jobs and
 * schedules (Report.params / ReportSchedule.params). Client-safe.
 *
 * - clusters    cluster ids; empty = the whole fleet
 * - sections    guide section ids; empty = all six
 * - severities  empty = every severity
 * - namespaces  exact namespace names; empty = all (cluster-scoped resources included)
 * - label       "key=value" (or "key"): only clusters whose labels match
 * - days        the trend period, ending now
 */
import { z } from 'zod';
import { SECTION_IDS, SEVERITIES } from '@/lib/checks/types';

const id = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'Not an id.');

export const reportParamsSchema = z.object({
  clusters: z.array(id).max(100).default([]),
  sections: z.array(z.enum(SECTION_IDS)).max(SECTION_IDS.length).default([]),
  severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length).default([]),
  namespaces: z.array(z.string().trim().min(1).max(253)).max(100).default([]),
  label: z
    .string()
    .trim()
    .max(317)
    .regex(/^[A-Za-z0-9_./-]+(=[A-Za-z0-9_.-]*)?$/, 'Use key=value or key.')
    .optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export type ReportParams = z.output<typeof reportParamsSchema>;
export type ReportParamsInput = z.input<typeof reportParamsSchema>;

/** Does a cluster's label map match "key=value" / "key"? */
export function labelMatches(labels: unknown, selector: string | undefined): boolean {
  if (!selector) return true;
  const map = labels && typeof labels === 'object' ? (labels as Record<string, unknown>) : {};
  const eq = selector.indexOf('=');
  if (eq < 0) return Object.hasOwn(map, selector);
  const key = selector.slice(0, eq);
  return Object.hasOwn(map, key) && String(map[key]) === selector.slice(eq + 1);
}

/** One line describing the scope, e.g. "Sections: workloads · Severities: critical, high". */
export function describeReportScope(p: ReportParams): string {
  const parts: string[] = [];
  if (p.sections.length) parts.push(`Sections: ${p.sections.join(', ')}`);
  if (p.severities.length) parts.push(`Severities: ${p.severities.join(', ')}`);
  if (p.namespaces.length) parts.push(`Namespaces: ${p.namespaces.join(', ')}`);
  if (p.label) parts.push(`Cluster label: ${p.label}`);
  parts.push(`Trend period: ${p.days} days`);
  return parts.join(' · ');
}

/** A scheduled report (POST /api/reports/schedules). `params.days` defaults to the frequency's period (7 / 30). */
export const reportScheduleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  frequency: z.enum(['weekly', 'monthly']),
  timezone: z.string().trim().min(1).max(64).default('UTC'),
  /** ReportParams (validated against reportParamsSchema after the frequency's default period is applied). */
  params: z.record(z.string().max(64), z.unknown()).default({}),
  webhookId: z.string().trim().min(1).max(64).nullable().optional(),
});
export type ReportScheduleInput = z.input<typeof reportScheduleInputSchema>;
