/**
 * The human-readable summary of `rampart scan` (default --format table): source, overall score
 * and grade, the six section scores, failing findings grouped by severity, coverage gaps and
 * anything that could not be loaded or evaluated. Every failing finding is listed, grouped by
 * severity then check (the check's title and first fix step once, then one line per resource).
 * Coloured only when asked (`color: true`, for a terminal); plain text otherwise (CI logs, files).
 */
import { SECTION_IDS, SEVERITIES, type Severity } from '../checks/types';
import { sectionLabel } from '../dashboard/sections';
import type { ScanOutcome } from '../evaluation/outcome';
import { capLabel } from '../scoring';
import { failingFindings, locationOf } from './scan-json';

/** ANSI styles for a terminal; every one is the identity when colour is off (piped output, NO_COLOR). */
interface Styles {
  bold: (s: string) => string;
  dim: (s: string) => string;
  severity: (sev: Severity, s: string) => string;
  grade: (grade: string, s: string) => string;
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const SEVERITY_STYLE: Record<Severity, (s: string) => string> = {
  critical: ansi('1;31'),
  high: ansi('31'),
  medium: ansi('33'),
  low: ansi('36'),
  info: ansi('2'),
};
const GRADE_STYLE: Record<string, (s: string) => string> = { A: ansi('32'), B: ansi('32'), C: ansi('33'), D: ansi('31'), F: ansi('1;31') };

function stylesFor(color: boolean): Styles {
  if (!color) return { bold: (s) => s, dim: (s) => s, severity: (_, s) => s, grade: (_, s) => s };
  return { bold: ansi('1'), dim: ansi('2'), severity: (sev, s) => SEVERITY_STYLE[sev](s), grade: (g, s) => (GRADE_STYLE[g] ?? ((x: string) => x))(s) };
}

/** Aligned columns; `style` colours a cell after padding, so escape codes never count toward widths. */
function table(rows: string[][], rightAlign: Set<number> = new Set(), style: (row: number, col: number, cell: string) => string = (_r, _c, cell) => cell): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[], ri: number): string =>
    r
      .map((cell, i) => style(ri, i, rightAlign.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(rows[0], 0), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map((r, i) => line(r, i + 1))].join('\n');
}

function resourceName(r: { kind: string; namespace?: string; name: string }): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export interface TableOptions {
  /** ANSI colours (a terminal). Default off. */
  color?: boolean;
}

export function renderTable(outcome: ScanOutcome, options: TableOptions = {}): string {
  const st = stylesFor(options.color ?? false);
  const { score, results, errors } = outcome.evaluation;
  const out: string[] = [];
  const src = `${outcome.source.type} ${outcome.source.name}${outcome.serverVersion ? ` (Kubernetes ${outcome.serverVersion})` : ''}`;
  out.push(st.bold(`Rampart scan of ${src}`));
  out.push(`Scanned at ${outcome.scannedAt}`);
  out.push('');
  const o = score.overall;
  const capped = o.cap ? `, ${capLabel(o.cap)}` : '';
  out.push(`Overall score: ${st.bold(`${o.score}/100`)}  grade ${st.grade(o.grade, o.grade)}  (${o.passed + o.excepted} passed, ${o.failed} failed${capped})`);
  out.push('');
  const rows: string[][] = [['Section', 'Score', 'Grade', 'Passed', 'Failed', 'Cap']];
  for (const s of SECTION_IDS) {
    const x = score.sections[s];
    rows.push([sectionLabel(s), String(x.score), x.grade, String(x.passed + x.excepted), String(x.failed), capLabel(x.cap) ?? '']);
  }
  out.push(
    table(rows, new Set([1, 3, 4]), (row, col, cell) => {
      if (row === 0) return st.bold(cell);
      return col === 2 ? st.grade(cell.trim(), cell) : cell;
    }),
  );

  const failing = failingFindings(results);
  out.push('');
  if (failing.length === 0) out.push('No failing findings.');
  else out.push(st.bold(`Findings (${failing.length} failing), by severity and check:`));
  for (const sev of SEVERITIES) {
    const group = failing.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('');
    out.push(st.severity(sev, `${sev.toUpperCase()} (${group.length})`));
    const byCheck = new Map<string, typeof group>();
    for (const f of group) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
    for (const [checkId, findings] of byCheck) {
      const first = findings[0];
      out.push(`  ${st.bold(first.title)} ${st.dim(`[${checkId}]`)} (${findings.length})`);
      if (first.remediation.steps[0]) out.push(st.dim(`    fix: ${first.remediation.steps[0]}`));
      for (const f of findings) {
        const loc = locationOf(outcome, f);
        const where = [f.path ? `field ${f.path}` : '', loc ? `${loc.file}:${loc.line}` : ''].filter(Boolean).join(', ');
        // Most messages already name their resource; say it only when the message does not.
        const named = f.message.includes(f.resource.namespace ? `${f.resource.namespace}/${f.resource.name}` : f.resource.name);
        out.push(`    - ${named ? f.message : `${resourceName(f.resource)}: ${f.message}`}${where ? st.dim(`  (${where})`) : ''}`);
      }
    }
  }

  if (outcome.gaps.length > 0) {
    out.push('');
    out.push(`Coverage gaps (${outcome.gaps.length}): these were not assessed`);
    for (const g of outcome.gaps) out.push(`  - ${g.resource} [${g.reason}]: ${g.message}`);
  }
  if (outcome.loadErrors.length > 0) {
    out.push('');
    out.push(`Skipped documents (${outcome.loadErrors.length}):`);
    for (const e of outcome.loadErrors) out.push(`  - ${e.file}:${e.line}: ${e.message}`);
  }
  if (errors.length > 0) {
    out.push('');
    out.push(`Checks that failed to run (${errors.length}):`);
    for (const e of errors) out.push(`  - ${e.checkId}: ${e.message}`);
  }
  return out.join('\n') + '\n';
}
