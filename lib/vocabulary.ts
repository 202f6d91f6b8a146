/**
 * The words every layer of Rampart shares: severities, their order and counts per severity,
 * section ids, grades and resource references. This module imports nothing, so anything (checks, the RBAC engine, the
 * Kubernetes helpers, scoring, pages, the CLI) can use it without depending on another layer.
 */

/** Severities, worst first. The order is the order everywhere: sorting, "worst of", filters. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** 0 for critical … 4 for info; anything unknown sorts after info. */
export function severityRank(severity: string): number {
  return Object.hasOwn(RANK, severity) ? RANK[severity as Severity] : SEVERITIES.length;
}

/** Comparator: worst severity first. */
export function compareSeverity(a: string, b: string): number {
  return severityRank(a) - severityRank(b);
}

/** The worst of the given severities (missing ones skipped), or undefined for none. */
export function worstSeverity(severities: Iterable<Severity | undefined>): Severity | undefined {
  let worst: Severity | undefined;
  for (const s of severities) if (s !== undefined && (worst === undefined || RANK[s] < RANK[worst])) worst = s;
  return worst;
}

/** The worse (more severe) of two severities. */
export function worseSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}

/** A count per severity (findings, results, CVEs). */
export type SeverityCounts = Record<Severity, number>;

export const zeroSeverityCounts = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/** The sum over every severity. */
export function severityTotal(counts: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + counts[s], 0);
}

/** The worst severity with a count above zero, or undefined for none. */
export function worstCounted(counts: SeverityCounts): Severity | undefined {
  return SEVERITIES.find((s) => counts[s] > 0);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** Stable section ids (public interface: database, URLs, CLI, reports). */
export const SECTION_IDS = ['cluster', 'authentication', 'authorization', 'images', 'workloads', 'secrets'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** Letter grades, best first. */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/** A stored grade as a Grade; anything unknown shows as F. */
export function asGrade(value: string): Grade {
  return isGrade(value) ? value : 'F';
}

/** The Kubernetes object a result, a node or a link is about. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}
