/**
 * Machine exports of the findings browser's current filter (server-only):
 *
 *   csv    one row per finding (RFC 4180, UTF-8), every column a spreadsheet needs, and the fix's
 *          kubectl command filled in for the resource (fix_command)
 *   json   the CLI's `rampart scan --format json` schema (lib/reports/scan-json.ts, schemaVersion 1)
 *   sarif  SARIF 2.1.0 through lib/reports/sarif.ts (GitHub's 25,000-results cap applies)
 *
 * DB findings are adapted to the renderers' input (EvaluatedResult inside a ScanOutcome), so the
 * JSON and SARIF an export produces are exactly what the CLI would print for those findings.
 * Output is streamed: findings are read in pages of EXPORT_PAGE_SIZE (keyset, most severe first)
 * and written as they come, so memory stays flat whatever the size.
 */
import 'server-only';
import { CHECKS, getCheck } from '@/lib/checks';
import { SECTION_IDS, type SectionId, type Severity } from '@/lib/checks/types';
import { FINDING_ROW_SELECT, findingScope } from '@/lib/dashboard/findings';
import { resourceDisplayName } from '@/lib/dashboard/resource-label';
import { isExcepted } from '@/lib/exceptions/active';
import { fillKubectl } from '@/lib/remediation/fill';
import { storedPatch } from '@/lib/remediation/patch';
import { latestSuccessfulScans } from '@/lib/scans/latest';
import { findingDue, type FindingDue } from '@/lib/sla/policy';
import type { FindingFilters } from '@/lib/dashboard/findings-filters';
import type { Db, Prisma } from '@/lib/db';
import { ownersOfFindings } from '@/lib/teams/owners';
import { UNOWNED } from '@/lib/teams/ownership';
import { clustersVisibleWhere, FLEET, loadScopeRules, type AccessScope } from '@/lib/teams/scope';
import { clusterViewsOf } from '@/lib/teams/cluster-view';
import { partScans } from '@/lib/dashboard/part-scores';
import { capFor, gradeFor, openOfRow, sumSeverityCounts, type Grade, type Scores, type ScoreSummary, type SeverityCounts } from '@/lib/scoring';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import type { ScanOutcome } from '@/lib/evaluation/outcome';
import { GITHUB_MAX_RESULTS_PER_RUN, toSarif } from './sarif';
import { toScanJson } from './scan-json';

export const EXPORT_FORMATS = ['csv', 'json', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_PAGE_SIZE = 1000;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

const EXPORT_SELECT = {
  ...FINDING_ROW_SELECT,
  fingerprint: true,
  path: true,
  detail: true,
  evidence: true,
  patch: true,
} satisfies Prisma.FindingSelect;

/** A finding as exported: its status, due date, and its owning team's name (null: unowned; lib/teams/ownership.ts). */
export type ExportRow = Prisma.FindingGetPayload<{ select: typeof EXPORT_SELECT }> & { excepted: boolean; owner: string | null } & FindingDue;

/** Pages of the filtered findings, most severe first (severity, id), each row flagged excepted or not, with its due date and owner. */
export async function* exportRows(db: Db, filters: FindingFilters, now = new Date(), pageSize = EXPORT_PAGE_SIZE, access: AccessScope = FLEET): AsyncGenerator<ExportRow[]> {
  const { staleIds, where, policies } = await findingScope(db, filters, now, access);
  const staleSet = new Set(staleIds);
  const rules = await loadScopeRules(db);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.finding.findMany({
      where,
      orderBy: [{ severity: 'asc' }, { id: 'asc' }],
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: EXPORT_SELECT,
    });
    if (!page.length) return;
    const owners = await ownersOfFindings(db, page, rules);
    yield page.map((r) => {
      const excepted = isExcepted(r, staleSet);
      const owner = owners.get(r.id) ?? null;
      return { ...r, excepted, owner: owner?.teamName ?? null, ...findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: r.status === 'open' && !excepted, owner }, policies, now) };
    });
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}

// ───────────────────────────── CSV ─────────────────────────────

export const CSV_COLUMNS = [
  'cluster',
  'severity',
  'status',
  'section',
  'check_id',
  'check_title',
  'kind',
  'namespace',
  'name',
  'api_version',
  'path',
  'message',
  'first_seen',
  'last_seen',
  'resolved_at',
  'fingerprint',
  'finding_id',
  'fix_command',
  'due_at',
  'sla',
  'ticket_url',
  'owner_team',
  'assignee',
] as const;

/** One CSV field: quoted when it holds a comma, quote or line break; formula-leading characters are neutralised. */
export function csvField(value: string | null | undefined): string {
  let v = value ?? '';
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The check's kubectl command filled in for this finding's resource (lib/remediation/fill); empty when there is none for its kind. */
export function fixCommand(r: Pick<ExportRow, 'checkId' | 'resourceKind' | 'resourceNamespace' | 'resourceName' | 'detail' | 'evidence' | 'cluster'>): string {
  const command = getCheck(r.checkId)?.remediation.kubectl;
  if (!command) return '';
  const resource = { kind: r.resourceKind, namespace: r.resourceNamespace, name: resourceDisplayName({ kind: r.resourceKind, name: r.resourceName }, r.cluster.name) };
  return fillKubectl(command, { resource, detail: r.detail, evidence: r.evidence }) ?? '';
}

export function csvRow(r: ExportRow): string {
  const status = r.status === 'resolved' ? 'resolved' : r.excepted ? 'excepted' : 'open';
  return (
    [
      r.cluster.name,
      r.severity,
      status,
      r.section,
      r.checkId,
      getCheck(r.checkId)?.title ?? r.checkId,
      r.resourceKind,
      r.resourceNamespace,
      resourceDisplayName({ kind: r.resourceKind, name: r.resourceName }, r.cluster.name),
      r.resourceApiVersion,
      r.path,
      r.message,
      r.firstSeenAt.toISOString(),
      r.lastSeenAt.toISOString(),
      r.resolvedAt?.toISOString() ?? '',
      r.fingerprint,
      r.id,
      fixCommand(r),
      r.dueAt ?? '',
      r.sla ?? '',
      r.ticketUrl ?? '',
      r.owner ?? UNOWNED,
      r.assignee?.email ?? '',
    ]
      .map(csvField)
      .join(',') + '\r\n'
  );
}

// ───────────────────────────── JSON / SARIF through the CLI renderers ─────────────────────────────

/** A stored finding as the evaluator's result, for lib/reports/{scan-json,sarif}. */
export function toEvaluatedResult(r: ExportRow): EvaluatedResult {
  const check = getCheck(r.checkId);
  const patch = storedPatch(r.patch) ?? undefined;
  return {
    status: 'fail',
    checkId: r.checkId,
    section: r.section as SectionId,
    severity: r.severity,
    title: check?.title ?? r.checkId,
    guideRef: check?.guideRef ?? '',
    remediation: check?.remediation ?? { steps: [] },
    fingerprint: r.fingerprint,
    resource: { apiVersion: r.resourceApiVersion, kind: r.resourceKind, ...(r.resourceNamespace ? { namespace: r.resourceNamespace } : {}), name: resourceDisplayName({ kind: r.resourceKind, name: r.resourceName }, r.cluster.name) },
    message: r.message,
    ...(r.path ? { path: r.path } : {}),
    ...(r.detail ? { detail: r.detail } : {}),
    ...(r.evidence && typeof r.evidence === 'object' && !Array.isArray(r.evidence) ? { evidence: r.evidence as Record<string, unknown> } : {}),
    ...(patch ? { patch } : {}),
  };
}

export interface ExportContext {
  /** Cluster name (one cluster) or "fleet". */
  sourceName: string;
  scannedAt: string;
  serverVersion?: string;
  scores: Scores;
}

/** One cluster's numbers as the export's access scope sees them: overall and per section. */
interface ClusterNumbers {
  overall: { score: number; uncappedScore: number };
  sections: Array<{ section: string; score: number; uncappedScore: number; passed: number; failed: number; excepted: number; open: SeverityCounts }>;
}

/**
 * Scores and source of the export: the latest successful scan of the filtered cluster, or the mean
 * over the clusters in the scope. Of a cluster the scope owns in part, the part's numbers at that
 * scan (its namespaces' tallies, lib/dashboard/part-scores.ts: what the member's scorecards show);
 * a part with no namespace results at that scan has no numbers.
 */
export async function exportContext(db: Db, filters: FindingFilters, access: AccessScope = FLEET): Promise<ExportContext> {
  const clusters = await db.cluster.findMany({ where: { AND: [filters.cluster ? { id: filters.cluster } : {}, clustersVisibleWhere(access)] }, select: { id: true, name: true, serverVersion: true } });
  const latestByCluster = await latestSuccessfulScans(db, clusters.map((c) => c.id), { id: true, finishedAt: true, score: true, uncappedScore: true });
  const views = clusterViewsOf(access, [...latestByCluster.keys()]);
  const wholeScans = [...latestByCluster].filter(([id]) => views.get(id)?.kind === 'whole').map(([, s]) => s);
  const aggs = await db.scanSectionAggregate.findMany({ where: { scanId: { in: wholeScans.map((s) => s.id) } } });
  const numbers: ClusterNumbers[] = wholeScans.map((s) => ({
    overall: { score: s.score ?? 100, uncappedScore: s.uncappedScore ?? s.score ?? 100 },
    sections: aggs.filter((a) => a.scanId === s.id).map((a) => ({ section: a.section, score: a.score, uncappedScore: a.uncappedScore ?? a.score, passed: a.passed, failed: a.failed, excepted: a.excepted, open: openOfRow(a) })),
  }));
  for (const [clusterId, view] of views) {
    if (view.kind !== 'part') continue;
    const scanId = latestByCluster.get(clusterId)!.id;
    const part = (await partScans(db, view, [scanId])).get(scanId);
    if (!part) continue;
    numbers.push({
      overall: { score: part.scores.overall.score, uncappedScore: part.scores.overall.uncappedScore },
      sections: SECTION_IDS.map((section) => ({ section, ...part.scores.sections[section] })),
    });
  }
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 100);
  const summary = (score: number, uncappedScore: number, rows: ClusterNumbers['sections']): ScoreSummary => {
    const open = sumSeverityCounts(rows.map((r) => r.open));
    return {
      score,
      grade: gradeFor(score) as Grade,
      passed: rows.reduce((n, a) => n + a.passed, 0),
      failed: rows.reduce((n, a) => n + a.failed, 0),
      excepted: rows.reduce((n, a) => n + a.excepted, 0),
      uncappedScore,
      cap: score < uncappedScore ? capFor(open) : null,
      open,
    };
  };
  const allSections = numbers.flatMap((n) => n.sections);
  const sections = Object.fromEntries(
    SECTION_IDS.map((s) => {
      const rows = allSections.filter((a) => a.section === s);
      const sum = summary(mean(rows.map((a) => a.score)), mean(rows.map((a) => a.uncappedScore)), rows);
      return [s, { ...sum, applicable: sum.passed + sum.failed + sum.excepted }];
    }),
  ) as Scores['sections'];
  const overall = summary(mean(numbers.map((n) => n.overall.score)), mean(numbers.map((n) => n.overall.uncappedScore)), allSections);
  const last = [...latestByCluster.values()].reduce<Date | null>((m, s) => (s.finishedAt && (!m || s.finishedAt > m) ? s.finishedAt : m), null);
  return {
    sourceName: filters.cluster ? (clusters[0]?.name ?? filters.cluster) : 'fleet',
    scannedAt: (last ?? new Date()).toISOString(),
    ...(filters.cluster && clusters[0]?.serverVersion ? { serverVersion: clusters[0].serverVersion } : {}),
    scores: { overall, sections },
  };
}

function outcomeOf(ctx: ExportContext, results: EvaluatedResult[]): ScanOutcome {
  return {
    source: { type: 'cluster', name: ctx.sourceName },
    scannedAt: ctx.scannedAt,
    ...(ctx.serverVersion ? { serverVersion: ctx.serverVersion } : {}),
    checks: CHECKS,
    evaluation: { results, passes: [], score: ctx.scores, errors: [] },
    gaps: [],
    loadErrors: [],
    clusterKey: ctx.sourceName,
  };
}

const HOLE = '"__rampart_stream_hole__"';

/** Splits a serialized document at its one placeholder array item: [before, after]. */
function frame(doc: unknown): [string, string] {
  const text = JSON.stringify(doc);
  const at = text.indexOf(HOLE);
  return [text.slice(0, at), text.slice(at + HOLE.length)];
}

/** The export as a stream of UTF-8 chunks. `onDone(count)` runs after the last chunk (audit). */
export function exportStream(
  db: Db,
  filters: FindingFilters,
  format: ExportFormat,
  toolVersion: string,
  options: { now?: Date; onDone?: (count: number) => Promise<void> | void; access?: AccessScope } = {},
): ReadableStream<Uint8Array> {
  const access = options.access ?? FLEET;
  const encoder = new TextEncoder();
  const now = options.now ?? new Date();
  async function* chunks(): AsyncGenerator<string> {
    let count = 0;
    if (format === 'csv') {
      yield CSV_COLUMNS.join(',') + '\r\n';
      for await (const page of exportRows(db, filters, now, EXPORT_PAGE_SIZE, access)) {
        count += page.length;
        yield page.map(csvRow).join('');
      }
    } else {
      const ctx = await exportContext(db, filters, access);
      const empty = outcomeOf(ctx, []);
      let before: string;
      let after: string;
      if (format === 'json') {
        [before, after] = frame({ ...toScanJson(empty), findings: [JSON.parse(HOLE)] });
      } else {
        const sarif = toSarif(empty, toolVersion);
        [before, after] = frame({ ...sarif, runs: [{ ...sarif.runs[0], results: [JSON.parse(HOLE)] }] });
      }
      yield before;
      for await (const page of exportRows(db, filters, now, EXPORT_PAGE_SIZE, access)) {
        const room = format === 'sarif' ? GITHUB_MAX_RESULTS_PER_RUN - count : page.length;
        if (room <= 0) break;
        const results = page.slice(0, room).map(toEvaluatedResult);
        const items = format === 'json' ? toScanJson(outcomeOf(ctx, results)).findings : toSarif(outcomeOf(ctx, results), toolVersion).runs[0].results;
        yield (count ? ',' : '') + items.map((i) => JSON.stringify(i)).join(',');
        count += items.length;
      }
      yield after;
    }
    await options.onDone?.(count);
  }
  const it = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

export function exportFileName(format: ExportFormat, sourceName: string, now = new Date()): string {
  const safe = sourceName.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 60) || 'findings';
  return `rampart-findings-${safe}-${now.toISOString().slice(0, 10)}.${format === 'sarif' ? 'sarif' : format}`;
}

export type { Severity };
