/**
 * The human-readable summary of `rampart scan` (default --format table): source, overall score
 * and grade, the six section scores, failing findings grouped by severity, coverage gaps and
 * anything that could not be loaded or evaluated. Plain text, no colours (safe for CI logs).
 */
import { SECTION_IDS, SEVERITIES, type SectionId } from '../checks/types';
import type { ScanOutcome } from '../scan/outcome';
import { failingFindings, locationOf } from './scan-json';

const SECTION_TITLES: Record<SectionId, string> = {
  cluster: '1 Securing the Cluster',
  authentication: '2 Authentication',
  authorization: '3 Authorization',
  images: '4 Container Images',
  workloads: '5 Running Containers',
  secrets: '6 Secrets Management',
};

function table(rows: string[][], rightAlign: Set<number> = new Set()): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (rightAlign.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function resourceName(r: { kind: string; namespace?: string; name: string }): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function renderTable(outcome: ScanOutcome, options: { maxPerSeverity?: number } = {}): string {
  const { score, results, errors } = outcome.evaluation;
  const out: string[] = [];
  const src = `${outcome.source.type} ${outcome.source.name}${outcome.serverVersion ? ` (Kubernetes ${outcome.serverVersion})` : ''}`;
  out.push(`Rampart scan of ${src}`);
  out.push(`Scanned at ${outcome.scannedAt}`);
  out.push('');
  out.push(`Overall score: ${score.overall.score}/100  grade ${score.overall.grade}  (${score.overall.passed + score.overall.excepted} passed, ${score.overall.failed} failed)`);
  out.push('');
  const rows: string[][] = [['Section', 'Score', 'Grade', 'Passed', 'Failed']];
  for (const s of SECTION_IDS) {
    const x = score.sections[s];
    rows.push([SECTION_TITLES[s], String(x.score), x.grade, String(x.passed + x.excepted), String(x.failed)]);
  }
  out.push(table(rows, new Set([1, 3, 4])));

  const failing = failingFindings(results);
  out.push('');
  if (failing.length === 0) out.push('No failing findings.');
  else out.push(`Findings (${failing.length} failing):`);
  const max = options.maxPerSeverity ?? Infinity;
  for (const sev of SEVERITIES) {
    const group = failing.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('');
    out.push(`${sev.toUpperCase()} (${group.length})`);
    for (const f of group.slice(0, max)) {
      const loc = locationOf(outcome, f.resource);
      out.push(`  [${f.checkId}] ${resourceName(f.resource)}${loc ? `  (${loc.file}:${loc.line})` : ''}`);
      out.push(`      ${f.message}`);
      if (f.path) out.push(`      field: ${f.path}`);
      if (f.remediation.steps[0]) out.push(`      fix: ${f.remediation.steps[0]}`);
    }
    if (group.length > max) out.push(`  ... and ${group.length - max} more (use --format json for all)`);
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
