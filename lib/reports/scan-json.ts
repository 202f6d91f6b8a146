/**
 * The JSON report of `rampart scan --format json`: a STABLE public contract (schemaVersion 1).
 * Fields are only ever added, never renamed or removed, within a schemaVersion.
 *
 * {
 *   schemaVersion: 1,
 *   source: { type: 'cluster' | 'manifests' | 'dump', name },
 *   scannedAt: ISO timestamp,
 *   score: { overall, grade, sections: { <sectionId>: { score, grade, passed, failed } } },
 *   // additive (scoring v2): score.scoringVersion, score.uncappedScore, score.cap,
 *   //   score.sections.<id>.uncappedScore and .cap — cap = { severity, grade, findings } or null
 *   findings: [{ checkId, section, severity, title, resource: { apiVersion, kind, namespace, name },
 *                message, path, remediation: { steps, kubectl?, patch?, resourcePatch?, appliesTo? },
 *                // additive: fingerprint, guideRef, detail, evidence, location }],
 *   coverage: { gaps: [{ resource, reason, message }] },
 *   // additive: serverVersion, errors: { checks: [{ checkId, message }], documents: [{ file, line, message }] }
 *   // additive: workloadRisk: [{ resource, score, serviceAccount, factors: [{ id, kind, points, reason, findings }],
 *   //   path?: { target, hops, cut } }], highest score first (docs/RISK.md)
 *   // additive, with `--framework <id>`: frameworks: { <framework id>: { name, formula, summary, controls } }
 *   //   (lib/frameworks/scan-block.ts; each control's status, reason, checks and counts)
 * }
 *
 * `remediation.patch` is the check's generic YAML patch; `remediation.resourcePatch` is the
 * mechanical fix for this very resource ({ type: 'strategic-merge' | 'json', body }) when the
 * check computed one. `remediation.appliesTo` (additive) is `kubelet-config` when the fix goes into
 * the node's kubelet configuration file rather than the resource: `patch` is then a
 * KubeletConfiguration fragment and `location` the KubeletConfiguration document. Findings are failing results only, most severe first.
 */
import { SECTION_IDS, type Remediation, type ResourceRef, type ResultPatch, type SectionId, type Severity } from '../checks/types';
import { kubeletConfigLocationKey, objectLocationKey } from '../k8s/load/classify';
import type { CoverageGap } from '../k8s/snapshot';
import type { EvaluatedResult } from '../evaluation/evaluate';
import type { ScanOutcome } from '../evaluation/outcome';
import type { WorkloadRisk } from '../risk/types';
import type { ScanFrameworkJson } from '../frameworks/scan-block';
import { SCORING_VERSION, type ScoreCap } from '../scoring';
import { compareSeverity } from '../vocabulary';

export const SCAN_JSON_SCHEMA_VERSION = 1;

export interface ScanJsonFinding {
  checkId: string;
  section: SectionId;
  severity: Severity;
  title: string;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string };
  message: string;
  path: string | null;
  remediation: { steps: string[]; kubectl?: string; patch?: string; resourcePatch?: ResultPatch; appliesTo?: Remediation['appliesTo'] };
  fingerprint: string;
  guideRef: string;
  detail?: string;
  evidence?: Record<string, unknown>;
  /** Manifest scans: the file (relative to the scan root) and line that define the resource. */
  location?: { file: string; line: number };
}

export interface ScanJson {
  schemaVersion: 1;
  source: { type: string; name: string };
  scannedAt: string;
  serverVersion?: string;
  score: {
    overall: number;
    grade: string;
    /** The scoring formula (lib/scoring SCORING_VERSION). */
    scoringVersion: number;
    /** Overall score before the grade cap. */
    uncappedScore: number;
    /** What caps the overall grade (open critical → D, open high → B); null when nothing does. */
    cap: ScoreCap | null;
    sections: Record<SectionId, { score: number; grade: string; passed: number; failed: number; uncappedScore: number; cap: ScoreCap | null }>;
  };
  findings: ScanJsonFinding[];
  coverage: { gaps: CoverageGap[] };
  errors: { checks: Array<{ checkId: string; message: string }>; documents: Array<{ file: string; line: number; message: string }> };
  /** Workloads ranked by risk, highest score first (docs/RISK.md). */
  workloadRisk: ScanJsonWorkloadRisk[];
  /** With `rampart scan --framework <id>` only (lib/frameworks/scan-block.ts). */
  frameworks?: Record<string, ScanFrameworkJson>;
}

export type ScanJsonWorkloadRisk = Omit<WorkloadRisk, 'resource'> & { resource: { apiVersion: string; kind: string; namespace: string | null; name: string } };


/** Failing results, most severe first, then by check id, namespace, name, detail. */
export function failingFindings(results: readonly EvaluatedResult[]): EvaluatedResult[] {
  const key = (r: EvaluatedResult): string => `${r.checkId}\u0000${r.resource.namespace ?? ''}\u0000${r.resource.kind}\u0000${r.resource.name}\u0000${r.detail ?? ''}`;
  return results
    .filter((r) => r.status === 'fail')
    .sort((a, b) => compareSeverity(a.severity, b.severity) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The file and line a finding comes from (manifest scans): the resource's document, or for a finding
 * whose fix goes into the kubelet configuration, the node's KubeletConfiguration document.
 */
export function locationOf(
  outcome: Pick<ScanOutcome, 'locations'>,
  finding: { resource: ResourceRef; remediation?: Pick<Remediation, 'appliesTo'> },
): { file: string; line: number } | undefined {
  const { resource } = finding;
  if (finding.remediation?.appliesTo === 'kubelet-config' && resource.kind === 'Node') return outcome.locations?.get(kubeletConfigLocationKey(resource.name));
  return outcome.locations?.get(objectLocationKey(resource));
}

export function toScanJson(outcome: ScanOutcome): ScanJson {
  const { score } = outcome.evaluation;
  const sections = Object.fromEntries(
    SECTION_IDS.map((s) => {
      const x = score.sections[s];
      return [s, { score: x.score, grade: x.grade, passed: x.passed + x.excepted, failed: x.failed, uncappedScore: x.uncappedScore, cap: x.cap }];
    }),
  ) as ScanJson['score']['sections'];
  return {
    schemaVersion: SCAN_JSON_SCHEMA_VERSION,
    source: { type: outcome.source.type, name: outcome.source.name },
    scannedAt: outcome.scannedAt,
    ...(outcome.serverVersion ? { serverVersion: outcome.serverVersion } : {}),
    score: { overall: score.overall.score, grade: score.overall.grade, scoringVersion: SCORING_VERSION, uncappedScore: score.overall.uncappedScore, cap: score.overall.cap, sections },
    findings: failingFindings(outcome.evaluation.results).map((r) => {
      const f: ScanJsonFinding = {
        checkId: r.checkId,
        section: r.section,
        severity: r.severity,
        title: r.title,
        resource: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, namespace: r.resource.namespace ?? null, name: r.resource.name },
        message: r.message,
        path: r.path ?? null,
        remediation: {
          steps: [...r.remediation.steps],
          ...(r.remediation.kubectl ? { kubectl: r.remediation.kubectl } : {}),
          ...(r.remediation.patch ? { patch: r.remediation.patch } : {}),
          ...(r.patch ? { resourcePatch: r.patch } : {}),
          ...(r.remediation.appliesTo ? { appliesTo: r.remediation.appliesTo } : {}),
        },
        fingerprint: r.fingerprint,
        guideRef: r.guideRef,
      };
      if (r.detail !== undefined) f.detail = r.detail;
      if (r.evidence !== undefined) f.evidence = r.evidence;
      const loc = locationOf(outcome, r);
      if (loc) f.location = { file: loc.file, line: loc.line };
      return f;
    }),
    coverage: { gaps: outcome.gaps.map((g) => ({ resource: g.resource, reason: g.reason, message: g.message })) },
    errors: {
      checks: outcome.evaluation.errors.map((e) => ({ checkId: e.checkId, message: e.message })),
      documents: outcome.loadErrors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    },
    workloadRisk: (outcome.evaluation.workloadRisk ?? []).map((r) => ({
      resource: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, namespace: r.resource.namespace ?? null, name: r.resource.name },
      score: r.score,
      serviceAccount: r.serviceAccount,
      factors: r.factors,
      ...(r.path ? { path: r.path } : {}),
    })),
  };
}
