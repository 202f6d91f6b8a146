/**
 * A synthetic remediation-report view model for the PDF benchmarks: built from the real check
 * catalog (titles, rationale, steps, kubectl, patches), `total` findings spread over every check
 * with realistic resource names, messages, field paths and per-resource patches.
 */
import { CHECKS } from '../lib/checks';
import { frameworksFor } from '../lib/checks/frameworks';
import { SECTION_IDS, SEVERITIES, type Severity } from '../lib/checks/types';
import { SECTIONS } from '../lib/dashboard/sections';
import { gradeFor } from '../lib/scoring';
import { reportParamsSchema } from '../lib/reports/params';
import type { ReportCheckGroup, ReportFinding, ReportViewModel } from '../lib/reports/view-model';

export function syntheticReportVm(total: number): ReportViewModel {
  const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  const namespaces = ['shop-frontend', 'payments', 'data', 'legacy', 'ci', 'monitoring', 'kube-system', 'platform'];
  const kinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'];
  const now = new Date('2026-11-27T06:00:00Z');

  const groups = new Map<string, ReportCheckGroup>();
  for (let i = 0; i < total; i++) {
    const check = CHECKS[i % CHECKS.length];
    let g = groups.get(check.id);
    if (!g) {
      const fw = frameworksFor(check.id);
      groups.set(
        check.id,
        (g = {
          checkId: check.id,
          title: check.title,
          severity: check.severity,
          guideRef: check.guideRef,
          description: check.description,
          rationale: check.rationale,
          remediation: { steps: [...check.remediation.steps], kubectl: check.remediation.kubectl ?? null, patch: check.remediation.patch ?? null },
          frameworks: [...(fw.cis ?? []).map((c) => `CIS ${c}`), ...(fw.pss ? [`PSS ${fw.pss.level}`] : [])],
          findings: [],
        }),
      );
    }
    const ns = namespaces[i % namespaces.length];
    const name = `service-${Math.floor(i / CHECKS.length)}-${ns.slice(0, 4)}`;
    const f: ReportFinding = {
      id: `f${i}`,
      clusterName: 'bench-cluster',
      severity: check.severity,
      resource: { apiVersion: 'apps/v1', kind: kinds[i % kinds.length], namespace: ns, name },
      message: `${kinds[i % kinds.length]} ${ns}/${name} fails "${check.title}" in container "app" (image registry.example.com/${ns}/${name}:1.${i % 40}.0).`,
      path: `spec.template.spec.containers[0].securityContext.${check.id.replace(/-/g, '')}`,
      detail: 'app',
      evidence: { container: 'app' },
      patch: i % 3 === 0 ? { type: 'strategic-merge', body: `spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n` } : null,
      firstSeenAt: new Date(now.getTime() - (i % 30) * 86_400_000).toISOString(),
    };
    g.findings.push(f);
  }
  const bySection = new Map<string, ReportCheckGroup[]>();
  for (const g of groups.values()) {
    const section = CHECKS.find((c) => c.id === g.checkId)!.section;
    bySection.set(section, [...(bySection.get(section) ?? []), g]);
  }
  const totals = { findings: total, bySeverity: zero(), resources: new Set([...groups.values()].flatMap((g) => g.findings.map((f) => `${f.resource.kind}/${f.resource.namespace}/${f.resource.name}`))).size, namespaces: namespaces.length, clusterScopedResources: 0 };
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const sections = SECTION_IDS.filter((s) => bySection.has(s)).map((s) => {
    const checks = bySection.get(s)!.sort((a, b) => rank(a.severity) - rank(b.severity));
    const bySeverity = zero();
    for (const c of checks) for (const f of c.findings) {
      bySeverity[f.severity]++;
      totals.bySeverity[f.severity]++;
    }
    return { id: s, number: SECTIONS[s].number, title: SECTIONS[s].title, count: checks.reduce((n, c) => n + c.findings.length, 0), bySeverity, checks };
  });
  const trend = Array.from({ length: 30 }, (_, d) => ({ date: new Date(now.getTime() - (29 - d) * 86_400_000).toISOString().slice(0, 10), overall: 55 + Math.round(d / 2), sections: {} }));
  const vm: ReportViewModel = {
    title: 'Remediation report: bench-cluster',
    scope: 'Trend period: 30 days',
    params: reportParamsSchema.parse({}),
    generatedAt: now.toISOString(),
    generatedBy: 'bench',
    period: { from: new Date(now.getTime() - 30 * 86_400_000).toISOString(), to: now.toISOString(), days: 30 },
    clusters: [{ id: 'c1', name: 'bench-cluster', environment: 'production', serverVersion: 'v1.30.2', lastScan: { id: 's1', finishedAt: now.toISOString(), score: 70, grade: 'C' } }],
    overall: { score: 70, grade: gradeFor(70), startScore: 55, cap: null },
    lastScanAt: now.toISOString(),
    scorecards: SECTION_IDS.map((s, i) => ({ id: s, number: SECTIONS[s].number, title: SECTIONS[s].title, score: 60 + i * 6, grade: gradeFor(60 + i * 6), passed: 100, failed: 20, excepted: 2, open: zero(), startScore: 55 + i * 6, delta: 5 })),
    trend,
    improved: [],
    worsened: [],
    activity: { opened: 120, reopened: 4, resolved: 80 },
    totals,
    sections,
    exceptions: [],
  };
  return vm;
}
