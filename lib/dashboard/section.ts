/**
 * One guide section of one cluster: every check of the section with its pass / fail counts in
 * the latest successful scan (ScanCheckAggregate) and the previous one, open findings per check,
 * and the section's worst open findings.
 *
 * Of a team's part of the cluster (lib/teams/cluster-view.ts): the checks' results and the section
 * score those of the part's namespaces at each scan (lib/dashboard/part-scores.ts), the open
 * findings the part's own; `part` names the namespaces.
 */
import 'server-only';
import { CHECKS_BY_SECTION } from '@/lib/checks';
import type { SectionId, Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { recentSuccessfulScans } from '@/lib/scans/latest';
import { loadStaleExceptionIds, notExceptedWhereFor } from '@/lib/exceptions/active';
import { viewFindingsWhere, WHOLE, type ClusterView } from '@/lib/teams/cluster-view';
import { getClusterOpenCounts } from './open-counts';
import { countsOfTally, partScans } from './part-scores';
import { compareSeverity, severityTotal, worstCounted } from '../vocabulary';

export interface SectionCheckRow {
  checkId: string;
  title: string;
  /** The worst severity among the check's open findings (each its own), else among the latest scan's results, else the check's. */
  severity: Severity;
  guideRef: string;
  description: string;
  /** null: the check produced no result in the latest scan (not applicable / nothing to check). */
  passed: number | null;
  failed: number | null;
  excepted: number | null;
  /** failed − failed in the previous scan; null without both. */
  failedDelta: number | null;
  openFindings: number;
}

export interface SectionDetail {
  cluster: { id: string; name: string };
  section: SectionId;
  scan: { id: string; finishedAt: string } | null;
  score: { score: number; grade: string; passed: number; failed: number; excepted: number; delta: number | null } | null;
  checks: SectionCheckRow[];
  findings: Array<{ id: string; checkId: string; title: string; severity: Severity; message: string; resource: { kind: string; namespace: string | null; name: string }; firstSeenAt: string }>;
  findingsTotal: number;
  /** Set for a team's part of the cluster: the numbers are those of these namespaces. */
  part: { namespaces: string[] } | null;
}

type CheckRow = { checkId: string; severity: Severity; passed: number; failed: number; excepted: number };
type SectionRow = { score: number; grade: string; passed: number; failed: number; excepted: number };

/** A team's part: the per-check and section numbers of its namespaces at these scans. */
async function partRows(db: Db, view: Extract<ClusterView, { kind: 'part' }>, scanIds: string[], section: SectionId) {
  const parts = await partScans(db, view, scanIds);
  const checks = new Map<string, CheckRow[]>();
  const sections = new Map<string, SectionRow>();
  for (const [scanId, p] of parts) {
    checks.set(scanId, p.tallies.filter((t) => t.section === section).map((t) => ({ checkId: t.checkId, severity: t.severity, ...countsOfTally(t) })));
    const x = p.scores.sections[section];
    if (x.applicable > 0) sections.set(scanId, { score: x.score, grade: x.grade, passed: x.passed, failed: x.failed, excepted: x.excepted });
  }
  return { checks, sections, namespaces: scanIds[0] ? (parts.get(scanIds[0])?.namespaces ?? []) : [] };
}


export async function getSectionDetail(db: Db, clusterId: string, section: SectionId, now = new Date(), view: ClusterView = WHOLE): Promise<SectionDetail | null> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true, name: true } });
  if (!cluster) return null;
  const scans = await recentSuccessfulScans(db, clusterId, { id: true, finishedAt: true }, 2);
  const [latest, prev] = scans;
  const openWhere = { AND: [{ clusterId, section, status: 'open' as const, ...notExceptedWhereFor(await loadStaleExceptionIds(db, now)) }, viewFindingsWhere(view)] };
  const part = view.kind === 'part' && scans.length ? await partRows(db, view, scans.map((s) => s.id), section) : null;
  const [checkAggs, sectionAggs, open, findings, findingsTotal] = await Promise.all([
    part ? [...part.checks].flatMap(([scanId, rows]) => rows.map((r) => ({ scanId, ...r }))) : scans.length ? db.scanCheckAggregate.findMany({ where: { scanId: { in: scans.map((s) => s.id) }, section } }) : Promise.resolve([]),
    part ? [...part.sections].map(([scanId, r]) => ({ scanId, ...r })) : scans.length ? db.scanSectionAggregate.findMany({ where: { scanId: { in: scans.map((s) => s.id) }, section } }) : Promise.resolve([]),
    getClusterOpenCounts(db, clusterId, view, now).then((c) => c.checks),
    db.finding.findMany({
      where: openWhere,
      orderBy: [{ severity: 'asc' }, { firstSeenAt: 'desc' }, { id: 'asc' }],
      take: 10,
      select: { id: true, checkId: true, severity: true, message: true, resourceKind: true, resourceNamespace: true, resourceName: true, firstSeenAt: true },
    }),
    db.finding.count({ where: openWhere }),
  ]);
  const titles = new Map(CHECKS_BY_SECTION[section].map((c) => [c.id, c.title]));
  const checks = CHECKS_BY_SECTION[section].map((c): SectionCheckRow => {
    const a = latest ? checkAggs.find((x) => x.scanId === latest.id && x.checkId === c.id) : undefined;
    const p = prev ? checkAggs.find((x) => x.scanId === prev.id && x.checkId === c.id) : undefined;
    const openNow = open.get(c.id)?.open;
    return {
      checkId: c.id,
      title: c.title,
      // Each result's own severity: the worst open finding's, else the worst result the latest scan saw.
      severity: (openNow && worstCounted(openNow)) ?? a?.severity ?? c.severity,
      guideRef: c.guideRef,
      description: c.description,
      passed: a?.passed ?? null,
      failed: a?.failed ?? null,
      excepted: a?.excepted ?? null,
      failedDelta: a && p ? a.failed - p.failed : null,
      openFindings: openNow ? severityTotal(openNow) : 0,
    };
  });
  checks.sort((a, b) => (b.failed ?? -1) - (a.failed ?? -1) || compareSeverity(a.severity, b.severity) || a.checkId.localeCompare(b.checkId));
  const sa = latest ? sectionAggs.find((x) => x.scanId === latest.id) : undefined;
  const sp = prev ? sectionAggs.find((x) => x.scanId === prev.id) : undefined;
  return {
    cluster,
    section,
    scan: latest ? { id: latest.id, finishedAt: latest.finishedAt!.toISOString() } : null,
    score: sa ? { score: sa.score, grade: sa.grade, passed: sa.passed, failed: sa.failed, excepted: sa.excepted, delta: sp ? sa.score - sp.score : null } : null,
    checks,
    findings: findings.map((f) => ({ id: f.id, checkId: f.checkId, title: titles.get(f.checkId) ?? f.checkId, severity: f.severity, message: f.message, resource: { kind: f.resourceKind, namespace: f.resourceNamespace, name: f.resourceName }, firstSeenAt: f.firstSeenAt.toISOString() })),
    findingsTotal,
    part: view.kind === 'part' ? { namespaces: part?.namespaces ?? [] } : null,
  };
}
