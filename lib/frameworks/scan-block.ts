/**
 * `rampart scan --framework <id>`: the additive `frameworks` block of the scan JSON and the
 * per-control table of the text output. The per-check counts are the scan's own tallies (lib/scoring
 * tallyResults, stored the same way as ScanCheckAggregate by checkAggregateData): nothing is
 * counted a second way.
 *
 * frameworks: { "<framework id>": { name, formula, summary: { passed, failed, excepted,
 *   notAssessed, manual, attested, assessed, percent }, controls: [{ id, title, group, assessment,
 *   status, reason, note, checks: [{ checkId, passed, failed, excepted }], counts }] } }
 */
import { checkAggregateData } from '../scans/score-record';
import { tallyResults, type ScorableResult } from '../scoring';
import { COMPLIANCE_FORMULA, evaluateFramework, type CheckCounts, type ControlResult, type FrameworkSummary, type ScanGap } from './evaluate';
import { getFramework } from './index';
import type { FrameworkId } from './types';

export interface ScanFrameworkJson {
  name: string;
  formula: string;
  summary: FrameworkSummary;
  controls: Array<Omit<ControlResult, 'attestation'>>;
}

/** Per-check counts of a scan's results (applicable ones only), as a scan stores them. */
export function checkCountsOfResults(results: readonly ScorableResult[]): Map<string, CheckCounts> {
  const tallies = tallyResults(results);
  return new Map(tallies.map((t) => {
    const a = checkAggregateData(t);
    return [t.checkId, { passed: a.passed, failed: a.failed, excepted: a.excepted }];
  }));
}

export function frameworksBlock(ids: readonly FrameworkId[], results: readonly ScorableResult[], gaps: readonly ScanGap[]): Record<string, ScanFrameworkJson> {
  const checks = checkCountsOfResults(results);
  return Object.fromEntries(
    ids.map((id) => {
      const e = evaluateFramework(getFramework(id), { checks, coverageGaps: gaps });
      return [id, { name: e.framework.name, formula: COMPLIANCE_FORMULA, summary: e.summary, controls: e.controls.map(({ attestation: _a, ...c }) => c) }];
    }),
  );
}

const STATUS_TEXT: Record<ControlResult['status'], string> = { passed: 'PASS', failed: 'FAIL', excepted: 'EXCEPTED', 'not-assessed': 'NOT ASSESSED', manual: 'MANUAL' };

/** The text output's per-control table of one framework block. */
export function renderFrameworkText(id: string, block: ScanFrameworkJson): string {
  const s = block.summary;
  const lines = [
    '',
    `${block.name} (${id}): ${s.percent === null ? 'no control assessed' : `${s.percent}% compliant`} — ${s.passed} passed, ${s.failed} failed, ${s.excepted} excepted, ${s.notAssessed} not assessed, ${s.manual} manual`,
    `  ${block.formula}`,
    '',
  ];
  const rows = block.controls.map((c) => [c.id, c.status === 'not-assessed' && c.reason ? `${STATUS_TEXT[c.status]} (${c.reason})` : STATUS_TEXT[c.status], c.assessment === 'automated' ? `${c.counts.passed}/${c.counts.failed}` : '', c.title]);
  const head = ['CONTROL', 'STATUS', 'PASS/FAIL', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) lines.push(`  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
  return lines.join('\n') + '\n';
}
