/**
 * The evidence pack as a PDF (@react-pdf/renderer, the report pipeline's fonts and text helpers):
 * cover with scope, period, the compliance percentage and the bundle's SHA-256 digest; then every
 * control with its checks and resources evaluated, not-assessed controls with the reason, coverage
 * gaps, exceptions, attestations and the score history. The digest is printed on every page.
 */
import React from 'react';
import { Document, Font, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import type { EvidenceBundle } from '@/lib/compliance/evidence';
import type { EvidenceDigest } from '@/lib/compliance/evidence-digest';
import { PAGE_CHROME } from './document';
import { pdfSafe } from './text';

const STATUS_COLORS: Record<string, string> = { passed: '#15803d', failed: '#b91c1c', excepted: '#a16207', 'not-assessed': '#6b7280', manual: '#1d4ed8' };

const s = StyleSheet.create({
  ...PAGE_CHROME,
  page: { ...PAGE_CHROME.page, fontSize: 9 },
  h1: { fontFamily: 'Helvetica-Bold', fontSize: 18, marginBottom: 8 },
  h2: { fontFamily: 'Helvetica-Bold', fontSize: 12.5, marginTop: 12, marginBottom: 6 },
  muted: { color: '#6b7280' },
  mono: { fontFamily: 'Courier', fontSize: 8.5 },
  digestBox: { borderWidth: 0.75, borderColor: '#9ca3af', backgroundColor: '#f3f4f6', padding: 8, marginVertical: 8 },
  head: { flexDirection: 'row', borderBottomWidth: 0.75, borderBottomColor: '#9ca3af', paddingBottom: 2, marginBottom: 2, fontFamily: 'Helvetica-Bold', fontSize: 7.5 },
  row: { flexDirection: 'row', borderBottomWidth: 0.25, borderBottomColor: '#e5e7eb', paddingVertical: 2, fontSize: 7.5 },
  stat: { width: '16.6%', paddingRight: 6 },
  statValue: { fontFamily: 'Helvetica-Bold', fontSize: 16 },
});

/** A long check id wrapped after a hyphen (the layout does not break inside a word). */
function wrapId(id: string, max = 30): string {
  if (id.length <= max) return id;
  const at = id.lastIndexOf('-', max);
  return at > 0 ? `${id.slice(0, at + 1)}\n${wrapId(id.slice(at + 1), max)}` : id;
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '-');
const when = (iso: string | null | undefined) => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '-');

interface Col {
  title: string;
  width: string;
}

function Table({ cols, rows, empty }: { cols: Col[]; rows: Array<Array<string | React.ReactElement>>; empty: string }) {
  if (!rows.length) return <Text style={s.muted}>{empty}</Text>;
  return (
    <View>
      <View style={s.head} fixed>
        {cols.map((c) => (
          <Text key={c.title} style={{ width: c.width, paddingRight: 4 }}>
            {c.title}
          </Text>
        ))}
      </View>
      {rows.map((r, i) => (
        <View key={i} style={s.row} wrap={false}>
          {r.map((cell, j) =>
            typeof cell === 'string' ? (
              <Text key={j} style={{ width: cols[j]!.width, paddingRight: 4 }}>
                {pdfSafe(cell)}
              </Text>
            ) : (
              <View key={j} style={{ width: cols[j]!.width, paddingRight: 4 }}>
                {cell}
              </View>
            ),
          )}
        </View>
      ))}
    </View>
  );
}

function Status({ status, reason }: { status: string; reason: string | null }) {
  const words = (x: string) => x.replace(/-/g, ' ');
  return <Text style={{ color: STATUS_COLORS[status] ?? '#111827', fontFamily: 'Helvetica-Bold' }}>{`${words(status)}${reason ? `: ${words(reason)}` : ''}`}</Text>;
}

function Chrome({ b }: { b: EvidenceBundle & { digest: EvidenceDigest } }) {
  return (
    <>
      <View style={s.header} fixed>
        <Text>{pdfSafe(`Evidence pack: ${b.framework.name}`)}</Text>
        <Text>Rampart · generated {when(b.generatedAt)}</Text>
      </View>
      <View style={s.footer} fixed>
        <Text>SHA-256 {b.digest.value}</Text>
        <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </View>
    </>
  );
}

/**
 * Whole words only (no "exam-ple.com", "ac-cess"): ids, e-mail addresses and digests must read as
 * written. Global to @react-pdf/renderer, so it is called only in the renderer child process that
 * renders one evidence pack and exits (lib/reports/pdf/render.tsx renderEvidencePdf).
 */
export function keepWordsWhole(): void {
  Font.registerHyphenationCallback((word) => [word]);
}

export function EvidenceDocument({ bundle: b }: { bundle: EvidenceBundle & { digest: EvidenceDigest } }) {
  const scope = b.scope.type === 'fleet' ? `Fleet: ${b.clusters.length} cluster(s)` : `Cluster ${b.clusters[0]?.name ?? ''}`;
  const sm = b.summary;
  return (
    <Document title={`Evidence pack: ${b.framework.name}`} author="Rampart" subject={`SHA-256 ${b.digest.value}`}>
      <Page size="A4" style={s.page}>
        <Chrome b={b} />
        <Text style={s.h1}>{pdfSafe(`Evidence pack: ${b.framework.name}`)}</Text>
        <Text>{pdfSafe(b.framework.description)}</Text>
        <Text style={{ marginTop: 6 }}>
          {pdfSafe(`Scope: ${scope}. Period: ${day(b.scope.period.from)} to ${day(b.scope.period.to)}. Generated ${when(b.generatedAt)}${b.generatedBy ? ` by ${b.generatedBy}` : ''}.`)}
        </Text>
        <View style={s.digestBox}>
          <Text style={{ fontFamily: 'Helvetica-Bold', marginBottom: 3 }}>SHA-256 digest of the JSON bundle</Text>
          <Text style={s.mono}>{b.digest.value}</Text>
          <Text style={[s.muted, { marginTop: 3, fontSize: 7.5 }]}>
            {pdfSafe(`Over: ${b.digest.canonicalization}. Check a bundle with: rampart verify-evidence <file.json>`)}
          </Text>
        </View>
        <View style={{ flexDirection: 'row', marginTop: 6 }}>
          {(
            [
              ['Compliance', sm.percent === null ? '-' : `${sm.percent} %`],
              ['Passed', String(sm.passed)],
              ['Failed', String(sm.failed)],
              ['Excepted', String(sm.excepted)],
              ['Not assessed', String(sm.notAssessed)],
              ['Manual (attested)', `${sm.manual} (${sm.attested})`],
            ] as const
          ).map(([label, value]) => (
            <View key={label} style={s.stat}>
              <Text style={s.muted}>{label}</Text>
              <Text style={s.statValue}>{value}</Text>
            </View>
          ))}
        </View>
        <Text style={[s.muted, { marginTop: 6 }]}>{pdfSafe(b.formula)}</Text>
        <Text style={s.h2} minPresenceAhead={48}>Clusters</Text>
        <Table
          cols={[{ title: 'Cluster', width: '30%' }, { title: 'Kubernetes', width: '20%' }, { title: 'Latest scan', width: '30%' }, { title: 'Compliance', width: '20%' }]}
          rows={b.clusters.map((c) => [c.name, c.kubernetesVersion ?? '-', when(c.latestScan?.finishedAt), c.compliancePercent === null ? '-' : `${c.compliancePercent} %`])}
          empty="No cluster in scope."
        />
        <Text style={s.h2} minPresenceAhead={48}>Compliance over the period</Text>
        <Table
          cols={[{ title: 'Date', width: '40%' }, { title: 'Compliance', width: '15%' }, { title: 'Passed', width: '15%' }, { title: 'Failed', width: '15%' }, { title: 'Excepted', width: '15%' }]}
          rows={b.complianceHistory.map((p) => [when(p.at), p.percent === null ? '-' : `${p.percent} %`, String(p.passed), String(p.failed), String(p.excepted)])}
          empty="No scan in the period."
        />
      </Page>
      <Page size="A4" style={s.page}>
        <Chrome b={b} />
        <Text style={s.h2} minPresenceAhead={48}>Controls</Text>
        <Text style={[s.muted, { marginBottom: 4 }]}>Resources evaluated: results of the control's checks (one per resource and check) in the latest scan(s).</Text>
        <Table
          cols={[{ title: 'Control', width: '9%' }, { title: 'Title', width: '37%' }, { title: 'Status', width: '18%' }, { title: 'Checks', width: '26%' }, { title: 'Resources', width: '10%' }]}
          rows={b.controls.map((c) => [c.id, c.title, <Status key="s" status={c.status} reason={c.reason} />, c.checks.length ? c.checks.map((k) => `${wrapId(k.checkId)} (${k.resourcesEvaluated})`).join(',\n') : c.assessment, c.assessment === 'automated' ? String(c.resourcesEvaluated) : '-'])}
          empty="No controls."
        />
        <Text style={s.h2} minPresenceAhead={48} break>
          Not assessed, and why
        </Text>
        <Table cols={[{ title: 'Control', width: '10%' }, { title: 'Reason', width: '16%' }, { title: 'Why', width: '74%' }]} rows={b.notAssessed.map((c) => [c.id, c.reason ?? '-', c.note ?? ''])} empty="Every control was assessed." />
        <Text style={s.h2} minPresenceAhead={48}>Coverage gaps of the scans</Text>
        <Table cols={[{ title: 'Cluster', width: '18%' }, { title: 'Could not read', width: '32%' }, { title: 'Reason', width: '12%' }, { title: 'Detail', width: '38%' }]} rows={b.coverageGaps.map((g) => [g.cluster, g.resource, g.reason, g.message ?? ''])} empty="None: every scan read everything it lists." />
        <Text style={s.h2} minPresenceAhead={48}>Accepted-risk exceptions on this framework's checks</Text>
        <Table
          cols={[{ title: 'Check (controls)', width: '20%' }, { title: 'Scope', width: '16%' }, { title: 'Reason', width: '24%' }, { title: 'Requested by', width: '20%' }, { title: 'Expires', width: '10%' }, { title: 'Status', width: '10%' }]}
          rows={b.exceptions.map((e) => [`${e.checkId ?? '-'} (${e.controls.join(', ')})`, `${e.cluster ?? 'all clusters'}${e.resource ? `: ${e.resource}` : ''}`, e.reason, `${e.requestedBy ?? '-'}${e.approvedBy ? `, approved by ${e.approvedBy}` : ''}`, day(e.expiresAt), e.status])}
          empty="No exception was in force in the period."
        />
        <Text style={s.h2} minPresenceAhead={48}>Attestations of manual controls</Text>
        <Table
          cols={[{ title: 'Control', width: '10%' }, { title: 'Scope', width: '14%' }, { title: 'Note', width: '36%' }, { title: 'By', width: '20%' }, { title: 'Attested', width: '10%' }, { title: 'Expires', width: '10%' }]}
          rows={b.attestations.map((a) => [a.controlId, a.clusterId ? (b.clusters.find((c) => c.id === a.clusterId)?.name ?? a.clusterId) : 'all clusters', `${a.note}${a.revokedAt ? ` (revoked ${day(a.revokedAt)})` : ''}`, a.attestedBy ?? '-', day(a.attestedAt), day(a.expiresAt)])}
          empty="No attestation in the period."
        />
        <Text style={s.h2} minPresenceAhead={48}>Score history</Text>
        <Table
          cols={[{ title: 'Cluster', width: '30%' }, { title: 'When', width: '35%' }, { title: 'Cause', width: '15%' }, { title: 'Score', width: '20%' }]}
          rows={b.scoreHistory.map((p) => [p.cluster, when(p.at), p.cause, `${p.score}${p.partial ? ' (partial)' : ''}`])}
          empty="No score recorded in the period."
        />
      </Page>
    </Document>
  );
}
