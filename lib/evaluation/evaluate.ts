/**
 * The scan engine: runs every check over one snapshot, joins check metadata onto each result,
 * fingerprints results and scores them. Pure (no I/O): the same input gives the same output.
 *
 * A check that throws is reported in `errors` for that check and the scan goes on.
 */
import { hash } from 'node:crypto';
import { createCheckContext } from '../checks/context';
import { CHECKS } from '../checks/index';
import {
  DEFAULT_SCAN_SETTINGS,
  type Check,
  type CheckResult,
  type Remediation,
  type ScanSettings,
  type SectionId,
  type Severity,
} from '../checks/types';
import { mask } from '../k8s/mask';
import type { WorkloadRisk } from '../risk/types';
import type { VulnerabilityInventory } from '../vulnerabilities/inventory';
import { afterChecks } from './after-checks';
import type { ClusterSnapshot } from '../k8s/snapshot';
import { scoreResults, type ScorableResult, type Scores } from '../scoring';

/** A check result with its check's metadata joined on. */
export interface EvaluatedResult extends CheckResult {
  checkId: string;
  section: SectionId;
  /** `result.severity ?? check.severity`. */
  severity: Severity;
  title: string;
  guideRef: string;
  remediation: Remediation;
  /** fingerprint(result, clusterKey): stable identity of this finding across scans. */
  fingerprint: string;
}

export interface EngineError {
  checkId: string;
  /** The thrown error's message (no stack). */
  message: string;
}

export interface EvaluateProgress {
  phase: 'evaluate';
  checkId: string;
  /** 1-based index of the check just evaluated. */
  index: number;
  total: number;
}

export interface EvaluateOptions {
  onProgress?: (event: EvaluateProgress) => void;
  /** Checks to run (default: the whole catalog, lib/checks). */
  checks?: readonly Check[];
  /** Cluster identity used in fingerprints (default: `${source.type}:${source.name}`). */
  clusterKey?: string;
  /** Keep the fingerprints of passing results (default: when the snapshot has coverage gaps). */
  passFingerprints?: boolean;
}

/**
 * Passing results of one check at one severity in one namespace, counted. A scan keeps the
 * failures whole and only counts the passes (scores, aggregates, namespace posture and framework
 * counts need no more): on a 50k-object cluster that is ~250,000 results not held in memory.
 */
export interface PassCount {
  checkId: string;
  section: SectionId;
  severity: Severity;
  status: 'pass';
  /** The namespace of the passing resources (absent: cluster-scoped). */
  namespace?: string;
  count: number;
}

export interface Evaluation {
  /** Every result that did not pass (failures, not-applicable), with its check's metadata. */
  results: EvaluatedResult[];
  /** Passing results, counted per check, severity and namespace. */
  passes: PassCount[];
  /**
   * Fingerprints of the passing results, kept only when the snapshot has coverage gaps: a scan that
   * could not read everything resolves a finding only on an explicit pass (lib/scans/persist.ts).
   */
  passFingerprints?: Set<string>;
  score: Scores;
  errors: EngineError[];
  /** Workloads ranked by risk, highest first (lib/risk, docs/RISK.md); absent where a caller built the evaluation itself. */
  workloadRisk?: WorkloadRisk[];
  /** Images with Trivy Operator reports, their workloads and CVEs (lib/vulnerabilities); absent like workloadRisk. */
  vulnerabilities?: VulnerabilityInventory;
}

/**
 * Fingerprint of a finding: sha256 (hex) over, joined with a NUL byte:
 * checkId, clusterKey, resource kind, resource namespace ('' when cluster-scoped), resource name,
 * detail ('' when absent). For the pseudo-resource kind `Cluster` the name is left out (''): the
 * cluster is already identified by clusterKey, so a cluster-wide finding keeps its fingerprint
 * whichever name the source gives the cluster. Messages, paths and evidence are not part of it,
 * so rewording a message never reopens a finding.
 */
export function fingerprint(result: { checkId: string; resource: { kind: string; namespace?: string; name: string }; detail?: string }, clusterKey: string): string {
  const { kind, namespace, name } = result.resource;
  return hash('sha256', `${result.checkId}\0${clusterKey}\0${kind}\0${namespace ?? ''}\0${kind === 'Cluster' ? '' : name}\0${result.detail ?? ''}`, 'hex');
}

export function defaultClusterKey(snapshot: ClusterSnapshot): string {
  return `${snapshot.source.type}:${snapshot.source.name}`;
}

/** Runs the checks one at a time, yielding after each; the caller decides what happens between them. */
function* evaluateSteps(snapshot: ClusterSnapshot, checks: readonly Check[], settings: ScanSettings, options: EvaluateOptions): Generator<void, Evaluation> {
  const ctx = createCheckContext(snapshot, settings);
  const clusterKey = options.clusterKey ?? defaultClusterKey(snapshot);
  const results: EvaluatedResult[] = [];
  const passes: PassCount[] = [];
  const passFingerprints = (options.passFingerprints ?? snapshot.coverage.gaps.length > 0) ? new Set<string>() : undefined;
  const errors: EngineError[] = [];
  for (const [i, check] of checks.entries()) {
    // A check's output counts only when it completes: one that throws part-way contributes nothing
    // but its error. Passes are counted as they come, so none is held (see Check.evaluate).
    const failed: EvaluatedResult[] = [];
    // Counters by severity, then namespace: a lookup by the snapshot's own namespace string (whose
    // hash V8 keeps) builds no key per pass. `counters` keeps them in first-seen order.
    const passCounts = new Map<Severity, Map<string, PassCount>>();
    const counters: PassCount[] = [];
    const passPrints: string[] | undefined = passFingerprints ? [] : undefined;
    let completed = true;
    try {
      const raw = check.evaluate(ctx);
      if (raw === null || typeof raw !== 'object' || typeof (raw as Iterable<CheckResult>)[Symbol.iterator] !== 'function') {
        throw new Error('evaluate() did not return an array or iterable');
      }
      for (const r of raw) {
        const severity = r.severity ?? check.severity;
        if (r.status === 'pass') {
          // A pass is counted, not kept (see PassCount).
          const namespace = r.resource.namespace;
          let bySeverity = passCounts.get(severity);
          if (!bySeverity) passCounts.set(severity, (bySeverity = new Map()));
          const counted = bySeverity.get(namespace ?? '');
          if (counted) counted.count++;
          else {
            const counter: PassCount = { checkId: check.id, section: check.section, severity, status: 'pass', namespace, count: 1 };
            bySeverity.set(namespace ?? '', counter);
            counters.push(counter);
          }
          passPrints?.push(fingerprint({ checkId: check.id, resource: r.resource, detail: r.detail }, clusterKey));
          continue;
        }
        // Evidence and messages of failures are masked (lib/k8s/mask.ts): whatever a check quotes from
        // a manifest, no credential value reaches the database, the CLI or an export.
        // Every result is built as one object of one shape (fast for the engine, little garbage).
        const isFail = r.status === 'fail';
        failed.push({
          status: r.status,
          resource: r.resource,
          message: isFail ? mask(r.message) : r.message,
          path: r.path,
          detail: r.detail,
          evidence: isFail && r.evidence !== undefined ? mask(r.evidence) : undefined,
          patch: isFail ? r.patch : undefined,
          checkId: check.id,
          section: check.section,
          severity,
          title: check.title,
          guideRef: check.guideRef,
          remediation: check.remediation,
          fingerprint: fingerprint({ checkId: check.id, resource: r.resource, detail: r.detail }, clusterKey),
        });
      }
    } catch (e) {
      errors.push({ checkId: check.id, message: e instanceof Error ? e.message : String(e) });
      completed = false;
    }
    if (completed) {
      for (const r of failed) results.push(r);
      if (passPrints) for (const f of passPrints) passFingerprints!.add(f);
      for (const counted of counters) passes.push(counted);
    }
    options.onProgress?.({ phase: 'evaluate', checkId: check.id, index: i + 1, total: checks.length });
    yield;
  }
  return { results, passes, passFingerprints, score: scoreResults(scorableResults({ results, passes })), errors, ...afterChecks(ctx, results, errors) };
}

/** Every result of an evaluation as scoring counts it: the results it kept and its counted passes. */
export function scorableResults(evaluation: Pick<Evaluation, 'results' | 'passes'>): ScorableResult[] {
  return [...evaluation.results, ...evaluation.passes];
}

/** Runs the checks (default: the whole catalog) over a snapshot. Synchronous and pure (the CLI, tests). */
export function evaluateSnapshot(snapshot: ClusterSnapshot, settings: ScanSettings = DEFAULT_SCAN_SETTINGS, options: EvaluateOptions = {}): Evaluation {
  const steps = evaluateSteps(snapshot, options.checks ?? CHECKS, settings, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same evaluation, giving the event loop a turn after every check: inside `rampart serve`
 * (workers run in the web process) HTTP requests, job heartbeats and progress writes go on while
 * a large cluster is evaluated. Stops with the signal's reason when it is aborted.
 */
export async function evaluateSnapshotAsync(
  snapshot: ClusterSnapshot,
  settings: ScanSettings = DEFAULT_SCAN_SETTINGS,
  options: EvaluateOptions & { signal?: AbortSignal } = {},
): Promise<Evaluation> {
  const steps = evaluateSteps(snapshot, options.checks ?? CHECKS, settings, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
  }
}
