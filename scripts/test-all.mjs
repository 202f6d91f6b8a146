#!/usr/bin/env node
/**
 * The one test command (`npm test`): typecheck, lint, unit + integration tests (vitest),
 * production build, browser tests (Playwright in Debian's Chromium). Runs every step even
 * when one fails, then prints one summary line: "rampart: N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `./node_modules/.bin/${name}`;
mkdirSync('tmp', { recursive: true });

const steps = [];
function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  const ok = res.status === 0;
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
/** Names of failed tests, repeated after the step summary so the end of a CI log says what failed. */
const failures = [];
let failed = 0;
let skipped = 0;

const typecheckOk = run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
const lintOk = run('lint', bin('eslint'), ['.', '--max-warnings=0']);
for (const ok of [typecheckOk, lintOk]) {
  if (ok) passed++;
  else failed++;
}

rmSync('tmp/vitest.json', { force: true });
const vitestOk = run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=tmp/vitest.json']);
const vitest = readJson('tmp/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  // A suite that failed to load counts as a failure even when it reported no tests.
  if (!vitestOk && vitest.numFailedTests === 0) failed += Math.max(1, vitest.numFailedTestSuites ?? 1);
  for (const file of vitest.testResults ?? []) {
    const rel = String(file.name ?? '').replace(`${process.cwd()}/`, '');
    const bad = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of bad) failures.push(`vitest ${rel} › ${a.fullName}: ${String(a.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)}`);
    if (!bad.length && file.status === 'failed') failures.push(`vitest ${rel}: ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`);
  }
} else if (!vitestOk) failed++;

const buildOk = run('build (next build)', bin('next'), ['build']);
if (buildOk) passed++;
else failed++;

if (buildOk) {
  rmSync('tmp/playwright.json', { force: true });
  const e2eOk = run('browser (playwright)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'tmp/playwright.json' });
  const pw = readJson('tmp/playwright.json');
  if (pw?.stats) {
    // A flaky test (failed, then passed on retry) is reported as passed; Playwright prints it as flaky.
    passed += pw.stats.expected + (pw.stats.flaky ?? 0);
    failed += pw.stats.unexpected;
    skipped += pw.stats.skipped;
    if (!e2eOk && pw.stats.unexpected === 0) failed++;
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          if (t.status === 'unexpected') failures.push(`playwright ${spec.file} › ${[...titles, spec.title].join(' › ')}`);
      for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
    };
    for (const suite of pw.suites ?? []) walk(suite, []);
  } else if (!e2eOk || !existsSync('tmp/playwright.json')) failed++;
}

console.log('\n=== steps');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds}s)`);
if (failures.length) {
  console.log('\n=== failed tests');
  for (const f of failures) console.log(f);
}
console.log(`\nrampart: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
