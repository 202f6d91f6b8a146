/**
 * The image inventory of one scan (pure): every image a Trivy Operator VulnerabilityReport (or
 * ExposedSecretReport) was made for, the workloads that run it now, its CVEs (package, installed
 * and fixed version, severity, score, link) and their counts, the secrets found in it (rule,
 * title, severity, target; never the value), and the objects with failed config-audit checks
 * (ConfigAuditReport). Stored with the scan (ScanArtifact `vulnerabilities`)
 * and read by the vulnerability pages (image inventory, per image, per CVE).
 *
 * A workload runs an image when one of its containers references the same registry/repository
 * and the same tag (or digest) as the report's artifact. When several reports describe one image,
 * the most recently updated one is kept.
 */
import { parseImageRef } from '../k8s/image-ref';
import type { Workload } from '../k8s/pod-spec';
import type { GenericObject } from '../k8s/snapshot';
import { hasFix, readExposedSecrets, readFailedConfigChecks, readVulnerabilities, reportImage, reportSubject, type ConfigAuditRow, type CveRow, type ExposedSecretRow } from './report';
import { compareSeverity, zeroSeverityCounts, type SeverityCounts } from '../vocabulary';

export const VULNERABILITY_ARTIFACT_KIND = 'vulnerabilities';
/** CVE rows kept per image (most severe first); counts always cover all of them. */
export const MAX_CVES_PER_IMAGE = 500;

export type CveCounts = SeverityCounts;

export interface InventoryImage {
  /** registry/repository:tag (or @digest). */
  image: string;
  repository: string;
  tag?: string;
  digest?: string;
  workloads: Array<{ kind: string; namespace: string; name: string; container: string }>;
  counts: CveCounts;
  /** CVEs with a fixed version. */
  fixable: number;
  cves: CveRow[];
  /** CVE rows left out beyond MAX_CVES_PER_IMAGE. */
  truncated: number;
  /** The report's updateTimestamp, when given. */
  scannedAt?: string;
  /** Secrets Trivy found in the image (ExposedSecretReport): rule, title, severity, target — never the value. */
  secrets?: ExposedSecretRow[];
}

/** One object's failed Trivy config-audit checks (ConfigAuditReport). */
export interface ConfigAuditEntry {
  resource: { kind: string; namespace: string; name: string };
  failed: ConfigAuditRow[];
}

export interface VulnerabilityInventory {
  /** False when the scan saw no VulnerabilityReport at all (Trivy Operator absent or not readable). */
  available: boolean;
  images: InventoryImage[];
  /** Objects with failed Trivy config-audit checks, worst first (absent in inventories stored before they were read). */
  configAudit?: ConfigAuditEntry[];
}

/** Trivy Operator's other reports, read where present. */
export interface TrivyExtraReports {
  exposedSecretReports?: readonly GenericObject[];
  configAuditReports?: readonly GenericObject[];
}

export const zeroCveCounts = zeroSeverityCounts;

/** `registry/repository` plus `:tag` or `@digest`, normalised like the runtime reads it. */
function imageKey(repository: string, tag: string | undefined, digest: string | undefined): string {
  const ref = parseImageRef(repository);
  const base = `${ref.registry}/${ref.repository}`;
  return digest && !tag ? `${base}@${digest}` : `${base}:${tag ?? 'latest'}`;
}

function updatedAt(report: GenericObject): string {
  const r = report.report as { updateTimestamp?: unknown } | undefined;
  return typeof r?.updateTimestamp === 'string' ? r.updateTimestamp : '';
}

/**
 * Counts by severity: the report's own summary (what image-known-vulnerabilities reads, so both
 * say the same numbers), else the rows. A summary lower than the listed rows is raised to them.
 */
function countsOf(report: GenericObject, rows: readonly CveRow[]): CveCounts {
  const fromRows = zeroCveCounts();
  for (const c of rows) fromRows[c.severity] += 1;
  const summary = (report.report as { summary?: Record<string, unknown> } | undefined)?.summary;
  if (!summary || typeof summary !== 'object') return fromRows;
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
  return {
    critical: Math.max(n(summary.criticalCount), fromRows.critical),
    high: Math.max(n(summary.highCount), fromRows.high),
    medium: Math.max(n(summary.mediumCount), fromRows.medium),
    low: Math.max(n(summary.lowCount), fromRows.low),
    info: Math.max(n(summary.unknownCount), fromRows.info),
  };
}

/** The most recently updated report per image. */
function latestByImage(reports: readonly GenericObject[]): Map<string, GenericObject> {
  const latest = new Map<string, GenericObject>();
  for (const report of reports) {
    const img = reportImage(report);
    if (!img) continue;
    const key = imageKey(img.repository, img.tag, img.digest);
    const prev = latest.get(key);
    if (!prev || updatedAt(report) > updatedAt(prev)) latest.set(key, report);
  }
  return latest;
}

function configAuditOf(reports: readonly GenericObject[]): ConfigAuditEntry[] {
  const entries: ConfigAuditEntry[] = [];
  for (const report of reports) {
    const resource = reportSubject(report);
    const failed = readFailedConfigChecks(report).sort((a, b) => compareSeverity(a.severity, b.severity) || a.checkId.localeCompare(b.checkId));
    if (resource && failed.length > 0) entries.push({ resource, failed });
  }
  const worst = (e: ConfigAuditEntry) => e.failed[0]!.severity;
  return entries.sort((a, b) => compareSeverity(worst(a), worst(b)) || b.failed.length - a.failed.length || `${a.resource.namespace}/${a.resource.name}`.localeCompare(`${b.resource.namespace}/${b.resource.name}`));
}

export function buildVulnerabilityInventory(reports: readonly GenericObject[], workloads: readonly Workload[], extra: TrivyExtraReports = {}): VulnerabilityInventory {
  const secretReports = extra.exposedSecretReports ?? [];
  const configReports = extra.configAuditReports ?? [];
  if (reports.length === 0 && secretReports.length === 0 && configReports.length === 0) return { available: false, images: [] };
  const latest = latestByImage(reports);
  const secrets = latestByImage(secretReports);
  const keys = new Set([...latest.keys(), ...secrets.keys()]);
  const running = new Map<string, InventoryImage['workloads']>();
  for (const w of workloads) {
    for (const c of w.containers) {
      const ref = parseImageRef(c.image);
      const imageKeys = [imageKey(`${ref.registry}/${ref.repository}`, ref.tag, undefined)];
      if (ref.digest) imageKeys.push(imageKey(`${ref.registry}/${ref.repository}`, undefined, ref.digest));
      for (const key of imageKeys) {
        if (!keys.has(key)) continue;
        const list = running.get(key) ?? [];
        if (!list.some((x) => x.kind === w.ref.kind && x.namespace === w.namespace && x.name === w.ref.name && x.container === c.name)) list.push({ kind: w.ref.kind, namespace: w.namespace, name: w.ref.name, container: c.name });
        running.set(key, list);
      }
    }
  }
  const images: InventoryImage[] = [];
  for (const key of keys) {
    const report = latest.get(key);
    const secretReport = secrets.get(key);
    const img = reportImage((report ?? secretReport)!)!;
    const all = (report ? readVulnerabilities(report) : []).sort((a, b) => compareSeverity(a.severity, b.severity) || (b.score ?? 0) - (a.score ?? 0) || a.id.localeCompare(b.id));
    const counts = report ? countsOf(report, all) : zeroCveCounts();
    const ts = report ? updatedAt(report) : '';
    const found = secretReport ? readExposedSecrets(secretReport).sort((a, b) => compareSeverity(a.severity, b.severity) || a.ruleId.localeCompare(b.ruleId)) : [];
    images.push({
      image: key,
      repository: img.repository,
      ...(img.tag ? { tag: img.tag } : {}),
      ...(img.digest ? { digest: img.digest } : {}),
      workloads: running.get(key) ?? [],
      counts,
      fixable: all.filter(hasFix).length,
      cves: all.slice(0, MAX_CVES_PER_IMAGE),
      truncated: Math.max(0, all.length - MAX_CVES_PER_IMAGE),
      ...(ts ? { scannedAt: ts } : {}),
      ...(found.length > 0 ? { secrets: found } : {}),
    });
  }
  images.sort((a, b) => b.counts.critical - a.counts.critical || b.counts.high - a.counts.high || a.image.localeCompare(b.image));
  const configAudit = configAuditOf(configReports);
  return { available: reports.length > 0, images, ...(configAudit.length > 0 ? { configAudit } : {}) };
}

/** A stored inventory read back (tolerates an artifact of another shape). */
export function isVulnerabilityInventory(value: unknown): value is VulnerabilityInventory {
  return Boolean(value && typeof value === 'object' && typeof (value as VulnerabilityInventory).available === 'boolean' && Array.isArray((value as VulnerabilityInventory).images));
}
