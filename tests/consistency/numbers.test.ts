/**
 * One truth: every surface reports the same numbers for the same data, on real PostgreSQL.
 *
 * The dataset: two clusters, several scans each over a few hours, results whose severities
 * differ from their checks' usual severity, accepted-risk exceptions added between scans (one
 * for findings, one for a check) and one that expires and is swept, plus requests still waiting
 * for a second approver, which must change no number. Then, for each cluster, the
 * open findings by severity and the score are read from every surface — overview, cluster
 * scorecards, section pages, the findings browser (list, its total, group by check, resource and
 * namespace: the namespace scorecards' counts), the findings
 * export's scores, /metrics, the PDF report's view model and scope sentence, the trend series, and the compliance
 * view's and evidence pack's per-control result counts — and compared
 * with the findings table itself; remediation SLA numbers (due dates from each finding's owning
 * team's policy) likewise on the compliance module, /metrics, the browser, the digest and the export,
 * and per owning team on the overview's read model, /metrics, the PDF report and the browser's rows. Trend points recorded before an exception change keep the
 * values they had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS_BY_SECTION, getCheck } from '@/lib/checks';
import { SECTION_IDS, SEVERITIES, type SectionId, type Severity } from '@/lib/checks/types';
import type { Db } from '@/lib/db';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { createExceptions, sweepExpiredExceptions } from '@/lib/exceptions';
import { acceptRisk, testReviewers } from '@/lib/exceptions/test-utils';
import { getClusterScorecards } from '@/lib/dashboard/scorecards';
import { getSectionDetail } from '@/lib/dashboard/section';
import { buildEvidence } from '@/lib/compliance/evidence';
import { getClusterCompliance } from '@/lib/compliance/service';
import { getClusterTrends } from '@/lib/dashboard/trends';
import { listFindings } from '@/lib/dashboard/findings';
import { groupFindings } from '@/lib/dashboard/findings-groups';
import { parseFindingFilters } from '@/lib/dashboard/findings-filters';
import { collectMetrics } from '@/lib/metrics';
import { getFleetOverview } from '@/lib/dashboard/fleet';
import { exportContext, exportRows } from '@/lib/reports/findings-export';
import { scopeSentence } from '@/lib/reports/pdf/document';
import { buildReportViewModel } from '@/lib/reports/view-model';
import { reportParamsSchema } from '@/lib/reports/params';
import type { EvaluatedResult } from '@/lib/evaluation/evaluate';
import { persistScan } from '@/lib/scans/persist';
import { buildDigest } from '@/lib/notifications/email/digest';
import { getSlaCompliance } from '@/lib/sla/compliance';
import { dueAt, findingDue, policyFor, SLA_SEVERITIES } from '@/lib/sla/policy';
import { getTeamSlaCompliance } from '@/lib/sla/compliance';
import { getSlaPolicies } from '@/lib/sla/settings';
import { ownersOfFindings } from '@/lib/teams/owners';

let t: TestDatabase;
let db: Db;
const HOUR = 3_600_000;
const base = Date.now() - 10 * HOUR;
const at = (h: number) => new Date(base + h * HOUR);
const title = (id: string) => getCheck(id)?.title;
type Counts = Record<Severity, number>;
const zero = (): Counts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/** Two real checks of each of three sections; results carry their own severities. */
const picks = (['workloads', 'authorization', 'secrets'] as const).flatMap((s) => CHECKS_BY_SECTION[s].slice(0, 2));

function results(cluster: string, variant: number): EvaluatedResult[] {
  const out: EvaluatedResult[] = [];
  const sev: Severity[] = ['critical', 'high', 'medium', 'low', 'critical', 'high'];
  picks.forEach((check, ci) => {
    for (let i = 0; i < 6; i++) {
      // Variant 1 fixes some resources, variant 2 breaks a new one.
      const fail = (i + ci) % 3 !== 0 && !(variant >= 1 && i === 5) ? true : variant >= 2 && i === 0;
      out.push({
        status: fail ? 'fail' : 'pass',
        checkId: check.id,
        section: check.section,
        severity: sev[(i + ci) % sev.length]!,
        title: check.title,
        guideRef: check.guideRef,
        remediation: check.remediation,
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: i % 2 ? 'shop' : 'ops', name: `app-${i}` },
        message: `app-${i} fails ${check.id}`,
        detail: 'main',
        fingerprint: `${cluster}-${check.id}-${i}`,
      });
    }
  });
  return out;
}

async function scan(clusterId: string, variant: number, finishedAt: Date) {
  const exceptions = await db.riskException.findMany({ where: { OR: [{ clusterId }, { clusterId: null }] } });
  const row = await db.scan.create({ data: { clusterId, trigger: 'schedule', status: 'running', queuedAt: finishedAt } });
  await persistScan(db, {
    clusterId, scanId: row.id, startedAt: new Date(finishedAt.getTime() - 60_000), finishedAt,
    objectCounts: { deployments: 6 }, coverageGaps: [], results: results(clusterId, variant), engineErrors: [], exceptions,
  });
}

let a: string;
let b: string;
let pointsBeforeException: Array<{ at: string; score: number; open: Counts }>;
const pendingIds: string[] = [];
let betaBeforePending: { score: number | null; resultsExcepted: number; resultsFailed: number };
const latestScanOf = (clusterId: string) => db.scan.findFirstOrThrow({ where: { clusterId, status: 'succeeded' }, orderBy: { finishedAt: 'desc' } });

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  a = (await db.cluster.create({ data: { name: 'alpha', authType: 'token', apiServerUrl: 'https://a.example' } })).id;
  b = (await db.cluster.create({ data: { name: 'beta', authType: 'token', apiServerUrl: 'https://b.example' } })).id;
  await scan(a, 0, at(1));
  await scan(b, 0, at(1.5));
  await scan(a, 1, at(2));
  pointsBeforeException = (await getClusterTrends(db, a, { from: at(0), to: new Date() })).points.map((p) => ({ at: p.at, score: p.score, open: p.open }));
  // Accept the two critical findings of one check on alpha, and a whole check on beta (expiring).
  const crit = await db.finding.findMany({ where: { clusterId: a, status: 'open', severity: 'critical', checkId: picks[0]!.id } });
  expect(crit.length).toBeGreaterThan(0);
  await acceptRisk(db, { findingIds: crit.map((f) => f.id), reason: 'Accepted until the node agents are replaced', expiresAt: new Date(Date.now() + 30 * 24 * HOUR) }, at(3));
  await acceptRisk(db, { checkId: picks[2]!.id, clusterId: b, reason: 'Legacy RBAC reviewed by the platform team', expiresAt: at(4) }, at(3));
  await acceptRisk(db, { checkId: picks[4]!.id, clusterId: b, reason: 'Secrets move to the vault next quarter', expiresAt: new Date(Date.now() + 30 * 24 * HOUR) }, at(3));
  await scan(b, 1, at(3.5));
  await sweepExpiredExceptions(db, at(4.5));
  // Requests nobody has approved yet: one for a whole check on alpha before its next scan (the scan
  // must not apply it), one for beta's critical findings after its last scan (nothing may move).
  const { requester } = await testReviewers(db);
  const future = new Date(Date.now() + 30 * 24 * HOUR);
  pendingIds.push(...(await createExceptions(db, { checkId: picks[1]!.id, clusterId: a, reason: 'Waiting for the platform lead to approve', expiresAt: future }, { actor: requester }, at(4.6))).exceptions.map((e) => e.id));
  await scan(a, 2, at(5));
  betaBeforePending = await latestScanOf(b);
  const betaCritical = await db.finding.findMany({ where: { clusterId: b, status: 'open', severity: 'critical', exceptionId: null } });
  expect(betaCritical.length).toBeGreaterThan(0);
  pendingIds.push(...(await createExceptions(db, { findingIds: betaCritical.map((f) => f.id), reason: 'Waiting for a second approver', expiresAt: future }, { actor: requester }, at(5.5))).exceptions.map((e) => e.id));
  expect(pendingIds.length).toBeGreaterThanOrEqual(2);
  // Age the findings so that remediation SLAs bite: alpha's critical and high ones are overdue,
  // beta's high ones are due within the week.
  await db.$executeRaw`UPDATE findings SET first_seen_at = first_seen_at - interval '40 days' WHERE cluster_id = ${a}`;
  await db.$executeRaw`UPDATE findings SET first_seen_at = first_seen_at - interval '25 days' WHERE cluster_id = ${b}`;
  // Teams with their own SLA days: alpha's shop namespace gives medium findings 30 days (overdue
  // at 40), beta's owner gives high ones 20 (overdue at 25) except in beta's shop namespace, whose
  // more specific team follows the instance policy (due within the week).
  await db.team.create({ data: { name: 'Alpha shop', slaOverrides: { medium: 30 }, scopes: { create: [{ clusterId: a, kind: 'namespace', value: 'shop' }] } } });
  await db.team.create({ data: { name: 'Beta operations', slaOverrides: { high: 20 }, scopes: { create: [{ clusterId: b, kind: 'cluster' }] } } });
  await db.team.create({ data: { name: 'Beta shop', scopes: { create: [{ clusterId: b, kind: 'namespace', value: 'shop' }] } } });
}, 180_000);
afterAll(() => t?.drop());

type ExceptionState = { state: string; expiresAt: Date | null; revokedAt: Date | null } | null;
/** An active exception, written out here: approved, not revoked, not expired. */
const activeNow = (e: ExceptionState, now: Date): boolean => Boolean(e && e.state === 'approved' && !e.revokedAt && (!e.expiresAt || e.expiresAt > now));

/** The truth: open findings not covered by an active exception, straight from the findings table. */
async function truth(clusterId: string): Promise<{ total: Counts; bySection: Record<SectionId, Counts>; byCheck: Map<string, Counts> }> {
  const now = new Date();
  const rows = await db.finding.findMany({ where: { clusterId, status: 'open' }, select: { checkId: true, section: true, severity: true, exception: { select: { state: true, expiresAt: true, revokedAt: true } } } });
  const total = zero();
  const bySection = Object.fromEntries(SECTION_IDS.map((s) => [s, zero()])) as Record<SectionId, Counts>;
  const byCheck = new Map<string, Counts>();
  for (const r of rows) {
    const active = activeNow(r.exception, now);
    if (active) continue;
    total[r.severity]++;
    bySection[r.section as SectionId][r.severity]++;
    const c = byCheck.get(r.checkId) ?? zero();
    c[r.severity]++;
    byCheck.set(r.checkId, c);
  }
  return { total, bySection, byCheck };
}

const add = (list: Counts[]): Counts => {
  const out = zero();
  for (const c of list) for (const s of SEVERITIES) out[s] += c[s];
  return out;
};

function metric(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('one truth for every number', () => {
  it.each([['alpha'], ['beta']])('%s: open findings by severity are the same on every surface', async (name) => {
    const clusterId = name === 'alpha' ? a : b;
    const want = await truth(clusterId);

    const overview = (await getFleetOverview(db)).clusters.find((c) => c.id === clusterId)!;
    expect.soft(overview.openFindings, 'overview').toEqual(want.total);

    const cards = (await getClusterScorecards(db, clusterId, title))!;
    for (const s of cards.sections) expect.soft(s.open, `scorecard ${s.section}`).toEqual(want.bySection[s.section]);

    for (const section of SECTION_IDS) {
      const detail = (await getSectionDetail(db, clusterId, section))!;
      expect.soft(detail.findingsTotal, `section page ${section}`).toBe(Object.values(want.bySection[section]).reduce((x, y) => x + y, 0));
      for (const row of detail.checks) {
        const open = want.byCheck.get(row.checkId);
        expect.soft(row.openFindings, `section page ${row.checkId}`).toBe(open ? Object.values(open).reduce((x, y) => x + y, 0) : 0);
        // A check row shows the severity of its worst open finding (each result's own severity).
        const worst = open ? SEVERITIES.find((s) => open[s] > 0) : undefined;
        if (worst) expect.soft(row.severity, `section page severity ${row.checkId}`).toBe(worst);
      }
    }

    const filters = parseFindingFilters({ cluster: clusterId, status: 'open', limit: '200' });
    const list = await listFindings(db, filters, title);
    expect(list.nextCursor).toBeNull();
    expect.soft(add(list.findings.map((f) => ({ ...zero(), [f.severity]: 1 }))), 'findings browser list').toEqual(want.total);
    const grouped = await groupFindings(db, filters, 'check', title);
    expect.soft(add(grouped.groups.map((g) => g.bySeverity)), 'findings browser by check').toEqual(want.total);
    expect.soft(list.total, 'findings browser total').toEqual({ count: Object.values(want.total).reduce((x, y) => x + y, 0), exact: true });
    const byResource = await groupFindings(db, filters, 'resource', title, new Date(), 10_000);
    expect.soft(add(byResource.groups.map((g) => g.bySeverity)), 'findings browser by resource').toEqual(want.total);
    // The namespace scorecards (cluster "Namespaces" page) show these groups' counts.
    const byNamespace = await groupFindings(db, filters, 'namespace', title, new Date(), 10_000);
    expect.soft(add(byNamespace.groups.map((g) => g.bySeverity)), 'findings browser by namespace, namespace scorecards').toEqual(want.total);

    const { body } = await collectMetrics(db);
    for (const s of SEVERITIES) expect.soft(metric(body, 'rampart_open_findings', { cluster_id: clusterId, severity: s }), `metrics ${s}`).toBe(want.total[s]);

    const vm = await buildReportViewModel(db, reportParamsSchema.parse({ clusters: [clusterId] }));
    expect.soft(vm.totals.bySeverity, 'PDF findings').toEqual(want.total);
    expect.soft(add(vm.scorecards.map((c) => c.open)), 'PDF scorecards').toEqual(want.total);
    // The PDF's scope sentence: resources and namespaces of the same open findings the browser lists.
    const resources = new Set(list.findings.map((f) => `${f.resource.namespace ?? ''}/${f.resource.kind}/${f.resource.name}`));
    const namespaces = new Set(list.findings.flatMap((f) => (f.resource.namespace ? [f.resource.namespace] : [])));
    expect.soft({ resources: vm.totals.resources, namespaces: vm.totals.namespaces }, 'PDF scope sentence').toEqual({ resources: resources.size, namespaces: namespaces.size });
    expect.soft(scopeSentence(vm), 'PDF scope sentence').toMatch(new RegExp(`^${Object.values(want.total).reduce((x, y) => x + y, 0)} open findings? on ${resources.size} resources? `));

    const trends = await getClusterTrends(db, clusterId, { from: at(0), to: new Date() });
    expect.soft(trends.points.at(-1)!.open, 'trend, latest point').toEqual(want.total);
  });

  it.each([['alpha'], ['beta']])('%s: compliance controls and the evidence pack count the results the section pages show', async (name) => {
    const clusterId = name === 'alpha' ? a : b;
    const rows = new Map<string, { passed: number; failed: number; excepted: number }>();
    for (const section of SECTION_IDS) {
      for (const r of (await getSectionDetail(db, clusterId, section))!.checks) rows.set(r.checkId, { passed: r.passed ?? 0, failed: r.failed ?? 0, excepted: r.excepted ?? 0 });
    }
    const none = { passed: 0, failed: 0, excepted: 0 };
    const window = { from: at(0), to: new Date() };
    const view = (await getClusterCompliance(db, clusterId, 'cis-1.10', window))!;
    for (const c of view.evaluation.controls) for (const k of c.checks) expect.soft({ passed: k.passed, failed: k.failed, excepted: k.excepted }, `compliance ${c.id} ${k.checkId}`).toEqual(rows.get(k.checkId) ?? none);
    const pack = (await buildEvidence(db, { framework: 'cis-1.10', clusterId, window, generatedBy: null }))!;
    for (const c of pack.controls) {
      const want = c.checks.reduce((n, k) => n + Object.values(rows.get(k.checkId) ?? none).reduce((x, y) => x + y, 0), 0);
      expect.soft(c.resourcesEvaluated, `evidence pack ${c.id}`).toBe(want);
    }
  });

  it.each([['alpha'], ['beta']])('%s: the score is the same on every surface', async (name) => {
    const clusterId = name === 'alpha' ? a : b;
    const cards = (await getClusterScorecards(db, clusterId, title))!;
    const score = cards.scan!.score;
    const overview = (await getFleetOverview(db)).clusters.find((c) => c.id === clusterId)!;
    expect.soft(overview.latestScore?.score, 'overview').toBe(score);
    for (const s of cards.sections) expect.soft(overview.sectionScores?.[s.section]?.score, `overview ${s.section}`).toBe(s.score);
    const { body } = await collectMetrics(db);
    expect.soft(metric(body, 'rampart_cluster_score', { cluster_id: clusterId, section: 'overall' }), 'metrics').toBe(score);
    const vm = await buildReportViewModel(db, reportParamsSchema.parse({ clusters: [clusterId] }));
    expect.soft(vm.overall.score, 'PDF').toBe(score);
    const ctx = await exportContext(db, parseFindingFilters({ cluster: clusterId }));
    expect.soft(ctx.scores.overall.score, 'export').toBe(score);
    const trends = await getClusterTrends(db, clusterId, { from: at(0), to: new Date() });
    expect.soft(trends.points.at(-1)!.score, 'trend').toBe(score);
  });

  it('a request waiting for a second approver changes no number', async () => {
    expect(await db.finding.count({ where: { exceptionId: { in: pendingIds } } })).toBe(0);
    const beta = await latestScanOf(b);
    expect({ score: beta.score, resultsExcepted: beta.resultsExcepted, resultsFailed: beta.resultsFailed }).toEqual({
      score: betaBeforePending.score,
      resultsExcepted: betaBeforePending.resultsExcepted,
      resultsFailed: betaBeforePending.resultsFailed,
    });
    // The check alpha asked to except still counts its open findings as open on every surface.
    const want = await truth(a);
    expect(want.byCheck.get(picks[1]!.id), 'alpha has open findings of the requested check').toBeDefined();
    const cards = (await getClusterScorecards(db, a, title))!;
    expect(cards.scan!.score).toBe((await latestScanOf(a)).score);
    const { body } = await collectMetrics(db);
    const open = await db.finding.findMany({ where: { clusterId: b, status: 'open' }, select: { exception: { select: { state: true, expiresAt: true, revokedAt: true } } } });
    expect(metric(body, 'rampart_excepted_findings', { cluster_id: b })).toBe(open.filter((r) => activeNow(r.exception, new Date())).length);
  });

  it.each([['alpha'], ['beta']])('%s: remediation SLA numbers are the same on every surface', async (name) => {
    const clusterId = name === 'alpha' ? a : b;
    const now = new Date();
    const policies = await getSlaPolicies(db);
    // The truth, straight from the findings table, with each finding's owning team's days.
    const rows = await db.finding.findMany({
      where: { clusterId, status: 'open' },
      select: { id: true, clusterId: true, resourceNamespace: true, manifestHash: true, severity: true, firstSeenAt: true, exception: { select: { state: true, expiresAt: true, revokedAt: true } } },
    });
    const owners = await ownersOfFindings(db, rows);
    const overdue = zero();
    const dueSoon = zero();
    let tracked = 0;
    let byTeamDays = 0;
    const dueOf = new Map<string, string>();
    for (const r of rows) {
      if (activeNow(r.exception, now)) continue;
      const policy = policyFor(policies, owners.get(r.id)?.teamId ?? null);
      if (policy !== policies.global && dueAt(r.firstSeenAt, r.severity, policy)?.getTime() !== dueAt(r.firstSeenAt, r.severity, policies.global)?.getTime()) byTeamDays++;
      const due = dueAt(r.firstSeenAt, r.severity, policy);
      if (!due) continue;
      dueOf.set(r.id, due.toISOString());
      tracked++;
      if (due < now) overdue[r.severity]++;
      else if (due.getTime() <= now.getTime() + 7 * 24 * HOUR) dueSoon[r.severity]++;
    }
    expect(SLA_SEVERITIES.reduce((n, s) => n + overdue[s] + dueSoon[s], 0), 'the dataset has SLA states to compare').toBeGreaterThan(0);
    expect(byTeamDays, 'some due dates come from a team policy').toBeGreaterThan(0);

    const sla = (await getSlaCompliance(db, [clusterId], now)).clusters.get(clusterId)!;
    expect.soft({ tracked: sla.tracked, overdue: sla.overdue, dueSoon: sla.dueSoon }, 'compliance module').toEqual({ tracked, overdue, dueSoon });
    const overdueTotal = SLA_SEVERITIES.reduce((n, s) => n + overdue[s], 0);
    expect.soft(sla.compliance, 'compliance ratio').toBeCloseTo((tracked - overdueTotal) / tracked, 10);

    const { body } = await collectMetrics(db);
    for (const s of SLA_SEVERITIES) expect.soft(metric(body, 'rampart_sla_overdue_findings', { cluster_id: clusterId, severity: s }), `metrics overdue ${s}`).toBe(overdue[s]);
    expect.soft(metric(body, 'rampart_sla_compliance_ratio', { cluster_id: clusterId }), 'metrics ratio').toBeCloseTo(sla.compliance!, 10);

    // The findings browser's due-date filter, its rows' badges, and the digest of this cluster.
    const dueSoonTotal = SLA_SEVERITIES.reduce((n, s) => n + dueSoon[s], 0);
    for (const [filter, want] of [['overdue', overdueTotal], ['due-soon', dueSoonTotal]] as const) {
      const page = await listFindings(db, parseFindingFilters({ cluster: clusterId, sla: filter, limit: '200' }), title, now);
      expect.soft(page.total, `browser total (${filter})`).toEqual({ count: want, exact: true });
      expect.soft(page.findings.length, `browser rows (${filter})`).toBe(Math.min(want, 200));
      expect.soft(page.findings.every((f) => f.sla === filter), `row badges (${filter})`).toBe(true);
    }
    const digest = await buildDigest(db, { label: name, clusterIds: [clusterId], namespaces: null }, now);
    expect.soft({ overdue: digest.overdue.count, dueSoon: digest.dueSoon.count }, 'digest').toEqual({ overdue: overdueTotal, dueSoon: dueSoonTotal });
    for (const item of [...digest.overdue.items, ...digest.dueSoon.items]) expect.soft(item.dueAt, `digest item due date ${item.resource}`).toBe(dueOf.get(item.id));
    // The export's rows: the same due dates, and the SLA filter picks the same findings.
    const exported = [];
    for await (const page of exportRows(db, parseFindingFilters({ cluster: clusterId, sla: 'overdue' }), now)) exported.push(...page);
    expect.soft(exported.length, 'export (overdue)').toBe(overdueTotal);
    for (const r of exported) expect.soft({ sla: r.sla, dueAt: r.dueAt }, `export row ${r.resourceName}`).toEqual({ sla: 'overdue', dueAt: dueOf.get(r.id) });
  });

  it('remediation SLA numbers per owning team are the same on every surface', async () => {
    const now = new Date();
    const policies = await getSlaPolicies(db);
    const rows = await db.finding.findMany({
      where: { status: 'open' },
      select: { id: true, clusterId: true, resourceNamespace: true, manifestHash: true, severity: true, firstSeenAt: true, exception: { select: { state: true, expiresAt: true, revokedAt: true } } },
    });
    const owners = await ownersOfFindings(db, rows);
    const truth = new Map<string, { tracked: number; overdue: Counts }>();
    for (const r of rows) {
      if (r.exception && r.exception.state === 'approved' && !r.exception.revokedAt && (!r.exception.expiresAt || r.exception.expiresAt > now)) continue;
      const due = findingDue({ severity: r.severity, firstSeenAt: r.firstSeenAt, tracked: true, owner: owners.get(r.id) ?? null }, policies, now);
      if (!due.dueAt) continue;
      const key = owners.get(r.id)?.teamId ?? 'unowned';
      const t = truth.get(key) ?? { tracked: 0, overdue: zero() };
      truth.set(key, t);
      t.tracked++;
      if (due.sla === 'overdue') t.overdue[r.severity]++;
    }
    expect(truth.size, 'findings of several teams and unowned ones').toBeGreaterThanOrEqual(3);
    const want = (key: string) => truth.get(key) ?? { tracked: 0, overdue: zero() };
    const total = (c: Counts) => SLA_SEVERITIES.reduce((n, s) => n + c[s], 0);

    // The overview's read model.
    const model = await getTeamSlaCompliance(db, { clusterIds: [a, b], since: new Date(now.getTime() - 30 * 24 * HOUR), now, onlyWithTeams: true });
    expect(model.teams.length).toBeGreaterThanOrEqual(3);
    for (const r of model.teams) {
      const w = want(r.teamId ?? 'unowned');
      expect.soft({ tracked: r.tracked, overdue: r.overdue }, `overview ${r.teamName}`).toEqual({ tracked: w.tracked, overdue: { ...w.overdue, info: 0 } });
      expect.soft(r.compliance, `overview ratio ${r.teamName}`).toBe(w.tracked ? (w.tracked - total(w.overdue)) / w.tracked : null);
    }
    // /metrics.
    const { body } = await collectMetrics(db);
    for (const r of model.teams) {
      const w = want(r.teamId ?? 'unowned');
      const id = { team_id: r.teamId ?? '', team: r.teamId ? r.teamName : 'unowned' };
      expect.soft(metric(body, 'rampart_team_sla_tracked_findings', id), `metrics tracked ${r.teamName}`).toBe(w.tracked);
      for (const s of SLA_SEVERITIES) expect.soft(metric(body, 'rampart_team_sla_overdue_findings', { ...id, severity: s }), `metrics overdue ${r.teamName} ${s}`).toBe(w.overdue[s]);
      if (w.tracked) expect.soft(metric(body, 'rampart_team_sla_compliance_ratio', id), `metrics ratio ${r.teamName}`).toBeCloseTo((w.tracked - total(w.overdue)) / w.tracked, 10);
    }
    // The PDF report of the fleet.
    const vm = await buildReportViewModel(db, reportParamsSchema.parse({}));
    for (const r of vm.sla!.teams) expect.soft({ tracked: r.tracked, overdue: r.overdueTotal }, `report ${r.teamName}`).toEqual({ tracked: want(r.teamId ?? 'unowned').tracked, overdue: total(want(r.teamId ?? 'unowned').overdue) });
    expect.soft(vm.sla!.teams.map((r) => r.teamId ?? 'unowned').sort(), 'report teams').toEqual([...truth.keys()].sort());
    // The findings browser's overdue rows, by the owner each row shows.
    const page = await listFindings(db, parseFindingFilters({ sla: 'overdue', limit: '200' }), title, now);
    expect(page.total.count).toBeLessThan(200);
    const byOwner = new Map<string, number>();
    for (const f of page.findings) byOwner.set(f.owner?.teamId ?? 'unowned', (byOwner.get(f.owner?.teamId ?? 'unowned') ?? 0) + 1);
    expect.soft(Object.fromEntries(byOwner), 'browser rows by owner').toEqual(Object.fromEntries([...truth].filter(([, w]) => total(w.overdue)).map(([k, w]) => [k, total(w.overdue)])));
  });

  it('a trend point is what was true when it was recorded', async () => {
    const after = (await getClusterTrends(db, a, { from: at(0), to: new Date() })).points;
    for (const p of pointsBeforeException) {
      const same = after.find((q) => q.at === p.at);
      expect(same, `point at ${p.at}`).toBeDefined();
      expect({ score: same!.score, open: same!.open }).toEqual({ score: p.score, open: p.open });
    }
  });
  it('a finding whose exception has expired but not been swept yet is open on the cluster page, in the PDF and in /metrics', async () => {
    // Beta's exception for a secrets check expires now; the sweep (every few minutes) has not run.
    const { count } = await db.riskException.updateMany({ where: { clusterId: b, checkId: picks[4]!.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(count).toBe(1);
    const want = await truth(b);
    expect(want.byCheck.get(picks[4]!.id), 'the lapsed exception\'s findings count as open').toBeDefined();
    const cards = (await getClusterScorecards(db, b, title))!;
    const vm = await buildReportViewModel(db, reportParamsSchema.parse({ clusters: [b] }));
    for (const s of SECTION_IDS) {
      expect.soft(cards.sections.find((c) => c.section === s)!.open, `scorecard ${s}`).toEqual(want.bySection[s]);
      expect.soft(vm.scorecards.find((c) => c.id === s)!.open, `PDF scorecard ${s}`).toEqual(want.bySection[s]);
    }
    expect.soft(vm.totals.bySeverity, 'PDF findings').toEqual(want.total);
    const { body } = await collectMetrics(db);
    for (const s of SEVERITIES) expect.soft(metric(body, 'rampart_open_findings', { cluster_id: b, severity: s }), `metrics ${s}`).toBe(want.total[s]);
    const open = await db.finding.findMany({ where: { clusterId: b, status: 'open' }, select: { exception: { select: { state: true, expiresAt: true, revokedAt: true } } } });
    expect.soft(metric(body, 'rampart_excepted_findings', { cluster_id: b }), 'metrics excepted').toBe(open.filter((r) => activeNow(r.exception, new Date())).length);
  });
});
