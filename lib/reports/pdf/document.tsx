/**
 * The remediation report as a @react-pdf/renderer document (server-side; no browser).
 *
 * Pages: cover → fix first (the workloads to fix first and their attack paths, ./fix-first-page.tsx)
 * → table of contents → executive summary (grade, section scorecards, trend chart,
 * what improved / got worse) → remediation SLAs per team (./sla-page.tsx) → one chapter per guide section (checks most severe first, each
 * with why it matters, steps, kubectl, YAML patch and the affected resources) → appendix of
 * accepted exceptions. Every page but the cover has a running header and "Page N of M".
 *
 * Fonts: the PDF standard fonts Helvetica and Courier (no download, nothing bundled); text goes
 * through pdfSafe (WinAnsi) and code through wrapCode (hard wrap at the block width).
 */
import React from 'react';
import { Document, Line, Link, Page, Polyline, Rect, Svg, Text, View, Circle, G } from '@react-pdf/renderer';
import type { ReportViewModel, TrendPoint } from '../view-model';
import { Findings } from './findings';
import { FixFirstPage } from './fix-first-page';
import { hasSlaPage, SlaPage } from './sla-page';
import { Anchor, Chrome, fmtDate, fmtDay, GRADE_COLORS, s } from './parts';
import { pdfSafe } from './text';
import { SEVERITIES } from '@/lib/vocabulary';

export { GRADE_COLORS, PAGE_CHROME, SEVERITY_COLORS } from './parts';

/** What a missing score means: a team member's report leaves out clusters their teams own in part. */
const noScore = (vm: ReportViewModel) => (vm.withheldScores?.length ? 'not in scope' : 'no scan');

function GradeBox({ grade, score, size = 64, empty = 'no scan' }: { grade: string | null; score: number | null; size?: number; empty?: string }) {
  const color = grade ? (GRADE_COLORS[grade] ?? '#4b5563') : '#9ca3af';
  return (
    <View style={{ width: size, height: size, borderRadius: 6, backgroundColor: color, alignItems: 'center', justifyContent: 'center' }}>
      <Text style={{ fontFamily: 'Helvetica-Bold', fontSize: size * 0.5, color: '#ffffff', lineHeight: 1 }}>{grade ?? '-'}</Text>
      <Text style={{ fontSize: size * 0.14, color: '#ffffff', marginTop: 2 }}>{score === null ? empty : `${score}/100`}</Text>
    </View>
  );
}

/** Score trend (overall, 0–100) drawn with react-pdf's SVG primitives. */
export function TrendChart({ points, width = 515, height = 140 }: { points: TrendPoint[]; width?: number; height?: number }) {
  const left = 26;
  const bottom = 18;
  const top = 6;
  const w = width - left - 8;
  const h = height - bottom - top;
  const x = (i: number) => left + (points.length > 1 ? (i / (points.length - 1)) * w : w / 2);
  const y = (v: number) => top + h - (Math.max(0, Math.min(100, v)) / 100) * h;
  const bands = [90, 80, 70, 60];
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Rect x={left} y={top} width={w} height={h} fill="#f9fafb" />
      {[0, 25, 50, 75, 100].map((v) => (
        <G key={v}>
          <Line x1={left} y1={y(v)} x2={left + w} y2={y(v)} strokeWidth={0.4} stroke="#d1d5db" />
          <Text x={left - 4} y={y(v) + 2.5} style={{ fontSize: 6.5 }} fill="#6b7280" textAnchor="end">
            {String(v)}
          </Text>
        </G>
      ))}
      {bands.map((v) => (
        <Line key={`g${v}`} x1={left} y1={y(v)} x2={left + w} y2={y(v)} strokeWidth={0.4} stroke="#e5e7eb" strokeDasharray="2,2" />
      ))}
      {points.length > 1 ? <Polyline points={points.map((p, i) => `${x(i)},${y(p.overall)}`).join(' ')} stroke="#1d4ed8" strokeWidth={1.6} fill="none" /> : null}
      {points.map((p, i) => (
        <Circle key={p.date} cx={x(i)} cy={y(p.overall)} r={2} fill="#1d4ed8" />
      ))}
      {points.length ? (
        <Text x={x(0)} y={height - 5} style={{ fontSize: 6.5 }} fill="#6b7280" textAnchor={points.length > 1 ? 'start' : 'middle'}>
          {points[0].date}
        </Text>
      ) : null}
      {points.length > 1 ? (
        <Text x={x(points.length - 1)} y={height - 5} style={{ fontSize: 6.5 }} fill="#6b7280" textAnchor="end">
          {points[points.length - 1].date}
        </Text>
      ) : null}
    </Svg>
  );
}

function Cover({ vm }: { vm: ReportViewModel }) {
  return (
    <Page size="A4" style={[s.page, { paddingTop: 70 }]}>
      <Text style={{ fontSize: 10, color: '#1d4ed8', fontFamily: 'Helvetica-Bold', letterSpacing: 1 }}>RAMPART · KUBERNETES SECURITY POSTURE</Text>
      <Text style={{ fontFamily: 'Helvetica-Bold', fontSize: 28, marginTop: 24, marginBottom: 6 }}>Remediation report</Text>
      <Text style={{ fontSize: 16, color: '#374151' }}>
        {pdfSafe(vm.clusters.length === 1 ? vm.clusters[0].name : vm.params.clusters.length ? `${vm.clusters.length} clusters` : `Fleet (${vm.clusters.length} clusters)`)}
      </Text>
      <View style={[s.row, { marginTop: 40, alignItems: 'center' }]}>
        <GradeBox grade={vm.overall.grade} score={vm.overall.score} size={110} empty={noScore(vm)} />
        <View style={{ marginLeft: 24, flex: 1 }}>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>Overall grade {vm.overall.grade ?? '-'} ({vm.overall.score ?? '-'}/100)</Text>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>Latest scan: {fmtDate(vm.lastScanAt)}</Text>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>
            Open findings in scope: {vm.totals.findings} ({SEVERITIES.filter((x) => vm.totals.bySeverity[x]).map((x) => `${vm.totals.bySeverity[x]} ${x}`).join(', ') || 'none'})
          </Text>
          <Text style={{ fontSize: 9, color: '#6b7280' }}>{pdfSafe(vm.scope)}</Text>
        </View>
      </View>
      <Text style={s.label}>Clusters</Text>
      <View style={s.tableHead}>
        <Text style={{ width: '34%' }}>Cluster</Text>
        <Text style={{ width: '16%' }}>Environment</Text>
        <Text style={{ width: '16%' }}>Kubernetes</Text>
        <Text style={{ width: '22%' }}>Last scan</Text>
        <Text style={{ width: '12%' }}>Grade</Text>
      </View>
      {vm.clusters.slice(0, 25).map((c) => (
        <View key={c.id} style={s.tableRow} wrap={false}>
          <Text style={{ width: '34%' }}>{pdfSafe(c.name)}</Text>
          <Text style={{ width: '16%' }}>{c.environment}</Text>
          <Text style={{ width: '16%' }}>{c.serverVersion ?? '-'}</Text>
          <Text style={{ width: '22%' }}>{fmtDate(c.lastScan?.finishedAt ?? null)}</Text>
          <Text style={{ width: '12%' }}>{c.lastScan ? `${c.lastScan.grade ?? '-'} (${c.lastScan.score ?? '-'})` : 'not scanned'}</Text>
        </View>
      ))}
      {vm.clusters.length > 25 ? <Text style={[s.small, s.muted]}>…and {vm.clusters.length - 25} more clusters.</Text> : null}
      <View style={{ position: 'absolute', bottom: 40, left: 40, right: 40 }}>
        <Text style={[s.small, s.muted]}>
          Generated {fmtDate(vm.generatedAt)}
          {vm.generatedBy ? ` by ${pdfSafe(vm.generatedBy)}` : ''} · period {fmtDay(vm.period.from)} to {fmtDay(vm.period.to)} · Rampart
        </Text>
      </View>
    </Page>
  );
}

export interface TocEntry {
  id: string;
  title: string;
  level: 0 | 1;
}

function tocEntries(vm: ReportViewModel): TocEntry[] {
  return [
    ...(vm.fixFirst?.length ? [{ id: 'fix-first', title: 'Fix first', level: 0 as const }] : []),
    { id: 'summary', title: 'Executive summary', level: 0 },
    ...(hasSlaPage(vm) ? [{ id: 'sla', title: 'Remediation SLAs', level: 0 as const }] : []),
    { id: 'findings', title: `Findings and remediation (${vm.totals.findings})`, level: 0 },
    ...vm.sections.map((sec) => ({ id: `section-${sec.id}`, title: `${sec.number} ${sec.title} (${sec.count})`, level: 1 as const })),
    { id: 'exceptions', title: `Appendix: accepted exceptions (${vm.exceptions.length})`, level: 0 },
  ];
}

function Toc({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  return (
    <Page size="A4" style={s.page}>
      <Chrome vm={vm} />
      <Text style={s.h1}>Contents</Text>
      {tocEntries(vm).map((e) => (
        <Link key={e.id} src={`#${e.id}`} style={{ textDecoration: 'none', color: '#111827' }}>
          <View style={[s.row, { paddingVertical: 3, paddingLeft: e.level * 16, borderBottomWidth: 0.25, borderBottomColor: '#e5e7eb' }]}>
            <Text style={{ flex: 1, fontFamily: e.level === 0 ? 'Helvetica-Bold' : 'Helvetica' }}>{pdfSafe(e.title)}</Text>
            {/* Resolved after pagination, when every chapter's Anchor has recorded its page. */}
            <Text render={() => String(pages.get(e.id) ?? '')} />
          </View>
        </Link>
      ))}
    </Page>
  );
}

/** Scoring v2 in the PDF's Helvetica glyphs (docs/SCORING.md). */
const SCORING_TEXT_PDF = [
  'Scores (v2): each check counts once in its section. share = failed weight / applicable weight of its results (each result weighs by its own severity: critical 10, high 7, medium 4, low 1, info 0); the check weighs as its worst applicable severity.',
  'Score = 100 x (1 - sum(check weight x share) / sum(check weight)). An open critical finding caps the grade at D (score at most 69), an open high at B (at most 89). Accepted risks count as passed.',
  'Example: etcd encryption failing (1 critical result, weight 10, share 1), image tags 5 of 100 low failing (weight 1, share 0.05), non-root 2 of 20 high failing (weight 7, share 0.1): 100 x (1 - 10.75 / 18) = 40, F. With etcd encrypted: 96, capped at B (89) by 2 high findings.',
  'Grades: A >= 90, B >= 80, C >= 70, D >= 60, F below.',
].join(' ');

function Summary({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  const delta = vm.overall.score !== null && vm.overall.startScore !== null ? vm.overall.score - vm.overall.startScore : null;
  return (
    <Page size="A4" style={s.page}>
      <Chrome vm={vm} />
      <Anchor id="summary" pages={pages} style={s.h1}>
        Executive summary
      </Anchor>
      <View style={[s.row, { alignItems: 'center', marginBottom: 8 }]}>
        <GradeBox grade={vm.overall.grade} score={vm.overall.score} empty={noScore(vm)} />
        <View style={{ marginLeft: 14, flex: 1 }}>
          <Text>
            Overall grade {vm.overall.grade ?? '-'} with a score of {vm.overall.score ?? '-'}/100
            {delta !== null ? ` (${delta >= 0 ? '+' : ''}${delta} over the last ${vm.period.days} days)` : ''}.
          </Text>
          <Text>
            {scopeSentence(vm)}
          </Text>
          {vm.overall.cap ? <Text style={{ color: '#b91c1c' }}>Grade {vm.overall.cap}.</Text> : null}
          <Text style={[s.small, s.muted]}>{SCORING_TEXT_PDF}</Text>
        </View>
      </View>
      <Text style={s.h2}>Section scorecards</Text>
      <View style={s.tableHead}>
        <Text style={{ width: '38%' }}>Section</Text>
        <Text style={{ width: '10%' }}>Grade</Text>
        <Text style={{ width: '10%' }}>Score</Text>
        <Text style={{ width: '12%' }}>Change</Text>
        <Text style={{ width: '10%' }}>Failed</Text>
        <Text style={{ width: '20%' }}>Open (crit/high/med/low)</Text>
      </View>
      {vm.scorecards.map((c) => (
        <View key={c.id} style={s.tableRow} wrap={false}>
          <Text style={{ width: '38%' }}>
            {c.number} {c.title}
          </Text>
          <Text style={{ width: '10%', fontFamily: 'Helvetica-Bold', color: c.grade ? (GRADE_COLORS[c.grade] ?? '#111827') : '#9ca3af' }}>{c.grade ?? '-'}</Text>
          <Text style={{ width: '10%' }}>{c.score ?? '-'}</Text>
          <Text style={{ width: '12%', color: c.delta === null || c.delta === 0 ? '#6b7280' : c.delta > 0 ? '#15803d' : '#b91c1c' }}>{c.delta === null ? '-' : `${c.delta > 0 ? '+' : ''}${c.delta}`}</Text>
          <Text style={{ width: '10%' }}>{c.failed}</Text>
          <Text style={{ width: '20%' }}>
            {c.open.critical}/{c.open.high}/{c.open.medium}/{c.open.low}
          </Text>
        </View>
      ))}
      <Text style={s.h2}>Score trend, last {vm.period.days} days</Text>
      {vm.trend.length ? <TrendChart points={vm.trend} /> : <Text style={s.muted}>No successful scans in the period.</Text>}
      <View style={[s.row, { marginTop: 10 }]}>
        <View style={{ flex: 1, paddingRight: 10 }}>
          <Text style={[s.h3, { color: '#15803d' }]}>What improved</Text>
          {vm.improved.length ? vm.improved.map((c) => <ChangeLine key={`${c.kind}-${c.id}`} c={c} />) : <Text style={s.muted}>Nothing improved since the period start.</Text>}
        </View>
        <View style={{ flex: 1, paddingLeft: 10 }}>
          <Text style={[s.h3, { color: '#b91c1c' }]}>What got worse</Text>
          {vm.worsened.length ? vm.worsened.map((c) => <ChangeLine key={`${c.kind}-${c.id}`} c={c} />) : <Text style={s.muted}>Nothing got worse since the period start.</Text>}
        </View>
      </View>
    </Page>
  );
}

/**
 * One sentence for the report's scope: the resources the open findings are on, the namespaces
 * those are in, and what happened to findings of the same scope in the period.
 */
export function scopeSentence(vm: ReportViewModel): string {
  const { findings, resources, namespaces, clusterScopedResources } = vm.totals;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const where = [namespaces ? plural(namespaces, 'namespace', 'namespaces') : '', clusterScopedResources ? plural(clusterScopedResources, 'cluster-wide resource', 'cluster-wide resources') : ''].filter(Boolean).join(', ');
  const { opened, reopened, resolved } = vm.activity;
  return `${plural(findings, 'open finding', 'open findings')} on ${plural(resources, 'resource', 'resources')}${where ? ` (${where})` : ''} in this report's scope; in the last ${vm.period.days} days, ${opened} ${opened === 1 ? 'was' : 'were'} opened, ${reopened} reopened and ${resolved} resolved in the same scope.`;
}

function ChangeLine({ c }: { c: ReportViewModel['improved'][number] }) {
  return (
    <Text style={[s.small, { marginBottom: 2 }]}>
      {'- '}
      {pdfSafe(c.label)}: {c.kind === 'section' ? `score ${c.from} -> ${c.to}` : `${c.from} -> ${c.to} failing`}
    </Text>
  );
}

function Exceptions({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  return (
    <Page size="A4" style={s.page} wrap>
      <Chrome vm={vm} />
      <Anchor id="exceptions" pages={pages} style={s.h1}>
        Appendix: accepted exceptions
      </Anchor>
      <Text style={[s.muted, { marginBottom: 6 }]}>Accepted risks active at {fmtDate(vm.generatedAt)}; findings they cover are left out of the report and count as passed in the scores.</Text>
      {vm.exceptions.length === 0 ? <Text>No active exceptions.</Text> : null}
      {vm.exceptions.map((e) => (
        <View key={e.id} style={{ marginBottom: 8, paddingBottom: 6, borderBottomWidth: 0.25, borderBottomColor: '#e5e7eb' }} wrap={false}>
          <Text style={{ fontFamily: 'Helvetica-Bold' }}>
            {pdfSafe(e.checkTitle ?? 'Any check')} · {pdfSafe(e.target)}
          </Text>
          <Text style={[s.small, s.muted]}>
            {e.scope === 'finding' ? 'One finding' : 'Check-wide'} · {e.clusterName ? `cluster ${pdfSafe(e.clusterName)}` : 'every cluster'} · accepted {fmtDay(e.createdAt)}
            {e.createdBy ? ` by ${pdfSafe(e.createdBy)}` : ''} · {e.expiresAt ? `expires ${fmtDay(e.expiresAt)}` : 'no expiry'} · covers {e.covers} open findings
          </Text>
          <Text style={{ marginTop: 2 }}>Reason: {pdfSafe(e.reason)}</Text>
        </View>
      ))}
      <Text style={[s.small, s.muted, { marginTop: 16 }]}>
        Generated by Rampart{vm.generatedBy ? ` for ${pdfSafe(vm.generatedBy)}` : ''} at {fmtDate(vm.generatedAt)}.
      </Text>
    </Page>
  );
}

export function ReportDocument({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  return (
    <Document title={pdfSafe(vm.title)} author="Rampart" subject="Kubernetes security remediation report" creator="Rampart" producer="Rampart">
      <Cover vm={vm} />
      <FixFirstPage vm={vm} pages={pages} />
      <Toc vm={vm} pages={pages} />
      <Summary vm={vm} pages={pages} />
      <SlaPage vm={vm} pages={pages} />
      <Findings vm={vm} pages={pages} />
      <Exceptions vm={vm} pages={pages} />
    </Document>
  );
}
