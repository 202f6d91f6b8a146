/**
 * The report's findings chapter: one flowing run of pages per guide section (a section starts on a
 * new page; within it, checks follow each other with no forced breaks; only a section longer than
 * about forty pages continues on a new page, see PAGE_RUN_LINES). Small blocks (a check's
 * title line, a step, a short code block, ten affected resources) never split across pages, the
 * PDF counterpart of CSS break-inside: avoid; long text flows on.
 */
import React from 'react';
import { Page, Text, View } from '@react-pdf/renderer';
import { resourceLabel } from '@/lib/dashboard/resource-label';
import type { ReportCheckGroup, ReportViewModel } from '../view-model';
import { checkFixes, MAX_RESOURCES_PER_CHECK } from './check-fixes';
import { Anchor, Badge, Chrome, chunks, CODE_COLUMNS, s, SEVERITY_COLORS, Snippet } from './parts';
import { pdfSafe, wrapCode } from './text';
import { stepPlainText } from '../../remediation/steps';
import { SEVERITIES } from '@/lib/vocabulary';

/** A description up to this long travels with its check's title (never a title alone at a page's foot). */
const SHORT_DESCRIPTION = 700;

function CheckBlock({ g, multiCluster }: { g: ReportCheckGroup; multiCluster: boolean }) {
  const shown = g.findings.slice(0, MAX_RESOURCES_PER_CHECK);
  const fixes = checkFixes(g, multiCluster);
  const kubelet = g.remediation.appliesTo === 'kubelet-config';
  const patchLabel = kubelet ? 'Kubelet configuration (KubeletConfiguration fragment)' : 'YAML patch';
  return (
    <View style={s.check}>
      {/* The title block never splits, and keeps a short description with it. (react-pdf's minPresenceAhead made layout about twice as slow.) */}
      <View wrap={false} style={{ borderTopWidth: 0.75, borderTopColor: '#e5e7eb', paddingTop: 6 }}>
        <View style={[s.row, { alignItems: 'center', marginBottom: 2 }]}>
          <Badge severity={g.severity} />
          <Text style={[s.h3, { marginLeft: 6, marginBottom: 0, flex: 1 }]}>{pdfSafe(g.title)}</Text>
        </View>
        <Text style={[s.small, s.muted]}>
          {g.checkId} · guide {g.guideRef} · {g.findings.length} affected {g.findings.length === 1 ? 'resource' : 'resources'}
          {g.frameworks.length ? ` · ${g.frameworks.join(', ')}` : ''}
        </Text>
        {g.description && g.description.length <= SHORT_DESCRIPTION ? <Text style={{ marginTop: 3 }}>{pdfSafe(g.description)}</Text> : null}
      </View>
      {g.description && g.description.length > SHORT_DESCRIPTION ? <Text style={{ marginTop: 3 }}>{pdfSafe(g.description)}</Text> : null}
      <Text style={s.label}>Why it matters</Text>
      <Text>{pdfSafe(g.rationale)}</Text>
      <Text style={s.label}>How to fix</Text>
      {fixes.steps.map((step, i) => (
        <View key={i} style={[s.row, { marginBottom: 1.5 }]} wrap={false}>
          <Text style={{ width: 14 }}>{i + 1}.</Text>
          <Text style={{ flex: 1 }}>{pdfSafe(stepPlainText(step))}</Text>
        </View>
      ))}
      {fixes.commands.length ? <Snippet label={fixes.commands.length > 1 ? 'kubectl (filled in for each resource)' : 'kubectl'}>{fixes.commands.join('\n\n')}</Snippet> : null}
      {fixes.moreCommands ? <Text style={[s.small, s.muted]}>…and {fixes.moreCommands} more commands of the same form, one per resource.</Text> : null}
      {fixes.noCommand ? (
        <Text style={[s.small, s.muted]}>
          {fixes.noCommand} {fixes.noCommand === 1 ? 'resource is' : 'resources are'} of a kind that takes no kubectl patch (a bare Pod, a Rollout): change the manifest and apply it again.
        </Text>
      ) : null}
      {fixes.patches.map((p) => (
        <Snippet key={p.body} label={fixes.patches.length > 1 || g.findings.length > 1 ? `${patchLabel} for ${pdfSafe(p.resource)}${p.others ? ` and ${p.others} more` : ''}` : patchLabel}>
          {p.body}
        </Snippet>
      ))}
      {fixes.morePatches ? <Text style={[s.small, s.muted]}>…{fixes.morePatches} more resource patches: see each finding&apos;s page or the JSON export.</Text> : null}
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

/** Rough height of a check block in text lines (for splitting very long sections into runs of pages). */
function estimateLines(g: ReportCheckGroup): number {
  const fixes = checkFixes(g);
  const codeLines = (t: string) => wrapCode(t, CODE_COLUMNS).split('\n').length + 2;
  const shown = Math.min(g.findings.length, MAX_RESOURCES_PER_CHECK);
  return (
    10 +
    Math.ceil((g.description.length + g.rationale.length) / 110) +
    fixes.steps.length * 1.5 +
    (fixes.commands.length ? codeLines(fixes.commands.join('\n\n')) : 0) +
    fixes.patches.reduce((n, p) => n + codeLines(p.body) + 1, 0) +
    shown * 1.6
  );
}

/**
 * About forty pages of text. react-pdf lays out the rest of a <Page> again at every page break, so
 * a run of n pages costs about n² in layout time: a section longer than this (a fleet report of
 * thousands of findings) continues on a new <Page>, whose predecessor may end short. A report of a
 * few hundred findings has every section in one run.
 */
export const PAGE_RUN_LINES = 2500;

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

/** Each guide section starts on a new page and flows on over as many pages as it needs. */
export function Findings({ vm, pages }: { vm: ReportViewModel; pages: Map<string, number> }) {
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
                  {sec.count} findings: {SEVERITIES.filter((x) => sec.bySeverity[x]).map((x) => `${sec.bySeverity[x]} ${x}`).join(', ')}
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
