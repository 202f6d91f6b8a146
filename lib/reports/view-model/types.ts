/**
 * The remediation report's view model: the shapes the PDF (lib/reports/pdf) renders. Built by
 * ./index.ts from the read models the pages use.
 */
import type { ResultPatch, SectionId, Severity } from '@/lib/checks/types';
import type { ReportParams } from '../params';
import type { ReportSla } from '../sla-section';

export interface ReportCluster {
  id: string;
  name: string;
  environment: string;
  serverVersion: string | null;
  lastScan: { id: string; finishedAt: string; score: number | null; grade: string | null } | null;
}

export interface SectionScorecard {
  id: SectionId;
  number: number;
  title: string;
  /** null when no cluster in scope has a successful scan. */
  score: number | null;
  grade: string | null;
  passed: number;
  failed: number;
  excepted: number;
  open: Record<Severity, number>;
  /** Score at the period start (null: no scan then). */
  startScore: number | null;
  delta: number | null;
}

export interface TrendPoint {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  overall: number;
  sections: Partial<Record<SectionId, number>>;
}

export interface ChangeItem {
  kind: 'section' | 'check';
  id: string;
  label: string;
  /** Section: score; check: failing results. */
  from: number;
  to: number;
}

export interface ReportFinding {
  id: string;
  clusterName: string;
  severity: Severity;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  message: string;
  path: string | null;
  /** The result's detail key and the container / volume its evidence names: what fills the check's remediation in (lib/remediation/fill). */
  detail: string | null;
  evidence: { container?: string; volume?: string } | null;
  patch: ResultPatch | null;
  firstSeenAt: string;
}

export interface ReportCheckGroup {
  checkId: string;
  title: string;
  /** Most severe of its findings. */
  severity: Severity;
  guideRef: string;
  description: string;
  rationale: string;
  /** appliesTo: 'kubelet-config' when the patch is a fragment of the nodes' kubelet configuration file. */
  remediation: { steps: string[]; kubectl: string | null; patch: string | null; appliesTo?: 'kubelet-config' };
  frameworks: string[];
  findings: ReportFinding[];
}

export interface ReportSectionGroup {
  id: SectionId;
  number: number;
  title: string;
  count: number;
  bySeverity: Record<Severity, number>;
  checks: ReportCheckGroup[];
}

export interface ReportException {
  id: string;
  scope: 'finding' | 'check';
  clusterName: string | null;
  checkId: string | null;
  checkTitle: string | null;
  target: string;
  reason: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  covers: number;
}

export interface ReportViewModel {
  title: string;
  scope: string;
  params: ReportParams;
  generatedAt: string;
  generatedBy: string | null;
  period: { from: string; to: string; days: number };
  clusters: ReportCluster[];
  /** cap: "capped at D by 3 critical findings" (one cluster whose grade is capped), else null. */
  overall: { score: number | null; grade: string | null; startScore: number | null; cap: string | null };
  lastScanAt: string | null;
  scorecards: SectionScorecard[];
  trend: TrendPoint[];
  improved: ChangeItem[];
  worsened: ChangeItem[];
  activity: { opened: number; reopened: number; resolved: number };
  /**
   * The open findings listed, and the resources they are on: distinct resources, the namespaces
   * those are in (a namespace of each cluster counts once) and how many are cluster-scoped.
   */
  totals: { findings: number; bySeverity: Record<Severity, number>; resources: number; namespaces: number; clusterScopedResources: number };
  sections: ReportSectionGroup[];
  exceptions: ReportException[];
  /** The workloads to fix first in the latest scans in scope (docs/RISK.md); absent in view models built before it existed. */
  fixFirst?: ReportFixFirstItem[];
  /** Remediation SLAs per owning team in scope (../sla-section.ts); absent in view models built before it existed. */
  sla?: ReportSla;
  /** A team member's report: the teams whose part of the fleet it covers (absent: the fleet). */
  teams?: string[];
  /** Clusters those teams own in part, scored over these namespaces of theirs (lib/dashboard/part-scores.ts, as their cluster pages show them). */
  partScores?: Array<{ cluster: string; namespaces: string[] }>;
  /** Clusters those teams own in part with no score of their namespaces at the latest scan: no score is shown for them. */
  withheldScores?: string[];
}

export interface ReportFixFirstItem {
  clusterName: string;
  resource: { kind: string; namespace: string | null; name: string };
  score: number;
  reasons: Array<{ points: number; reason: string }>;
  /** "Internet -> Service ... -> cluster-admin" and the smallest fix, when the workload has an attack path. */
  path: { hops: string[]; cut: string } | null;
}

/** How many workloads the report's "fix first" page lists. */
export const REPORT_FIX_FIRST_LIMIT = 10;
