/**
 * SARIF 2.1.0 output for GitHub code scanning (and any SARIF viewer).
 *
 * - tool.driver: name "Rampart", version, informationUri, one rule per check that ran (id = check
 *   id) with shortDescription (title), fullDescription (description), help (text + markdown:
 *   rationale and remediation), properties.tags, properties["security-severity"] (GitHub's
 *   numeric severity: critical 9.5, high 8.0, medium 5.5, low 2.0, info 0.0) and
 *   defaultConfiguration.level (critical/high → error, medium → warning, low/info → note).
 * - results: failing results only (most severe first, at most 25,000: GitHub's per-run limit; a
 *   notification says when results were left out), with ruleId/ruleIndex, level, message, partialFingerprints
 *   (`rampart/v1`: the finding's fingerprint, see lib/evaluation/evaluate.ts) and locations:
 *   - manifest scans: the file relative to the scan root as artifactLocation.uri and the line its
 *     document (or list item) starts on as region.startLine;
 *   - cluster / dump scans, and resources a manifest scan has no file for (RBAC User/Group
 *     subjects, the Cluster pseudo-resource): GitHub requires a physical location, so the URI is
 *     the pseudo-path `k8s/<kind>/<namespace or _cluster>/<name>` (segments URI-encoded) with
 *     startLine 1. Every result also carries a logicalLocation `kind/namespace/name`.
 */
import type { Check, Severity } from '../checks/types';
import { frameworksFor } from '../checks/frameworks/index';
import type { ScanOutcome } from '../evaluation/outcome';
import { failingFindings, locationOf } from './scan-json';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const RAMPART_INFORMATION_URI = 'https://github.com/rampart-security/rampart';

/** GitHub code scanning accepts at most this many results per run and tags per rule. */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;
export const GITHUB_MAX_TAGS_PER_RULE = 20;

export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' };
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** Minimal structural types of the SARIF we emit (not the whole standard). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
export interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
  automationDetails?: { id: string };
  results: SarifResult[];
  invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: SarifLevel; message: { text: string } }> }>;
  properties?: Record<string, unknown>;
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string; precision: string; [k: string]: unknown };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
    logicalLocations: Array<{ fullyQualifiedName: string; kind: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

function pascal(id: string): string {
  return id
    .split('-')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join('');
}

function helpFor(check: Check): { text: string; markdown: string } {
  const steps = check.remediation.steps;
  const text = [
    check.description,
    '',
    `Why: ${check.rationale}`,
    '',
    'How to fix:',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...(check.remediation.kubectl ? ['', `kubectl: ${check.remediation.kubectl}`] : []),
    '',
    `Hardening guide section ${check.guideRef}.`,
  ].join('\n');
  const markdown = [
    `**${check.title}** (${check.severity}, guide section ${check.guideRef})`,
    '',
    check.description,
    '',
    `**Why it matters.** ${check.rationale}`,
    '',
    '**How to fix**',
    '',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...(check.remediation.kubectl ? ['', '```sh', check.remediation.kubectl, '```'] : []),
    ...(check.remediation.patch ? ['', '```yaml', check.remediation.patch.trimEnd(), '```'] : []),
  ].join('\n');
  return { text, markdown };
}

function ruleFor(check: Check): SarifRule {
  const fw = frameworksFor(check.id);
  const tags = ['security', 'kubernetes', check.section, `guide-${check.guideRef}`];
  for (const c of fw.cis ?? []) tags.push(`CIS-${c}`);
  if (fw.pss) tags.push(`PSS-${fw.pss.level}`);
  return {
    id: check.id,
    name: pascal(check.id),
    // GitHub rejects rules with more than 20 tags.
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: helpFor(check),
    defaultConfiguration: { level: SARIF_LEVEL[check.severity] },
    properties: {
      tags: tags.slice(0, GITHUB_MAX_TAGS_PER_RULE),
      'security-severity': SECURITY_SEVERITY[check.severity],
      precision: 'high',
      'problem.severity': check.severity === 'critical' || check.severity === 'high' ? 'error' : check.severity === 'medium' ? 'warning' : 'recommendation',
      ...(Object.keys(fw).length ? { frameworks: fw } : {}),
    },
  };
}

/** The pseudo-path used as artifact URI for resources without a file. */
export function pseudoUri(resource: { kind: string; namespace?: string; name: string }): string {
  return ['k8s', resource.kind, resource.namespace ?? '_cluster', resource.name].map(encodeURIComponent).join('/');
}

export function toSarif(outcome: ScanOutcome, toolVersion: string): SarifLog {
  const checks = [...outcome.checks];
  // Results of a check that is not in outcome.checks (should not happen) still get a rule.
  for (const r of outcome.evaluation.results) {
    if (r.status === 'fail' && !checks.some((c) => c.id === r.checkId)) {
      checks.push({ id: r.checkId, title: r.title, section: r.section, severity: r.severity, guideRef: r.guideRef, description: r.title, rationale: r.title, remediation: r.remediation, evaluate: () => [] });
    }
  }
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const failing = failingFindings(outcome.evaluation.results);
  // Most severe first, so a cap keeps what matters; the cap is reported as a notification.
  const capped = failing.length > GITHUB_MAX_RESULTS_PER_RUN;
  const results: SarifResult[] = failing.slice(0, GITHUB_MAX_RESULTS_PER_RUN).map((r) => {
    const loc = outcome.source.type === 'manifests' ? locationOf(outcome, r) : undefined;
    const fqn = [r.resource.kind, r.resource.namespace ?? '', r.resource.name].join('/');
    const text = r.path ? `${r.message} (field: ${r.path})` : r.message;
    return {
      ruleId: r.checkId,
      ruleIndex: ruleIndex.get(r.checkId) ?? 0,
      level: SARIF_LEVEL[r.severity],
      message: { text },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: loc ? loc.file : pseudoUri(r.resource) }, region: { startLine: loc ? Math.max(1, loc.line) : 1 } },
          logicalLocations: [{ fullyQualifiedName: fqn, kind: 'resource' }],
        },
      ],
      partialFingerprints: { 'rampart/v1': r.fingerprint },
      properties: {
        severity: r.severity,
        section: r.section,
        resource: r.resource,
        ...(r.path ? { path: r.path } : {}),
        ...(r.detail ? { detail: r.detail } : {}),
        ...(r.patch ? { patch: r.patch } : {}),
      },
    };
  });
  const notifications = [
    ...(capped
      ? [{ level: 'warning' as const, message: { text: `${failing.length} failing results; only the ${GITHUB_MAX_RESULTS_PER_RUN} most severe are in this SARIF run (GitHub's limit). Use --format json for all.` } }]
      : []),
    ...outcome.gaps.map((g) => ({ level: 'warning' as const, message: { text: `Coverage gap (${g.reason}) on ${g.resource}: ${g.message}` } })),
    ...outcome.evaluation.errors.map((e) => ({ level: 'error' as const, message: { text: `Check ${e.checkId} failed to run: ${e.message}` } })),
    ...outcome.loadErrors.map((e) => ({ level: 'warning' as const, message: { text: `${e.file}:${e.line}: ${e.message} (document skipped)` } })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Rampart', version: toolVersion, semanticVersion: toolVersion, informationUri: RAMPART_INFORMATION_URI, rules: checks.map(ruleFor) } },
        automationDetails: { id: `rampart/${outcome.source.type}/` },
        results,
        invocations: [{ executionSuccessful: outcome.evaluation.errors.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        properties: {
          source: outcome.source,
          score: outcome.evaluation.score.overall.score,
          grade: outcome.evaluation.score.overall.grade,
        },
      },
    ],
  };
}

