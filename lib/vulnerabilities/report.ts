/**
 * Reading Trivy Operator reports (aquasecurity.github.io/v1alpha1) as plain rows: the CVEs of a
 * VulnerabilityReport and the image it was made for. Pure; tolerant of missing or mistyped fields
 * (a report is the cluster's data, not ours).
 */
import type { GenericObject } from '../k8s/snapshot';
import type { Severity } from '../checks/types';

export interface CveRow {
  /** CVE-2024-3094, GHSA-…: the scanner's vulnerability id. */
  id: string;
  /** The affected package (`resource` in the report). */
  pkg: string;
  installedVersion: string;
  /** '' when no fixed version is known. */
  fixedVersion: string;
  severity: Severity;
  /** CVSS score when the report gives one. */
  score?: number;
  title?: string;
  /** The advisory page (primaryLink, else the first link). */
  link?: string;
}

export interface ReportImage {
  /** registry/repository:tag (or @digest), as the report names it. */
  image: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Trivy's severities (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN) in Rampart's vocabulary (UNKNOWN → info). */
export function trivySeverity(value: unknown): Severity {
  switch (str(value).toUpperCase()) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MEDIUM':
      return 'medium';
    case 'LOW':
      return 'low';
    default:
      return 'info';
  }
}

/** Every vulnerability listed in a VulnerabilityReport (`report.vulnerabilities`). */
export function readVulnerabilities(report: GenericObject): CveRow[] {
  const list = obj(report.report).vulnerabilities;
  if (!Array.isArray(list)) return [];
  const rows: CveRow[] = [];
  for (const item of list) {
    const v = obj(item);
    const id = str(v.vulnerabilityID);
    if (!id) continue;
    const links = Array.isArray(v.links) ? v.links.filter((l): l is string => typeof l === 'string') : [];
    const link = str(v.primaryLink) || links[0];
    rows.push({
      id,
      pkg: str(v.resource),
      installedVersion: str(v.installedVersion),
      fixedVersion: str(v.fixedVersion).trim(),
      severity: trivySeverity(v.severity),
      ...(typeof v.score === 'number' && Number.isFinite(v.score) ? { score: v.score } : {}),
      ...(str(v.title) ? { title: str(v.title) } : {}),
      ...(link && /^https?:\/\//.test(link) ? { link } : {}),
    });
  }
  return rows;
}

/** Whether a fixed version is known: upgrading the package closes the vulnerability. */
export function hasFix(row: Pick<CveRow, 'fixedVersion'>): boolean {
  return row.fixedVersion !== '';
}

/** The image a report was made for, as the report's artifact and registry name it. */
export function reportImage(report: GenericObject): ReportImage | undefined {
  const r = obj(report.report);
  const artifact = obj(r.artifact);
  const repository = str(artifact.repository);
  if (!repository) return undefined;
  const server = str(obj(r.registry).server);
  const full = server ? `${server}/${repository}` : repository;
  const tag = str(artifact.tag) || undefined;
  const digest = str(artifact.digest) || undefined;
  return { image: tag ? `${full}:${tag}` : digest ? `${full}@${digest}` : full, repository: full, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
