/**
 * The vulnerabilities pages as files: the image inventory (one row per image) or the CVE list (one
 * row per CVE, image and package), as CSV or JSON, with the pages' filters. Rows come from the
 * read model (lib/dashboard/vulnerabilities.ts); nothing is counted here.
 */
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { getFleetInventory, listFleetCves, type VulnerabilityFilters } from '@/lib/dashboard/vulnerabilities';
import { SEVERITIES } from '@/lib/vocabulary';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import { csvField } from './findings-export';

export const VULNERABILITY_EXPORT_KINDS = ['images', 'cves'] as const;
export type VulnerabilityExportKind = (typeof VULNERABILITY_EXPORT_KINDS)[number];

export const vulnerabilityExportSchema = z
  .object({
    kind: z.enum(VULNERABILITY_EXPORT_KINDS, { error: 'kind must be images or cves.' }).default('images'),
    format: z.enum(['csv', 'json'], { error: 'format must be csv or json.' }).default('csv'),
    q: z.string().trim().max(200, 'q has at most 200 characters.').optional(),
    fixable: z.enum(['1', 'true', '0', 'false'], { error: 'fixable must be 1 or 0.' }).optional(),
    severity: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const list = v.split(',').map((s) => s.trim().toLowerCase());
        const bad = list.find((s) => !(SEVERITIES as readonly string[]).includes(s));
        if (bad !== undefined) {
          ctx.addIssue({ code: 'custom', message: `Unknown severity "${bad}": use ${SEVERITIES.join(', ')}.` });
          return z.NEVER;
        }
        return list as Array<(typeof SEVERITIES)[number]>;
      }),
    cluster: z.string().trim().max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a cluster id.').optional(),
  })
  .strict();
export type VulnerabilityExportQuery = z.output<typeof vulnerabilityExportSchema>;

export function exportFilters(q: VulnerabilityExportQuery): VulnerabilityFilters {
  return { q: q.q || undefined, fixable: q.fixable === '1' || q.fixable === 'true', severity: q.severity, cluster: q.cluster };
}

const IMAGE_COLUMNS = ['image', 'critical', 'high', 'medium', 'low', 'unknown', 'with_fix', 'workloads', 'clusters'] as const;
const CVE_COLUMNS = ['cve', 'severity', 'score', 'package', 'installed_version', 'fixed_version', 'image', 'workloads', 'clusters', 'title', 'link'] as const;

/** The rows of one export as plain records (column → value), in the order the page shows them. */
export async function vulnerabilityExportRows(db: Db, kind: VulnerabilityExportKind, filters: VulnerabilityFilters, access: AccessScope = FLEET): Promise<Array<Record<string, string | number | null>>> {
  if (kind === 'images') {
    const { images } = await getFleetInventory(db, filters, access);
    return images.map((i) => ({
      image: i.image,
      critical: i.counts.critical,
      high: i.counts.high,
      medium: i.counts.medium,
      low: i.counts.low,
      unknown: i.counts.info,
      with_fix: i.fixable,
      workloads: i.workloads.length,
      clusters: i.clusters.map((c) => c.name).join(' '),
    }));
  }
  return (await listFleetCves(db, filters, access)).map((c) => ({
    cve: c.id,
    severity: c.severity,
    score: c.score ?? null,
    package: c.pkg,
    installed_version: c.installedVersion,
    fixed_version: c.fixedVersion,
    image: c.image,
    workloads: c.workloads,
    clusters: c.clusters.join(' '),
    title: c.title ?? '',
    link: c.link ?? '',
  }));
}

export function vulnerabilityCsv(kind: VulnerabilityExportKind, rows: ReadonlyArray<Record<string, string | number | null>>): string {
  const columns = kind === 'images' ? IMAGE_COLUMNS : CVE_COLUMNS;
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] === null || r[c] === undefined ? '' : String(r[c]))).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export function vulnerabilityExportFileName(kind: VulnerabilityExportKind, format: 'csv' | 'json', source: string, now = new Date()): string {
  return `rampart-${kind === 'images' ? 'images' : 'cves'}-${source}-${now.toISOString().slice(0, 10)}.${format}`;
}
