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

/** One secret Trivy found in an image (ExposedSecretReport): which rule matched where — never the value. */
export interface ExposedSecretRow {
  ruleId: string;
  title: string;
  severity: Severity;
  /** The file (or layer) holding it. */
  target: string;
  category?: string;
}

/** A failed check of a Trivy ConfigAuditReport. */
export interface ConfigAuditRow {
  checkId: string;
  title: string;
  severity: Severity;
  category?: string;
}

/** The secrets of an ExposedSecretReport (already reduced when read: lib/k8s/load/trivy-reports.ts). */
export function readExposedSecrets(report: GenericObject): ExposedSecretRow[] {
  const list = obj(report.report).secrets;
  if (!Array.isArray(list)) return [];
  return list
    .map(obj)
    .filter((s) => str(s.ruleID))
    .map((s) => ({ ruleId: str(s.ruleID), title: str(s.title) || str(s.ruleID), severity: trivySeverity(s.severity), target: str(s.target), ...(str(s.category) ? { category: str(s.category) } : {}) }));
}

/** The failed checks of a ConfigAuditReport (passed ones carry `success: true`). */
export function readFailedConfigChecks(report: GenericObject): ConfigAuditRow[] {
  const list = obj(report.report).checks;
  if (!Array.isArray(list)) return [];
  return list
    .map(obj)
    .filter((c) => str(c.checkID) && c.success !== true)
    .map((c) => ({ checkId: str(c.checkID), title: str(c.title) || str(c.checkID), severity: trivySeverity(c.severity), ...(str(c.category) ? { category: str(c.category) } : {}) }));
}

/** The object a Trivy Operator report is about, from the operator's labels. */
export function reportSubject(report: GenericObject): { kind: string; namespace: string; name: string } | undefined {
  const labels = obj(obj(report.metadata).labels);
  const kind = str(labels['trivy-operator.resource.kind']);
  const name = str(labels['trivy-operator.resource.name']);
  if (!kind || !name) return undefined;
  return { kind, namespace: str(labels['trivy-operator.resource.namespace']) || str(obj(report.metadata).namespace), name };
}
