/**
 * Building blocks shared by the report's pages: styles, severity colours, badges, code blocks
 * (hard-wrapped to the block width) and the anchors the table of contents reads page numbers from.
 */
import React from 'react';
import { StyleSheet, Text, View } from '@react-pdf/renderer';
import type { Severity } from '@/lib/vocabulary';
import type { ReportViewModel } from '../view-model';
import { pdfSafe, wrapCode } from './text';

export type PdfStyle = React.ComponentProps<typeof View>['style'];

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#b91c1c', high: '#c2410c', medium: '#a16207', low: '#1d4ed8', info: '#4b5563' };
export const GRADE_COLORS: Record<string, string> = { A: '#15803d', B: '#4d7c0f', C: '#a16207', D: '#c2410c', F: '#b91c1c' };

const CODE_FONT_SIZE = 7.5;
/** Characters per code line: block width 515 − 2 × 6 padding, Courier is 0.6 em wide. */
export const CODE_COLUMNS = Math.floor((515 - 12) / (CODE_FONT_SIZE * 0.6));

/** Page margins and the running header and footer, shared by every Rampart PDF (reports, evidence packs). */
export const PAGE_CHROME = {
  page: { paddingTop: 54, paddingBottom: 50, paddingHorizontal: 40, fontFamily: 'Helvetica', fontSize: 9.5, color: '#111827' },
  header: { position: 'absolute', top: 22, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: '#6b7280', borderBottomWidth: 0.5, borderBottomColor: '#d1d5db', paddingBottom: 4 },
  footer: { position: 'absolute', bottom: 22, left: 40, right: 40, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: '#6b7280' },
} as const;

export const s = StyleSheet.create({
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

export function Badge({ severity }: { severity: Severity }) {
  return <Text style={[s.badge, { backgroundColor: SEVERITY_COLORS[severity] }]}>{severity}</Text>;
}

export function Code({ children }: { children: string }) {
  // Leading spaces become no-break spaces: the layout would otherwise drop YAML indentation.
  const text = wrapCode(children, CODE_COLUMNS).replace(/^ +/gm, (m) => '\u00a0'.repeat(m.length));
  return <Text style={s.code}>{text}</Text>;
}

export function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** A labelled code block; short ones never split from their label. */
export function Snippet({ label, children }: { label: string; children: string }) {
  const short = wrapCode(children, CODE_COLUMNS).split('\n').length < 40;
  return (
    <View wrap={!short}>
      <Text style={s.label}>{label}</Text>
      <Code>{children}</Code>
    </View>
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

export function fmtDate(iso: string | null): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}
export function fmtDay(iso: string | null): string {
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
