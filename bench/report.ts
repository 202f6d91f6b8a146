/**
 * Benchmark: render a 2,000-finding remediation report PDF (lib/reports/pdf) and print the time.
 * The view model is synthetic but built from the real check catalog (titles, rationale, steps,
 * kubectl, patches), 2,000 findings spread over every check with realistic resource names,
 * messages, field paths and per-resource patches. Target: < 5 s.
 *
 *   npx tsx bench/report.ts [findings=2000] [out.pdf]
 * Prints one JSON line: { findings, checks, pages, bytes, renderMs, rssMb }.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { renderReportPdf } from '../lib/reports/pdf/render';
import { syntheticReportVm } from './report-vm';

const total = Number(process.argv[2] ?? 2000);
const out = process.argv[3];
const vm = syntheticReportVm(total);
const checks = vm.sections.reduce((n, s) => n + s.checks.length, 0);

// Warm-up (module loading, font metrics) is not what a user waits on twice; measure a steady render.
await renderReportPdf({ ...vm, sections: vm.sections.slice(0, 1) });
const t0 = performance.now();
const pdf = await renderReportPdf(vm);
const renderMs = Math.round(performance.now() - t0);
const file = out ?? `/tmp/rampart-bench-report-${process.pid}.pdf`;
writeFileSync(file, pdf);
let pages: number | null = null;
try {
  pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? NaN);
} catch {
  pages = null;
}
console.log(JSON.stringify({ findings: total, checks, pages, bytes: pdf.length, renderMs, targetMs: 5000, ok: renderMs < 5000, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
