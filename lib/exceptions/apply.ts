/**
 * Applying exceptions between scans (server-only).
 *
 * `reapplyExceptions` re-evaluates which active (approved, unexpired, unrevoked) exception covers each candidate OPEN finding
 * (the same matcher persistScan uses: lib/exceptions/match.ts) and writes Finding.exceptionId
 * only where it changes. Label selectors read the labels of the finding's stored manifest
 * (ResourceDocument), which is what the scan matched them against.
 *
 * `recomputeLatestScanScores` then brings the cluster's latest successful scan in line: for
 * every check aggregate of that scan, its failing results (stored by their own severity) are
 * split again into failed and excepted by the severities of the check's open findings that are
 * now excepted, and the tallies are scored with the function scans use (lib/scoring
 * scoreChecks); section aggregates, the scan's score, grade and counters follow, and a trend
 * point records the new numbers at the moment of the change (earlier points are never
 * rewritten). Nothing is written when no check's split changed.
 */
import type { DbTransaction, Prisma } from '../db';
import { exceptedWhere } from './active';
import { compileExceptions } from './match';
import { loadExceptionRules } from './rules';
import { latestSuccessfulScan } from '../scans/latest';
import { checkAggregateData, recordScorePoint, scanScoreData, tallyFromAggregate, updateSectionAggregates } from '../scans/score-record';
import { SCORING_VERSION, scoreChecks, type SeverityCounts } from '../scoring';
import { refreshOpenFindingCountsOf } from '../scans/open-finding-counts';

export interface ReapplyScope {
  /** Clusters to look at; null = every cluster. */
  clusterIds: string[] | null;
  /** Open findings of these checks are candidates. */
  checkIds?: string[];
  /** These findings are candidates. */
  findingIds?: string[];
  /** Findings currently covered by these exceptions are candidates (revoked / expired ones). */
  exceptionIds?: string[];
}

export interface ReapplyResult {
  /** Findings whose exceptionId changed. */
  changed: number;
  /** cluster id → check ids whose findings changed. */
  touched: Map<string, Set<string>>;
  /** The findings whose exceptionId changed. */
  changedIds: string[];
}

function labelsFromManifest(body: unknown): Record<string, string> {
  const labels = (body as { metadata?: { labels?: unknown } } | null)?.metadata?.labels;
  if (!labels || typeof labels !== 'object') return {};
  return Object.fromEntries(Object.entries(labels as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Sets Finding.exceptionId of the candidate open findings to the active exception covering them. */
export async function reapplyExceptions(tx: DbTransaction, scope: ReapplyScope, now: Date): Promise<ReapplyResult> {
  const or: Prisma.FindingWhereInput[] = [];
  if (scope.checkIds?.length) or.push({ checkId: { in: scope.checkIds } });
  if (scope.findingIds?.length) or.push({ id: { in: scope.findingIds } });
  if (scope.exceptionIds?.length) or.push({ exceptionId: { in: scope.exceptionIds } });
  const result: ReapplyResult = { changed: 0, touched: new Map(), changedIds: [] };
  if (or.length === 0) return result;

  const clusterFilter = scope.clusterIds ? { clusterId: { in: scope.clusterIds } } : {};
  const rules = await loadExceptionRules(tx, scope.clusterIds, now);
  const needLabels = rules.some((r) => r.labelSelector);
  const matcher = compileExceptions(rules, now);

  const PAGE = 5_000;
  let cursor: string | undefined;
  const changes = new Map<string | null, string[]>();
  for (;;) {
    const page = await tx.finding.findMany({
      where: { status: 'open', ...clusterFilter, OR: or },
      select: {
        id: true,
        clusterId: true,
        checkId: true,
        exceptionId: true,
        resourceKind: true,
        resourceNamespace: true,
        resourceName: true,
        ...(needLabels ? { manifest: { select: { body: true } } } : {}),
      },
      orderBy: { id: 'asc' },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const f of page) {
      const manifest = (f as { manifest?: { body: unknown } | null }).manifest;
      const hit = matcher.match({
        clusterId: f.clusterId,
        checkId: f.checkId,
        findingId: f.id,
        resource: { kind: f.resourceKind, namespace: f.resourceNamespace ?? undefined, name: f.resourceName },
        labels: needLabels ? labelsFromManifest(manifest?.body) : undefined,
      });
      const next = hit?.id ?? null;
      if (next === f.exceptionId) continue;
      const ids = changes.get(next) ?? [];
      ids.push(f.id);
      changes.set(next, ids);
      const checks = result.touched.get(f.clusterId) ?? new Set<string>();
      checks.add(f.checkId);
      result.touched.set(f.clusterId, checks);
      result.changedIds.push(f.id);
      result.changed++;
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1]!.id;
  }
  for (const [exceptionId, ids] of changes) {
    for (let i = 0; i < ids.length; i += PAGE) {
      await tx.finding.updateMany({ where: { id: { in: ids.slice(i, i + PAGE) } }, data: { exceptionId } });
    }
  }
  return result;
}

export interface RecomputeResult {
  scanId: string | null;
  /** False when the latest scan's numbers were already right. */
  updated: boolean;
  score: number | null;
  grade: string | null;
}

/**
 * Re-scores the cluster's latest successful scan as its exceptions stand now (see file header):
 * the scan's stored failing results of each check are split again by the severities of the
 * check's open findings that an exception now covers, and scored with the scans' own function
 * (lib/scoring scoreChecks). A new trend point records the change at `now`; earlier points stay.
 */
export async function recomputeLatestScanScores(tx: DbTransaction, clusterId: string, now: Date): Promise<RecomputeResult> {
  const scan = await latestSuccessfulScan(tx, clusterId, { id: true, score: true, grade: true, scoringVersion: true, partial: true });
  if (!scan) return { scanId: null, updated: false, score: null, grade: null };
  // A scan scored by an earlier formula has no per-severity tallies: its next scan scores it anew.
  if (scan.scoringVersion < SCORING_VERSION) return { scanId: scan.id, updated: false, score: scan.score, grade: scan.grade };
  const [checkAggs, exceptedOpen] = await Promise.all([
    tx.scanCheckAggregate.findMany({
      where: { scanId: scan.id },
      select: { id: true, checkId: true, section: true, severity: true, passed: true, failed: true, excepted: true, applicableWeight: true, failing: true },
    }),
    // Excepted by the one rule: a finding still naming an exception that lapsed (not swept yet) is open.
    tx.finding.groupBy({ by: ['checkId', 'severity'], where: { clusterId, status: 'open', ...exceptedWhere(now) }, _count: { _all: true } }),
  ]);
  const exceptedByCheck = new Map<string, Partial<SeverityCounts>>();
  for (const g of exceptedOpen) {
    const m = exceptedByCheck.get(g.checkId) ?? {};
    m[g.severity] = g._count._all;
    exceptedByCheck.set(g.checkId, m);
  }
  const tallies = checkAggs.map((a) => tallyFromAggregate(a, exceptedByCheck.get(a.checkId) ?? {}));
  const changed = checkAggs.flatMap((a, i) => {
    const next = checkAggregateData(tallies[i]!);
    return next.excepted !== a.excepted || next.failed !== a.failed ? [{ id: a.id, failed: next.failed, excepted: next.excepted }] : [];
  });
  if (changed.length === 0) return { scanId: scan.id, updated: false, score: scan.score, grade: scan.grade };

  for (const c of changed) await tx.scanCheckAggregate.update({ where: { id: c.id }, data: { failed: c.failed, excepted: c.excepted } });
  const scores = scoreChecks(tallies);
  await updateSectionAggregates(tx, scan.id, scores);
  await tx.scan.update({ where: { id: scan.id }, data: scanScoreData(scores) });
  await recordScorePoint(tx, { clusterId, scanId: scan.id, at: now, cause: 'exceptions', partial: scan.partial }, scores);
  return { scanId: scan.id, updated: true, score: scores.overall.score, grade: scores.overall.grade };
}

/** reapplyExceptions + recomputeLatestScanScores for every cluster whose findings changed. */
export async function applyExceptionChange(tx: DbTransaction, scope: ReapplyScope, now: Date): Promise<ReapplyResult & { rescored: string[] }> {
  const res = await reapplyExceptions(tx, scope, now);
  await refreshOpenFindingCountsOf(tx, res.changedIds);
  const rescored: string[] = [];
  for (const clusterId of res.touched.keys()) {
    const r = await recomputeLatestScanScores(tx, clusterId, now);
    if (r.updated) rescored.push(clusterId);
  }
  return { ...res, rescored };
}
