/**
 * Persisting one scan (docs/ARCHITECTURE.md "The pipeline", persist): one transaction writes the scan's
 * outcome, the findings lifecycle and the per-scan aggregates. Nothing that did not change is
 * copied: a finding that is still open is not touched; only new, resolved, reopened and
 * changed findings are written, plus one aggregate row per section and per check.
 *
 * Lifecycle
 * - new failing fingerprint → Finding (open) + event "opened".
 * - resolved finding failing again → open again, reopenCount + 1, event "reopened".
 * - open finding absent from this scan's failures → resolved, event "resolved". When the scan
 *   has coverage gaps (something could not be read) absence is no evidence: a finding is then
 *   resolved only when this scan produced an explicit pass for the same fingerprint.
 * - For an open finding, "last seen" is the cluster's latest successful scan; the
 *   lastSeenScanId/lastSeenAt columns are written when the row itself is written.
 *
 * Excepted (accepted-risk) results count as passed in scores and are counted separately;
 * their findings stay open (the exception, not the cluster, changed). Finding.exceptionId names
 * the exception covering each failing finding (null when none); only rows whose value changes
 * are written. lib/exceptions applies the same rule immediately when an exception is created,
 * revoked or expires.
 */
import { randomUUID } from 'node:crypto';
import type { Db, DbTransaction, Prisma } from '../db';
import { resourceDocumentId } from '../db/resource-document';
import type { Severity } from '../checks/types';
import type { CoverageGap } from '../k8s/snapshot';
import { maskManifest } from '../k8s/mask';
import { makeStorable, storableText } from '../k8s/storable-text';
import type { EngineError, EvaluatedResult, PassCount } from '../evaluation/evaluate';
import { scoreChecks, tallyResults, type Scores, type ScoredStatus } from '../scoring';
import { insertFindingEvents, insertFindings } from './bulk-insert';
import { compileExceptions, type ExceptionRule } from '../exceptions/match';
import { refreshOpenFindingCountsOf } from './open-finding-counts';
import { recordNamespacePosture, tallyNamespaces, type NamespaceLabels } from './namespace-scores';
import { createAggregates, recordScorePoint, scanScoreData } from './score-record';
import { persistWorkloadRisk } from './workload-risk';
import type { WorkloadRisk } from '../risk/types';
import type { VulnerabilityInventory } from '../vulnerabilities/inventory';
import { persistVulnerabilityInventory } from './vulnerabilities';

export interface PersistScanInput {
  clusterId: string;
  /** The scan row (created when the scan was queued). */
  scanId: string;
  startedAt: Date;
  finishedAt: Date;
  kubernetesVersion?: string;
  objectCounts: Record<string, number>;
  coverageGaps: CoverageGap[];
  /** The evaluation's results (failures and not-applicable; passes given here count too). */
  results: readonly EvaluatedResult[];
  /** The evaluation's counted passes (lib/evaluation/evaluate.ts PassCount). */
  passes?: readonly PassCount[];
  /** Fingerprints of passing results (the evaluation keeps them when the snapshot has coverage gaps). */
  passFingerprints?: ReadonlySet<string>;
  engineErrors: readonly EngineError[];
  /** Exceptions that may apply to this cluster (active ones are selected here). */
  exceptions: readonly ExceptionRule[];
  /** Labels of a result's resource, for label-selector exceptions. */
  labelsOf?: (result: EvaluatedResult) => Record<string, string> | undefined;
  /** The manifest of a failing result's resource (never Secret data), stored masked (lib/k8s/mask.ts) and content-addressed. */
  manifestOf?: (result: EvaluatedResult) => unknown;
  /** The cluster's namespaces and their labels (lib/scans/namespace-scores.ts namespacesOf); left as they were when absent. */
  namespaces?: readonly NamespaceLabels[];
  /**
   * Runs first inside the transaction (lib/scans/run.ts: locks the scan row, refuses a scan that
   * another attempt already finished, writes the RBAC-graph artifact). Throwing rolls back everything.
   */
  inTransaction?: (tx: DbTransaction) => Promise<void>;
  /** The scan's workload ranking (lib/risk); its top is stored with the scan (./workload-risk.ts). */
  workloadRisk?: readonly WorkloadRisk[];
  /** The scan's image inventory (lib/vulnerabilities), stored as its `vulnerabilities` artifact. */
  vulnerabilities?: VulnerabilityInventory;
  /** Runs last inside the transaction, after findings and events are written (watch mode records the change that opened them). */
  afterFindings?: (tx: DbTransaction) => Promise<void>;
}

export interface PersistScanSummary {
  scores: Scores;
  findingsNew: number;
  findingsReopened: number;
  findingsResolved: number;
  findingsUpdated: number;
  openFindings: number;
}

interface ExistingFinding {
  id: string;
  checkId: string;
  fingerprint: string;
  status: 'open' | 'resolved';
  message: string;
  severity: Severity;
  path: string | null;
  manifestHash: string | null;
  exceptionId: string | null;
}

const CHUNK = 5_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Text from the cluster as PostgreSQL can store it (lib/k8s/storable-text.ts). The snapshot is
 * normalised as it is built; this is the last line before the database, so no string a check
 * derives from an object can fail the transaction.
 */
function storableJson(value: unknown): object | undefined {
  return value === undefined || value === null ? undefined : (makeStorable(value) as object);
}

/** B-tree index entries are limited to about 2.7 kB: names and kinds are cut to 1,000 characters (identity is the fingerprint). */
function indexable(text: string): string {
  const t = storableText(text);
  return t.length > 1_000 ? `${t.slice(0, 999)}…` : t;
}

type ScoredResult = EvaluatedResult & { scoredStatus: ScoredStatus; /** The covering exception when excepted. */ exceptionId?: string };

/** Classifies results against exceptions; pure apart from `now`. */
export function applyExceptions(
  clusterId: string,
  results: readonly EvaluatedResult[],
  rules: readonly ExceptionRule[],
  findingIdOf: (fingerprint: string) => string | undefined,
  labelsOf: PersistScanInput['labelsOf'],
  now: Date,
): ScoredResult[] {
  const matcher = compileExceptions(rules, now);
  return results.map((r) => {
    if (r.status !== 'fail') return { ...r, scoredStatus: r.status };
    const hit = matcher.match({
      clusterId,
      checkId: r.checkId,
      findingId: findingIdOf(r.fingerprint),
      resource: r.resource,
      labels: labelsOf?.(r),
    });
    return hit ? { ...r, scoredStatus: 'excepted' as const, exceptionId: hit.id } : { ...r, scoredStatus: 'fail' as const };
  });
}

export async function persistScan(db: Db, input: PersistScanInput): Promise<PersistScanSummary> {
  return db.$transaction(async (tx) => persistScanIn(tx, input), { timeout: 300_000, maxWait: 30_000 });
}

async function persistScanIn(tx: DbTransaction, input: PersistScanInput): Promise<PersistScanSummary> {
  const { clusterId, scanId, finishedAt } = input;
  if (input.inTransaction) await input.inTransaction(tx);
  const existingRows = (await tx.finding.findMany({
    where: { clusterId },
    select: { id: true, checkId: true, fingerprint: true, status: true, message: true, severity: true, path: true, manifestHash: true, exceptionId: true },
  })) as ExistingFinding[];
  const existing = new Map(existingRows.map((f) => [f.fingerprint, f]));

  const scored = applyExceptions(clusterId, input.results, input.exceptions, (fp) => existing.get(fp)?.id, input.labelsOf, finishedAt);
  const passes = input.passes ?? [];
  const tallies = tallyResults([...scored.map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, status: r.scoredStatus })), ...passes]);
  const scores = scoreChecks(tallies);
  const partial = isPartial(input.coverageGaps, input.engineErrors);

  // Failing results (excepted ones included: the finding exists, the risk is accepted).
  const failing = new Map<string, ScoredResult>();
  const passing = new Set<string>(input.passFingerprints);
  for (const r of scored) {
    if (r.scoredStatus === 'fail' || r.scoredStatus === 'excepted') failing.set(r.fingerprint, r);
    else if (r.scoredStatus === 'pass') passing.add(r.fingerprint);
  }
  const erroredChecks = new Set(input.engineErrors.map((e) => e.checkId));
  const incomplete = input.coverageGaps.length > 0;

  // Manifests of failing resources, content-addressed: unchanged ones already exist.
  const manifestHashOf = new Map<string, string>();
  if (input.manifestOf) {
    const docs = new Map<string, { id: string; clusterId: string; kind: string; namespace: string | null; name: string; body: object }>();
    for (const r of failing.values()) {
      const raw = input.manifestOf(r);
      if (!raw || typeof raw !== 'object') continue;
      // Masked before it is addressed or stored: no credential value, nor a hash of one, is kept.
      const body = makeStorable(maskManifest(raw));
      const id = resourceDocumentId(clusterId, body);
      manifestHashOf.set(r.fingerprint, id);
      if (!docs.has(id)) docs.set(id, { id, clusterId, kind: indexable(r.resource.kind), namespace: r.resource.namespace ? indexable(r.resource.namespace) : null, name: indexable(r.resource.name), body });
    }
    for (const part of chunks([...docs.values()], 1_000)) await tx.resourceDocument.createMany({ data: part, skipDuplicates: true });
  }

  // Finding.exceptionId references a stored exception; rules the caller made up (tests, CLI) are not stored.
  const hitIds = [...new Set(scored.flatMap((r) => (r.exceptionId ? [r.exceptionId] : [])))];
  const knownExceptions = new Set(hitIds.length ? (await tx.riskException.findMany({ where: { id: { in: hitIds } }, select: { id: true } })).map((e) => e.id) : []);

  const created: Prisma.FindingCreateManyInput[] = [];
  const events: Array<{ id: string; findingId: string; scanId: string; clusterId: string; type: 'opened' | 'resolved' | 'reopened'; at: Date }> = [];
  const reopenIds: string[] = [];
  const changed: Array<{ id: string; r: ScoredResult }> = [];

  for (const r of failing.values()) {
    const prev = existing.get(r.fingerprint);
    const manifestHash = manifestHashOf.get(r.fingerprint) ?? null;
    if (!prev) {
      const id = randomUUID();
      created.push({
        id,
        clusterId,
        fingerprint: r.fingerprint,
        checkId: r.checkId,
        section: r.section,
        severity: r.severity,
        resourceApiVersion: indexable(r.resource.apiVersion),
        resourceKind: indexable(r.resource.kind),
        resourceNamespace: r.resource.namespace ? indexable(r.resource.namespace) : null,
        resourceName: indexable(r.resource.name),
        path: r.path ? storableText(r.path) : null,
        detail: r.detail ? storableText(r.detail) : null,
        message: storableText(r.message),
        evidence: storableJson(r.evidence),
        patch: storableJson(r.patch),
        manifestHash,
        exceptionId: r.exceptionId && knownExceptions.has(r.exceptionId) ? r.exceptionId : null,
        status: 'open',
        firstSeenScanId: scanId,
        lastSeenScanId: scanId,
        firstSeenAt: finishedAt,
        lastSeenAt: finishedAt,
      });
      events.push({ id: randomUUID(), findingId: id, scanId, clusterId, type: 'opened', at: finishedAt });
    } else if (prev.status === 'resolved') {
      reopenIds.push(prev.id);
      changed.push({ id: prev.id, r });
      events.push({ id: randomUUID(), findingId: prev.id, scanId, clusterId, type: 'reopened', at: finishedAt });
    } else if (prev.message !== r.message || prev.severity !== r.severity || prev.path !== (r.path ?? null) || (manifestHash && prev.manifestHash !== manifestHash)) {
      changed.push({ id: prev.id, r });
    }
  }

  const resolveIds: string[] = [];
  for (const prev of existingRows) {
    if (prev.status !== 'open' || failing.has(prev.fingerprint)) continue;
    if (erroredChecks.has(prev.checkId)) continue;
    if (incomplete && !passing.has(prev.fingerprint)) continue;
    resolveIds.push(prev.id);
    events.push({ id: randomUUID(), findingId: prev.id, scanId, clusterId, type: 'resolved', at: finishedAt });
  }

  await insertFindings(tx, created, scanId, finishedAt);
  for (const part of chunks(reopenIds))
    await tx.finding.updateMany({
      where: { id: { in: part } },
      data: { status: 'open', resolvedAt: null, resolvedScanId: null, reopenCount: { increment: 1 } },
    });
  for (const { id, r } of changed)
    await tx.finding.update({
      where: { id },
      data: {
        message: storableText(r.message),
        severity: r.severity,
        path: r.path ? storableText(r.path) : null,
        evidence: storableJson(r.evidence),
        patch: storableJson(r.patch),
        manifestHash: manifestHashOf.get(r.fingerprint) ?? undefined,
        lastSeenScanId: scanId,
        lastSeenAt: finishedAt,
      },
    });
  for (const part of chunks(resolveIds))
    await tx.finding.updateMany({ where: { id: { in: part } }, data: { status: 'resolved', resolvedScanId: scanId, resolvedAt: finishedAt } });
  await insertFindingEvents(tx, events, scanId, clusterId, finishedAt);

  // Which exception covers each existing failing finding now (new rows got it at creation).
  const exceptionChanges = new Map<string | null, string[]>();
  for (const r of failing.values()) {
    const prev = existing.get(r.fingerprint);
    const next = r.exceptionId && knownExceptions.has(r.exceptionId) ? r.exceptionId : null;
    if (!prev || prev.exceptionId === next) continue;
    const ids = exceptionChanges.get(next) ?? [];
    ids.push(prev.id);
    exceptionChanges.set(next, ids);
  }
  for (const [exceptionId, ids] of exceptionChanges)
    for (const part of chunks(ids)) await tx.finding.updateMany({ where: { id: { in: part } }, data: { exceptionId } });

  await createAggregates(tx, { scanId, clusterId, at: finishedAt }, tallies, scores);
  if (input.workloadRisk) await persistWorkloadRisk(tx, { scanId, clusterId }, input.workloadRisk);
  if (input.vulnerabilities) await persistVulnerabilityInventory(tx, scanId, input.vulnerabilities);
  await recordScorePoint(tx, { clusterId, scanId, at: finishedAt, cause: 'scan', partial }, scores);
  const namespaceTallies = tallyNamespaces([...scored.map((r) => ({ checkId: r.checkId, section: r.section, severity: r.severity, status: r.scoredStatus, namespace: r.resource.namespace })), ...passes]);
  await recordNamespacePosture(tx, { scanId, clusterId, at: finishedAt }, namespaceTallies, input.namespaces);
  // Recount the groups whose findings opened, reopened, resolved, changed or moved to / from an exception.
  await refreshOpenFindingCountsOf(tx, [
    ...created.map((c) => c.id!),
    ...changed.map((c) => c.id),
    ...resolveIds,
    ...[...exceptionChanges.values()].flat(),
  ]);

  const openFindings = existingRows.filter((f) => f.status === 'open').length + created.length + reopenIds.length - resolveIds.length;
  await tx.scan.update({
    where: { id: scanId },
    data: {
      status: 'succeeded',
      phase: 'done',
      startedAt: input.startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - input.startedAt.getTime(),
      kubernetesVersion: input.kubernetesVersion ? storableText(input.kubernetesVersion) : null,
      objectCounts: input.objectCounts,
      coverageGaps: makeStorable(structuredClone(input.coverageGaps)) as unknown as object,
      ...scanScoreData(scores),
      partial,
      findingsNew: created.length + reopenIds.length,
      findingsResolved: resolveIds.length,
      error: input.engineErrors.length ? storableText(`Checks that could not run: ${input.engineErrors.map((e) => `${e.checkId} (${e.message})`).join('; ')}`) : null,
    },
  });
  if (input.afterFindings) await input.afterFindings(tx);

  return {
    scores,
    findingsNew: created.length,
    findingsReopened: reopenIds.length,
    findingsResolved: resolveIds.length,
    findingsUpdated: changed.length - reopenIds.length,
    openFindings,
  };
}

/**
 * A scan is partial when an input could not be read (a coverage gap other than a missing
 * optional object, such as a node without kubelet configuration) or a check could not run: its
 * score is kept and shown as partial, and left out of better / worse comparisons.
 */
export function isPartial(gaps: readonly CoverageGap[], errors: readonly EngineError[]): boolean {
  return errors.length > 0 || gaps.some((g) => g.reason !== 'not-found');
}
