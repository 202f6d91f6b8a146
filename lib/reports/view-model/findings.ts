/**
 * The report's findings chapter: the open findings no active exception covers, in scope
 * (./scope.ts reportFindingsWhere, the findings browser's rule), grouped by section then check,
 * most severe first, each check with why it matters and how to fix it; the resources and
 * namespaces they are on; and what happened to findings of the same scope in the period.
 */
import { getCheck } from '@/lib/checks';
import { frameworksFor } from '@/lib/checks/frameworks';
import type { SectionId, Severity } from '@/lib/checks/types';
import type { Db, Prisma } from '@/lib/db';
import { SECTIONS } from '@/lib/dashboard/sections';
import { fillEvidence } from '@/lib/remediation/fill';
import { storedPatch } from '@/lib/remediation/patch';
import { zeroSeverityCounts } from '@/lib/scoring';
import { FLEET, type AccessScope } from '@/lib/teams/scope';
import { compareSeverity } from '@/lib/vocabulary';
import { findingScopeWhere, reportFindingsWhere, type FindingNarrowing, type ScopeCluster } from './scope';
import type { ReportCheckGroup, ReportFinding, ReportSectionGroup, ReportViewModel } from './types';

const PAGE = 2000;

/** What the report shows of a finding. */
const FINDING_SELECT = { id: true, clusterId: true, checkId: true, section: true, severity: true, resourceApiVersion: true, resourceKind: true, resourceNamespace: true, resourceName: true, message: true, path: true, detail: true, evidence: true, patch: true, firstSeenAt: true } satisfies Prisma.FindingSelect;

type FindingRow = Prisma.FindingGetPayload<{ select: typeof FINDING_SELECT }>;

/** Findings opened, reopened and resolved in the period, of the same scope as the findings listed (a report narrowed to a section counts that section's events only). */
export async function reportActivity(db: Db, clusterIds: string[], params: FindingNarrowing, period: { from: Date; now: Date }, access: AccessScope = FLEET): Promise<ReportViewModel['activity']> {
  const scope = findingScopeWhere(params, access);
  const events = await db.findingEvent.groupBy({
    by: ['type'],
    where: { clusterId: { in: clusterIds }, at: { gte: period.from, lte: period.now }, ...(scope.length ? { finding: { AND: scope } } : {}) },
    _count: { _all: true },
  });
  const activity = { opened: 0, reopened: 0, resolved: 0 };
  for (const e of events) activity[e.type] = e._count._all;
  return activity;
}

/** The report's findings, read in pages (a fleet report can hold many thousands); `onPage` gets the share read so far (0–1). */
async function loadFindings(db: Db, where: Prisma.FindingWhereInput, onPage?: (share: number) => void | Promise<void>): Promise<FindingRow[]> {
  const total = await db.finding.count({ where });
  const rows: FindingRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.finding.findMany({ where, orderBy: { id: 'asc' }, take: PAGE, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), select: FINDING_SELECT });
    rows.push(...page);
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
    await onPage?.(rows.length / Math.max(total, 1));
  }
  return rows;
}

/** A check's group: what it is, why it matters and how to fix it (lib/checks), and its findings (added by the caller). */
function checkGroup(checkId: string, severity: Severity): ReportCheckGroup {
  const check = getCheck(checkId);
  const fw = frameworksFor(checkId);
  return {
    checkId,
    title: check?.title ?? checkId,
    severity,
    guideRef: check?.guideRef ?? '',
    description: check?.description ?? '',
    rationale: check?.rationale ?? '',
    remediation: { steps: [...(check?.remediation.steps ?? [])], kubectl: check?.remediation.kubectl ?? null, patch: check?.remediation.patch ?? null, ...(check?.remediation.appliesTo ? { appliesTo: check.remediation.appliesTo } : {}) },
    frameworks: [...(fw.cis ?? []).map((c) => `CIS ${c}`), ...(fw.pss ? [`PSS ${fw.pss.level}`] : [])],
    findings: [],
  };
}

export interface ReportFindings {
  totals: ReportViewModel['totals'];
  sections: ReportSectionGroup[];
}

/** The findings chapter of the clusters in scope (see the file header). */
export async function buildFindings(
  db: Db,
  clusters: readonly ScopeCluster[],
  sectionIds: readonly SectionId[],
  params: FindingNarrowing,
  now: Date,
  onPage?: (share: number) => void | Promise<void>,
  access: AccessScope = FLEET,
): Promise<ReportFindings> {
  const rows = await loadFindings(db, reportFindingsWhere(clusters.map((c) => c.id), params, now, access), onPage);
  const clusterName = new Map(clusters.map((c) => [c.id, c.name]));
  const bySection = new Map<SectionId, Map<string, ReportCheckGroup>>();
  const totals = { findings: rows.length, bySeverity: zeroSeverityCounts(), resources: 0, namespaces: 0, clusterScopedResources: 0 };
  const resourceKeys = new Set<string>();
  const namespaceKeys = new Set<string>();
  for (const r of rows) {
    const section = r.section as SectionId;
    totals.bySeverity[r.severity]++;
    const resourceKey = `${r.clusterId}\u0000${r.resourceNamespace ?? ''}\u0000${r.resourceKind}\u0000${r.resourceName}`;
    if (!resourceKeys.has(resourceKey)) {
      resourceKeys.add(resourceKey);
      if (r.resourceNamespace) namespaceKeys.add(`${r.clusterId}\u0000${r.resourceNamespace}`);
      else totals.clusterScopedResources++;
    }
    let checks = bySection.get(section);
    if (!checks) bySection.set(section, (checks = new Map()));
    let g = checks.get(r.checkId);
    if (!g) checks.set(r.checkId, (g = checkGroup(r.checkId, r.severity)));
    if (compareSeverity(r.severity, g.severity) < 0) g.severity = r.severity;
    g.findings.push({
      id: r.id,
      clusterName: clusterName.get(r.clusterId) ?? r.clusterId,
      severity: r.severity,
      resource: { apiVersion: r.resourceApiVersion, kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
      message: r.message,
      path: r.path,
      detail: r.detail,
      evidence: fillEvidence(r.evidence),
      patch: storedPatch(r.patch),
      firstSeenAt: r.firstSeenAt.toISOString(),
    });
  }
  totals.resources = resourceKeys.size;
  totals.namespaces = namespaceKeys.size;
  const resKey = (f: ReportFinding) => `${f.clusterName}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.kind}\u0000${f.resource.name}\u0000${f.path ?? ''}`;
  const sections: ReportSectionGroup[] = sectionIds
    .filter((s) => bySection.has(s))
    .map((s) => {
      const checks = [...(bySection.get(s)?.values() ?? [])];
      for (const c of checks) c.findings.sort((a, b) => compareSeverity(a.severity, b.severity) || resKey(a).localeCompare(resKey(b)));
      checks.sort((a, b) => compareSeverity(a.severity, b.severity) || b.findings.length - a.findings.length || a.checkId.localeCompare(b.checkId));
      const bySeverity = zeroSeverityCounts();
      for (const c of checks) for (const f of c.findings) bySeverity[f.severity]++;
      return { id: s, number: SECTIONS[s].number, title: SECTIONS[s].title, count: checks.reduce((n, c) => n + c.findings.length, 0), bySeverity, checks };
    });
  return { totals, sections };
}
