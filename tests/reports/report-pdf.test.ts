/**
 * The remediation report end to end: the demo cluster's history seeded through the real
 * pipeline (tests/dashboard/seed.ts), the view model built from the database, the PDF rendered
 * with @react-pdf/renderer and read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCheck } from '@/lib/checks';
import { createTestDatabase, type TestDatabase } from '@/lib/db/test-utils';
import { SECTIONS } from '@/lib/dashboard/sections';
import { acceptRisk } from '@/lib/exceptions/test-utils';
import { reportParamsSchema } from '@/lib/reports/params';
import { scopeSentence } from '@/lib/reports/pdf/document';
import { renderReportPdf } from '@/lib/reports/pdf/render';
import { wrapCode } from '@/lib/reports/pdf/text';
import { fillKubectl } from '@/lib/remediation/fill';
import { buildReportViewModel, ReportScopeError, type ReportViewModel } from '@/lib/reports/view-model';
import { getTeamSlaCompliance } from '@/lib/sla/compliance';
import { getTeamSlaHistory, recordTeamSlaPoints } from '@/lib/sla/history';
import { seedClusterHistory, type SeededHistory } from '../dashboard/seed';
import { pageBlankness, pageTexts } from './pdf-pages';

let t: TestDatabase;
let demo: SeededHistory;
let vm: ReportViewModel;
let text: string;
const OUT = path.resolve('tmp/reports');

function pdfText(pdf: Buffer, name: string): string {
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, name);
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await seedClusterHistory(t.db, { name: 'demo', scans: 6, days: 30, labels: { env: 'prod' } });
  // An accepted exception for the appendix.
  const finding = await t.db.finding.findFirstOrThrow({ where: { clusterId: demo.clusterId, status: 'open', checkId: 'privileged-container' } });
  await acceptRisk(t.db, { findingIds: [finding.id], reason: 'Node agent needs privileged mode; vendor fix due Q1.', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
  // A team with its own SLA days for the remediation SLA page; the rest of the cluster is unowned.
  await t.db.team.create({ data: { name: 'Legacy apps', slaOverrides: { high: 1, medium: 2 }, scopes: { create: [{ clusterId: demo.clusterId, kind: 'namespace', value: 'legacy' }] } } });
  vm = await buildReportViewModel(t.db, reportParamsSchema.parse({ clusters: [demo.clusterId], days: 30 }), { generatedBy: 'Ada Analyst' });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'demo-vm.json'), JSON.stringify(vm));
  text = pdfText(await renderReportPdf(vm), 'demo-report.pdf');
}, 180_000);
afterAll(() => t?.drop());

describe('report view model', () => {
  it('has the cluster, its grade, a trend over the period and changes since the start', async () => {
    // The latest scan as stored now (accepting the risk above re-scored it).
    const last = await t.db.scan.findUniqueOrThrow({ where: { id: demo.scans.at(-1)!.id } });
    expect(vm.clusters.map((c) => c.name)).toEqual(['demo']);
    expect(vm.overall.score).toBe(last?.score);
    expect(vm.trend.length).toBeGreaterThanOrEqual(5);
    expect(vm.trend.at(-1)?.overall).toBe(last?.score);
    expect(vm.improved.length).toBeGreaterThan(0); // web, build-runner and metabase were hardened
    expect(vm.scorecards.map((c) => c.id)).toEqual(['cluster', 'authentication', 'authorization', 'images', 'workloads', 'secrets']);
  });

  it('groups open, non-excepted findings by section then check, most severe first', async () => {
    const open = await t.db.finding.count({ where: { clusterId: demo.clusterId, status: 'open', exceptionId: null, exceptions: { none: {} } } });
    expect(vm.totals.findings).toBe(open);
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    for (const sec of vm.sections) {
      const sev = sec.checks.map((c) => rank.indexOf(c.severity));
      expect(sev).toEqual([...sev].sort((a, b) => a - b));
    }
    expect(vm.exceptions).toHaveLength(1);
    expect(vm.exceptions[0].reason).toMatch(/vendor fix/);
  });

  it('narrows to sections, severities and namespaces', async () => {
    const narrowed = await buildReportViewModel(t.db, reportParamsSchema.parse({ clusters: [demo.clusterId], sections: ['workloads'], severities: ['critical', 'high'], namespaces: ['legacy'] }));
    expect(narrowed.sections.map((s) => s.id)).toEqual(['workloads']);
    const all = narrowed.sections.flatMap((s) => s.checks.flatMap((c) => c.findings));
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => (f.severity === 'critical' || f.severity === 'high') && f.resource.namespace === 'legacy')).toBe(true);
    expect(narrowed.scorecards.map((c) => c.id)).toEqual(['workloads']);
  });

  it("counts the period's activity in the report's own scope, and says so in one sentence", async () => {
    const params = reportParamsSchema.parse({ clusters: [demo.clusterId], sections: ['images'], severities: ['high'], days: 30 });
    const narrowed = await buildReportViewModel(t.db, params);
    const [from, to] = [new Date(narrowed.period.from), new Date(narrowed.period.to)];
    const scoped = (type: 'opened' | 'reopened' | 'resolved') =>
      t.db.findingEvent.count({ where: { clusterId: demo.clusterId, type, at: { gte: from, lte: to }, finding: { section: 'images', severity: 'high' } } });
    expect(narrowed.activity).toEqual({ opened: await scoped('opened'), reopened: await scoped('reopened'), resolved: await scoped('resolved') });
    expect(narrowed.activity.opened).toBeLessThan(vm.activity.opened); // the whole cluster opened more than its high image findings
    expect(scopeSentence({ ...narrowed, totals: { ...narrowed.totals, findings: 12, resources: 5, namespaces: 2, clusterScopedResources: 1 }, activity: { opened: 3, reopened: 1, resolved: 5 } })).toBe(
      "12 open findings on 5 resources (2 namespaces, 1 cluster-wide resource) in this report's scope; in the last 30 days, 3 were opened, 1 reopened and 5 resolved in the same scope.",
    );
  });

  it('narrows the fleet by cluster label and says when nothing matches', async () => {
    const byLabel = await buildReportViewModel(t.db, reportParamsSchema.parse({ label: 'env=prod' }));
    expect(byLabel.clusters.map((c) => c.name)).toEqual(['demo']);
    await expect(buildReportViewModel(t.db, reportParamsSchema.parse({ label: 'env=nowhere' }))).rejects.toBeInstanceOf(ReportScopeError);
  });
});

describe('report PDF', () => {
  it('names the cluster, grade and every section, with page numbers and a contents page', () => {
    expect(text).toContain('Remediation report');
    expect(text).toContain('demo');
    expect(text).toContain(`Overall grade ${vm.overall.grade} (${vm.overall.score}/100)`);
    for (const s of Object.values(SECTIONS)) expect(text).toContain(`${s.number} ${s.title}`);
    const pages = (text.match(/\f/g) ?? []).length + 1;
    expect(pages).toBeGreaterThan(4);
    expect(text).toMatch(new RegExp(`Page 2 of ${pages - (text.endsWith('\f') ? 1 : 0)}`));
    expect(text).toContain('Contents');
    // Cover, then the fix-first page(s), then contents: the summary follows them.
    expect(text).toMatch(/Fix first\s+2/);
    expect(text).toMatch(/Executive summary\s+\d+/);
    expect(text).toContain('Generated by Rampart for Ada Analyst');
    expect(text.replace(/\s+/g, ' ')).toContain(scopeSentence(vm));
  });

  it('opens with the workloads to fix first: score, reasons, the attack path and the fix that cuts it', () => {
    expect(vm.fixFirst?.length).toBeGreaterThan(0);
    const flat = text.replace(/\s+/g, ' ');
    const dashboard = vm.fixFirst!.find((f) => f.resource.name === 'kubernetes-dashboard');
    expect(dashboard?.path?.hops.at(-1)).toBe('cluster-admin');
    expect(flat).toContain('Deployment kubernetes-dashboard/kubernetes-dashboard');
    expect(flat).toContain('Attack path: Internet -> Service kubernetes-dashboard/kubernetes-dashboard (LoadBalancer)');
    expect(flat).toContain(`Smallest fix: ${dashboard!.path!.cut}`.replace(/\s+/g, ' ').slice(0, 60));
    // The fix-first page comes before the contents page.
    expect(text.indexOf('Fix first')).toBeLessThan(text.indexOf('Contents'));
  });

  it("shows a known finding's rationale and its kubectl command filled in with the resource's names (wrapped)", () => {
    const check = getCheck('privileged-container');
    expect(check?.remediation.kubectl).toContain('<name>');
    expect(text).toContain(check?.title);
    const group = vm.sections.flatMap((s) => s.checks).find((c) => c.checkId === 'privileged-container')!;
    const first = group.findings[0];
    const filled = fillKubectl(check!.remediation.kubectl!, first);
    expect(filled).not.toMatch(/<(namespace|kind|name|container)>/);
    // The command is hard-wrapped in the PDF: compare its first wrapped line.
    const firstLine = wrapCode(filled ?? '', 111).split('\n')[0].trim();
    expect(firstLine).toContain(`-n ${first.resource.namespace} patch ${first.resource.kind.toLowerCase()} ${first.resource.name}`);
    expect(text.replace(/[ \t]+/g, ' ')).toContain(firstLine.replace(/[ \t]+/g, ' '));
    expect(text).toContain('WHY IT MATTERS');
    expect(text).toContain('HOW TO FIX');
    expect(text).toContain('Appendix: accepted exceptions');
    expect(text).toContain('vendor fix due Q1');
  });

  it('has a remediation SLA page after the summary: per owning team, its days and numbers, with the formula', async () => {
    const sla = vm.sla!;
    expect(sla.teams.map((r) => r.teamName)).toEqual(['Legacy apps', 'Unowned']);
    const numbers = await getTeamSlaCompliance(t.db, { clusterIds: [demo.clusterId], since: new Date(vm.period.from), now: new Date(vm.period.to) });
    expect(sla.teams).toEqual(numbers.teams.filter((r) => r.tracked + r.closed > 0));
    const legacy = sla.teams[0]!;
    expect(legacy.policy).toMatchObject({ high: 1, medium: 2 });
    expect(legacy.overdueTotal).toBeGreaterThan(0);
    expect(sla.total.tracked).toBe(sla.teams.reduce((n, r) => n + r.tracked, 0));
    const flat = text.replace(/\s+/g, ' ');
    expect(text.indexOf('Remediation SLAs', text.indexOf('Executive summary', text.indexOf('Contents') + 10))).toBeGreaterThan(0);
    expect(flat).toMatch(/Remediation SLAs \d+/); // in the contents
    expect(flat).toContain(`${sla.total.tracked} open findings in scope have a due date; ${sla.total.overdue} are overdue`);
    expect(flat).toContain('Compliance = tracked findings not overdue / tracked findings');
    const pct = (r: number | null) => (r === null ? '-' : `${Math.floor(r * 100)}%`);
    expect(flat).toContain(`Legacy apps 7/1/2/180 ${legacy.tracked} ${legacy.overdueTotal} ${legacy.dueSoonTotal} ${pct(legacy.compliance)}`);
  });

  it("a fleet report shows each team's compliance as recorded day by day; a narrowed one does not", async () => {
    const now = new Date();
    await recordTeamSlaPoints(t.db, new Date(now.getTime() - 20 * 86_400_000));
    await t.db.team.updateMany({ where: { name: 'Legacy apps' }, data: { slaOverrides: { high: 1, medium: 200 } } });
    await recordTeamSlaPoints(t.db, now);
    const fleetVm = await buildReportViewModel(t.db, reportParamsSchema.parse({ days: 30 }), { now });
    const legacy = await t.db.team.findFirstOrThrow({ where: { name: 'Legacy apps' } });
    const history = await getTeamSlaHistory(t.db, { from: new Date(now.getTime() - 30 * 86_400_000), to: now });
    const trend = fleetVm.sla!.trends![legacy.id]!;
    expect(trend).toEqual(history.get(legacy.id)!.map((p) => ({ day: p.day, compliance: p.compliance })));
    expect(trend).toHaveLength(2);
    expect(trend[1]!.compliance).toBeGreaterThan(trend[0]!.compliance!); // medium findings got 200 days
    expect(vm.sla!.trends, 'one cluster chosen: no fleet record').toBeUndefined();
    const pdf = pdfText(await renderReportPdf(fleetVm), 'fleet-report.pdf');
    const pct = (r: number | null) => `${Math.floor(r! * 100)}%`;
    expect(pdf.replace(/\s+/g, ' ')).toMatch(new RegExp(`Legacy apps 7/1/200/180 .* ${pct(trend[0]!.compliance)} -> ${pct(trend[1]!.compliance)}`));
    expect(pdf).toContain('Recorded trend');
  });

  it('flows findings across pages: no page but a chapter end is more than 60 % blank', () => {
    const file = path.join(OUT, 'demo-report.pdf');
    const blank = pageBlankness(file);
    const texts = pageTexts(file);
    expect(blank).toHaveLength(texts.length);
    expect(vm.totals.findings).toBeGreaterThan(500); // a report of about 600 findings
    // A page may end short only where the next one starts a chapter (contents, summary, a guide section, the appendix).
    const chapters = ['Fix first', 'Contents', 'Executive summary', 'Remediation SLAs', 'Findings and remediation', ...vm.sections.map((s) => `${s.number} ${s.title}`), 'Appendix: accepted exceptions'];
    const startsChapter = (t: string) => {
      const firstLine = t.split('\n').map((l) => l.trim()).filter(Boolean)[1] ?? ''; // [0] is the running header
      return chapters.some((c) => firstLine.startsWith(c));
    };
    const offenders = blank
      .map((b, i) => ({ page: i + 1, blank: Math.round(b * 100) }))
      .filter(({ page, blank: b }) => page < texts.length && b > 60 && !startsChapter(texts[page] ?? ''));
    expect(offenders).toEqual([]);
  });
});
