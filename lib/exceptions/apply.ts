/**
 * Applying exceptions between scans (server-only).
 *
 * `reapplyExceptions` re-evaluates which active exception covers each candidate OPEN finding
 * (the same matcher persistScan uses: lib/scans/exceptions.ts) and writes Finding.exceptionId
 * only where it changes. Label selectors read the labels of the finding's stored manifest
 * (ResourceDocument), which is what the scan matched them against.
 *
 * `recomputeLatestScanScores` then brings the cluster's latest successful scan in line: for
 * every check aggregate of that scan, the results that were failing or excepted are split again
 * by how many of the check's open findings are now excepted; section aggregates, the scan's
 * score, grade and counters follow (scoring formula: lib/scoring). Passed results and results
 * that did not fail are unchanged. Nothing is written when no check's split changed.
 * Limitation: the split uses the check aggregate's severity for every result of the check (the
 * next scan recomputes from the exact per-result severities).
 */
import type { DbTransaction, Prisma } from '../db';
import type { SectionId, Severity } from '../checks/types';
import { compileExceptions, type ExceptionRule } from '../scans/exceptions';
import { scoreResults, type ScorableResult } from '../scoring';
import { refreshOpenFindingCountsOf } from '../scans/open-finding-counts';

const RULE_SELECT = {
  id: true,
  clusterId: true,
  scope: true,
  findingId: true,
  checkId: true,
  namespacePattern: true,
  labelSelector: true,
  resourceNamePattern: true,
  expiresAt: true,
  revokedAt: true,
} as const;

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
  const rules: ExceptionRule[] = await tx.riskException.findMany({
    where: {
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      ...(scope.clusterIds ? { AND: [{ OR: [{ clusterId: null }, { clusterId: { in: scope.clusterIds } }] }] } : {}),
    },
    select: RULE_SELECT,
    orderBy: { createdAt: 'asc' },
  });
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

/** Re-splits failed / excepted results of the cluster's latest successful scan (see file header). */
export async function recomputeLatestScanScores(tx: DbTransaction, clusterId: string): Promise<RecomputeResult> {
  const scan = await tx.scan.findFirst({
    where: { clusterId, status: 'succeeded' },
    orderBy: [{ finishedAt: 'desc' }, { queuedAt: 'desc' }],
    select: { id: true, score: true, grade: true },
  });
  if (!scan) return { scanId: null, updated: false, score: null, grade: null };
  const [checkAggs, exceptedOpen] = await Promise.all([
    tx.scanCheckAggregate.findMany({ where: { scanId: scan.id }, select: { id: true, checkId: true, section: true, severity: true, passed: true, failed: true, excepted: true } }),
    tx.finding.groupBy({ by: ['checkId'], where: { clusterId, status: 'open', exceptionId: { not: null } }, _count: { _all: true } }),
  ]);
  const exceptedByCheck = new Map(exceptedOpen.map((g) => [g.checkId, g._count._all]));

  let anyChange = false;
  const next = checkAggs.map((a) => {
    const total = a.failed + a.excepted;
    const excepted = Math.min(total, exceptedByCheck.get(a.checkId) ?? 0);
    const failed = total - excepted;
    if (excepted !== a.excepted) anyChange = true;
    return { ...a, failed, excepted, changed: excepted !== a.excepted };
  });
  if (!anyChange) return { scanId: scan.id, updated: false, score: scan.score, grade: scan.grade };

  for (const a of next) if (a.changed) await tx.scanCheckAggregate.update({ where: { id: a.id }, data: { failed: a.failed, excepted: a.excepted } });

  function* results(): Generator<ScorableResult> {
    for (const a of next) {
      const base = { section: a.section as SectionId, severity: a.severity as Severity };
      for (let i = 0; i < a.passed; i++) yield { ...base, status: 'pass' };
      for (let i = 0; i < a.failed; i++) yield { ...base, status: 'fail' };
      for (let i = 0; i < a.excepted; i++) yield { ...base, status: 'excepted' };
    }
  }
  const scores = scoreResults(results());
  const open = new Map<string, Record<Severity, number>>();
  for (const a of next) {
    const bucket = open.get(a.section) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    bucket[a.severity as Severity] += a.failed;
    open.set(a.section, bucket);
  }
  const sections = await tx.scanSectionAggregate.findMany({ where: { scanId: scan.id }, select: { id: true, section: true } });
  for (const row of sections) {
    const s = scores.sections[row.section as SectionId];
    if (!s) continue;
    const o = open.get(row.section) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    await tx.scanSectionAggregate.update({
      where: { id: row.id },
      data: {
        score: s.score,
        grade: s.grade,
        passed: s.passed,
        failed: s.failed,
        excepted: s.excepted,
        openCritical: o.critical,
        openHigh: o.high,
        openMedium: o.medium,
        openLow: o.low,
        openInfo: o.info,
      },
    });
  }
  await tx.scan.update({
    where: { id: scan.id },
    data: { score: scores.overall.score, grade: scores.overall.grade, resultsPassed: scores.overall.passed, resultsFailed: scores.overall.failed, resultsExcepted: scores.overall.excepted },
  });
  return { scanId: scan.id, updated: true, score: scores.overall.score, grade: scores.overall.grade };
}

/** reapplyExceptions + recomputeLatestScanScores for every cluster whose findings changed. */
export async function applyExceptionChange(tx: DbTransaction, scope: ReapplyScope, now: Date): Promise<ReapplyResult & { rescored: string[] }> {
  const res = await reapplyExceptions(tx, scope, now);
  await refreshOpenFindingCountsOf(tx, res.changedIds);
  const rescored: string[] = [];
  for (const clusterId of res.touched.keys()) {
    const r = await recomputeLatestScanScores(tx, clusterId);
    if (r.updated) rescored.push(clusterId);
  }
  return { ...res, rescored };
}
