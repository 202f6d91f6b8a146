/**
 * The remediation report as a @react-pdf/renderer document (server-side; no browser).
 *
 * Pages: cover → fix first (the workloads to fix first and their attack paths, ./fix-first-page.tsx)
 * → table of contents → executive summary (grade, section scorecards, trend chart,
 * what improved / got worse) → one chapter per guide section (checks most severe first, each
 * with why it matters, steps, kubectl, YAML patch and the affected resources) → appendix of
 * accepted exceptions. Every page but the cover has a running header and "Page N of M".
 *
 * Fonts: the PDF standard fonts Helvetica and Courier (no download, nothing bundled); text goes
 * through pdfSafe (WinAnsi) and code through wrapCode (hard wrap at the block width).
 */
import React from 'react';
import { Document, Line, Link, Page, Polyline, Rect, StyleSheet, Svg, Text, View, Circle, G } from '@react-pdf/renderer';
import type { Severity } from '@/lib/checks/types';
import type { ReportCheckGroup, ReportViewModel, TrendPoint } from '../view-model';
import { pdfSafe, wrapCode } from './text';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import { FixFirstPage } from './fix-first-page';

type PdfStyle = React.ComponentProps<typeof View>['style'];

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#b91c1c', high: '#c2410c', medium: '#a16207', low: '#1d4ed8', info: '#4b5563' };
export const GRADE_COLORS: Record<string, string> = { A: '#15803d', B: '#4d7c0f', C: '#a16207', D: '#c2410c', F: '#b91c1c' };
const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Resources listed per check, and resource-specific patches shown per check, before "… N more". */
export const MAX_RESOURCES_PER_CHECK = 60;
export const MAX_PATCHES_PER_CHECK = 3;

const CODE_FONT_SIZE = 7.5;
/** Characters per code line: block width 515 − 2 × 6 padding, Courier is 0.6 em wide. */
const CODE_COLUMNS = Math.floor((515 - 12) / (CODE_FONT_SIZE * 0.6));

/** Page margins and the running header and footer, shared by every Rampart PDF (reports, evidence packs). */
export const PAGE_CHROME = {
  page: { paddingTop: 54, paddingBottom: 50, paddingHorizontal: 40, fontFamily: 'Helvetica', fontSize: 9.5, color: '#111827' },
  header: { position: 'absolute', top: 22, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: '#6b7280', borderBottomWidth: 0.5, borderBottomColor: '#d1d5db', paddingBottom: 4 },
  footer: { position: 'absolute', bottom: 22, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: '#6b7280' },
} as const;

const s = StyleSheet.create({
  ...PAGE_CHROME,
  h1: { fontFamily: 'Helvetica-Bold', fontSize: 18, marginBottom: 10 },
  h2: { fontFamily: 'Helvetica-Bold', fontSize: 13, marginTop: 12, marginBottom: 6 },
  h3: { fontFamily: 'Helvetica-Bold', fontSize: 11, marginBottom: 3 },
  label: { fontFamily: 'Helvetica-Bold', fontSize: 8.5, color: '#374151', marginTop: 6, marginBottom: 2, textTransform: 'uppercase' },
  muted: { color: '#6b7280' },
  small: { fontSize: 8 },
  code: { fontFamily: 'Courier', fontSize: CODE_FONT_SIZE, lineHeight: 1.3, backgroundColor: '#f3f4f6', borderWidth: 0.5, borderColor: '#e5e7eb', padding: 6, marginVertical: 3 },
  badge: { fontFamily: 'Helvetica-Bold', fontSize: 7, color: '#ffffff', paddingHorizontal: 4, paddingVertical: 1.5, borderRadius: 2, textTransform: 'uppercase' },
  row: { flexDirection: 'row' },
  tableHead: { flexDirection: 'row', borderBottomWidth: 0.75, borderBottomColor: '#9ca3af', paddingBottom: 2, marginBottom: 2, fontFamily: 'Helvetica-Bold', fontSize: 8 },
  tableRow: { flexDirection: 'row', borderBottomWidth: 0.25, borderBottomColor: '#e5e7eb', paddingVertical: 2, fontSize: 8 },
  check: { marginBottom: 14 },
});

function Badge({ severity }: { severity: Severity }) {
  return <Text style={[s.badge, { backgroundColor: SEVERITY_COLORS[severity] }]}>{severity}</Text>;
}

function GradeBox({ grade, score, size = 64 }: { grade: string | null; score: number | null; size?: number }) {
  const color = grade ? (GRADE_COLORS[grade] ?? '#4b5563') : '#9ca3af';
  return (
    <View style={{ width: size, height: size, borderRadius: 6, backgroundColor: color, alignItems: 'center', justifyContent: 'center' }}>
      <Text style={{ fontFamily: 'Helvetica-Bold', fontSize: size * 0.5, color: '#ffffff', lineHeight: 1 }}>{grade ?? '-'}</Text>
      <Text style={{ fontSize: size * 0.14, color: '#ffffff', marginTop: 2 }}>{score === null ? 'no scan' : `${score}/100`}</Text>
    </View>
  );
}

function Code({ children }: { children: string }) {
  // Leading spaces become no-break spaces: the layout would otherwise drop YAML indentation.
  const text = wrapCode(children, CODE_COLUMNS).replace(/^ +/gm, (m) => '\u00a0'.repeat(m.length));
  return <Text style={s.code}>{text}</Text>;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** A labelled code block; short ones never split from their label. */
function Snippet({ label, children }: { label: string; children: string }) {
  const short = wrapCode(children, CODE_COLUMNS).split('\n').length < 40;
  return (
    <View wrap={!short}>
      <Text style={s.label}>{label}</Text>
      <Code>{children}</Code>
    </View>
  );
}

function fmtDate(iso: string | null): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}
function fmtDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '-';
}

export function Chrome({ vm }: { vm: ReportViewModel }) {
  return (
    <>
      <View style={s.header} fixed>
        <Text>{pdfSafe(vm.title)}</Text>
        <Text>Rampart · generated {fmtDate(vm.generatedAt)}</Text>
      </View>
      <View style={s.footer} fixed>
        <Text>{pdfSafe(vm.clusters.map((c) => c.name).join(', ')).slice(0, 90)}</Text>
        <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </View>
    </>
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
        <GradeBox grade={vm.overall.grade} score={vm.overall.score} size={110} />
        <View style={{ marginLeft: 24, flex: 1 }}>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>Overall grade {vm.overall.grade ?? '-'} ({vm.overall.score ?? '-'}/100)</Text>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>Latest scan: {fmtDate(vm.lastScanAt)}</Text>
          <Text style={{ fontSize: 11, marginBottom: 4 }}>
            Open findings in scope: {vm.totals.findings} ({SEVERITY_ORDER.filter((x) => vm.totals.bySeverity[x]).map((x) => `${vm.totals.bySeverity[x]} ${x}`).join(', ') || 'none'})
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

/** Records the page an anchor lands on (first render pass) so the table of contents can show it. */
export function Anchor({ id, pages, children, style }: { id: string; pages: Map<string, number>; children: string; style: PdfStyle }) {
  return (
    <View id={id}>
      <Text
        style={style}
        render={({ pageNumber }) => {
          if (!pages.has(id)) pages.set(id, pageNumber);
          return children;
        }}
      />
    </View>
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
        <GradeBox grade={vm.overall.grade} score={vm.overall.score} />
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

/** One sentence for what is open in the report's scope and what happened to that scope in the period. */
export function scopeSentence(vm: ReportViewModel): string {
  const open = vm.totals.findings === 1 ? '1 finding is open' : `${vm.totals.findings} findings are open`;
  const { opened, reopened, resolved } = vm.activity;
  return `${open} in this report's scope; in the last ${vm.period.days} days, ${opened} ${opened === 1 ? 'was' : 'were'} opened, ${reopened} reopened and ${resolved} resolved in the same scope.`;
}

function ChangeLine({ c }: { c: ReportViewModel['improved'][number] }) {
  return (
    <Text style={[s.small, { marginBottom: 2 }]}>
      {'- '}
      {pdfSafe(c.label)}: {c.kind === 'section' ? `score ${c.from} -> ${c.to}` : `${c.from} -> ${c.to} failing`}
    </Text>
  );
}

function CheckBlock({ g, multiCluster }: { g: ReportCheckGroup; multiCluster: boolean }) {
  const shown = g.findings.slice(0, MAX_RESOURCES_PER_CHECK);
  const patches = g.findings.filter((f) => f.patch).slice(0, MAX_PATCHES_PER_CHECK);
  const patchCount = g.findings.filter((f) => f.patch).length;
  return (
    <View style={s.check}>
      {/* The title block never splits; description and rationale flow on after it. */}
      <View wrap={false} style={{ borderTopWidth: 0.75, borderTopColor: '#e5e7eb', paddingTop: 6 }}>
        <View style={[s.row, { alignItems: 'center', marginBottom: 2 }]}>
          <Badge severity={g.severity} />
          <Text style={[s.h3, { marginLeft: 6, marginBottom: 0, flex: 1 }]}>{pdfSafe(g.title)}</Text>
        </View>
        <Text style={[s.small, s.muted]}>
          {g.checkId} · guide {g.guideRef} · {g.findings.length} affected {g.findings.length === 1 ? 'resource' : 'resources'}
          {g.frameworks.length ? ` · ${g.frameworks.join(', ')}` : ''}
        </Text>
      </View>
      {g.description ? <Text style={{ marginTop: 3 }}>{pdfSafe(g.description)}</Text> : null}
      <Text style={s.label}>Why it matters</Text>
      <Text>{pdfSafe(g.rationale)}</Text>
      <Text style={s.label}>How to fix</Text>
      {g.remediation.steps.map((step, i) => (
        <View key={i} style={[s.row, { marginBottom: 1.5 }]} wrap={false}>
          <Text style={{ width: 14 }}>{i + 1}.</Text>
          <Text style={{ flex: 1 }}>{pdfSafe(step)}</Text>
        </View>
      ))}
      {g.remediation.kubectl ? <Snippet label="kubectl">{g.remediation.kubectl}</Snippet> : null}
      {g.remediation.patch ? (
        <Snippet label={g.remediation.appliesTo === 'kubelet-config' ? 'Kubelet configuration (KubeletConfiguration fragment)' : 'YAML patch'}>{g.remediation.patch}</Snippet>
      ) : null}
      {chunks(shown, 10).map((chunk, ci) => (
        // The label never ends a page on its own: it travels with the first ten resources.
        <View key={ci} wrap={false}>
          {ci === 0 ? <Text style={s.label}>Affected resources</Text> : null}
          {/* One paragraph per 10 resources: nested spans lay out far faster than a row of Views per resource. */}
          <Text style={{ fontSize: 8, lineHeight: 1.45 }}>
            {chunk.map((f, i) => (
              <Text key={f.id}>
                {i > 0 ? '\n' : ''}
                <Text style={{ color: SEVERITY_COLORS[f.severity], fontFamily: 'Helvetica-Bold' }}>{f.severity.toUpperCase()}</Text>
                {'  '}
                <Text style={{ fontFamily: 'Helvetica-Bold' }}>{pdfSafe(resourceLabel(f.resource, f.clusterName))}</Text>
                {multiCluster ? <Text style={s.muted}>{` (${pdfSafe(f.clusterName)})`}</Text> : null}
                {` - ${pdfSafe(f.message)}`}
                {f.path ? <Text style={[s.muted, { fontFamily: 'Courier', fontSize: 7 }]}>{` ${pdfSafe(f.path)}`}</Text> : null}
              </Text>
            ))}
          </Text>
        </View>
      ))}
      {g.findings.length > shown.length ? (
        <Text style={[s.small, s.muted, { marginTop: 2 }]}>…and {g.findings.length - shown.length} more resources: export this filter as CSV or JSON for the full list.</Text>
      ) : null}
      {patches.length ? (
        <>
          {patches.map((f, i) => (
            <View key={`p-${f.id}`} wrap={(f.patch?.body.split('\n').length ?? 0) > 40}>
              {i === 0 ? <Text style={s.label}>Patches for these resources</Text> : null}
              <Text style={s.small}>
                {pdfSafe(resourceLabel(f.resource, f.clusterName))} ({pdfSafe(f.clusterName)}), {f.patch?.type}:
              </Text>
              <Code>{f.patch?.body ?? ''}</Code>
            </View>
          ))}
          {patchCount > patches.length ? <Text style={[s.small, s.muted]}>…{patchCount - patches.length} more resource patches in the JSON export.</Text> : null}
        </>
      ) : null}
    </View>
  );
}

function FindingsIntro({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  return (
    <>
      <Anchor id="findings" pages={pages} style={s.h1}>
        Findings and remediation
      </Anchor>
      <Text style={[s.muted, { marginBottom: 6 }]}>
        Open findings not covered by an accepted exception, grouped by guide section, then by check, most severe first. {pdfSafe(vm.scope)}.
      </Text>
    </>
  );
}

/** Rough height of a check block in text lines (for splitting chapters into page runs). */
function estimateLines(g: ReportCheckGroup): number {
  const codeLines = (t: string | null) => (t ? wrapCode(t, CODE_COLUMNS).split('\n').length + 2 : 0);
  const shown = Math.min(g.findings.length, MAX_RESOURCES_PER_CHECK);
  const patches = g.findings.filter((f) => f.patch).slice(0, MAX_PATCHES_PER_CHECK);
  return 10 + Math.ceil((g.description.length + g.rationale.length) / 110) + g.remediation.steps.length * 1.5 + codeLines(g.remediation.kubectl) + codeLines(g.remediation.patch) + shown * 1.6 + patches.reduce((n, f) => n + codeLines(f.patch?.body ?? null) + 1, 0);
}

/** About three pages of text: react-pdf lays out the rest of a <Page> again at every page break, so long runs cost quadratic time. */
export const PAGE_RUN_LINES = 170;

/** Splits a section's checks into runs of about PAGE_RUN_LINES lines; each run becomes its own <Page>. */
export function pageRuns(checks: ReportCheckGroup[], budget = PAGE_RUN_LINES): ReportCheckGroup[][] {
  const runs: ReportCheckGroup[][] = [];
  let current: ReportCheckGroup[] = [];
  let lines = 0;
  for (const g of checks) {
    const n = estimateLines(g);
    if (current.length && lines + n > budget) {
      runs.push(current);
      current = [];
      lines = 0;
    }
    current.push(g);
    lines += n;
  }
  if (current.length) runs.push(current);
  return runs;
}

/** Each guide section starts on a new page; long sections continue in runs of pages (see pageRuns). */
function Findings({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
  if (!vm.sections.length) {
    return (
      <Page size="A4" style={s.page}>
        <Chrome vm={vm} />
        <FindingsIntro vm={vm} pages={pages} />
        <Text>No open findings in scope.</Text>
      </Page>
    );
  }
  return (
    <>
      {vm.sections.flatMap((sec, i) =>
        pageRuns(sec.checks).map((run, r) => (
          <Page key={`${sec.id}-${r}`} size="A4" style={s.page} wrap>
            <Chrome vm={vm} />
            {i === 0 && r === 0 ? <FindingsIntro vm={vm} pages={pages} /> : null}
            {r === 0 ? (
              <>
                <Anchor id={`section-${sec.id}`} pages={pages} style={[s.h2, { fontSize: 15, color: '#1e3a8a', marginTop: 0 }]}>
                  {`${sec.number} ${sec.title}`}
                </Anchor>
                <Text style={[s.small, s.muted, { marginBottom: 6 }]}>
                  {sec.count} findings: {SEVERITY_ORDER.filter((x) => sec.bySeverity[x]).map((x) => `${sec.bySeverity[x]} ${x}`).join(', ')}
                </Text>
              </>
            ) : (
              <Text style={[s.small, s.muted, { marginBottom: 6 }]}>
                {sec.number} {sec.title} (continued)
              </Text>
            )}
            {run.map((g) => (
              <CheckBlock key={g.checkId} g={g} multiCluster={vm.clusters.length > 1} />
            ))}
          </Page>
        )),
      )}
    </>
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
      <Findings vm={vm} pages={pages} />
      <Exceptions vm={vm} pages={pages} />
    </Document>
  );
}
