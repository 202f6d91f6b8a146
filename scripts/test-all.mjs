#!/usr/bin/env node
/**
 * The one test command (`npm test`): typecheck, lint, unit + integration tests (vitest),
 * production build, browser tests (Playwright in Chromium). Runs every step even
 * when one fails, then prints one summary line: "rampart: N passed, N failed, N skipped".
 *
 * PostgreSQL: TEST_DATABASE_URL when set; else the default address when a server answers there;
 * else a throwaway embedded PostgreSQL (scripts/test-postgres.mjs), stopped at the end, on failure
 * and on Ctrl-C. Chromium: scripts/find-chromium.mjs; when none is found the browser step stops
 * with the command that installs one.
 *
 *   node scripts/test-all.mjs                                   # everything
 *   node scripts/test-all.mjs --default-database-url URL        # probe URL instead of 127.0.0.1:5432
 *   node scripts/test-all.mjs --vitest-only FILE…               # only these vitest files (no other step)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium, INSTALL_CHROMIUM_COMMAND } from './find-chromium.mjs';
import { DEFAULT_TEST_DATABASE_URL, ensureTestPostgres } from './test-postgres.mjs';

const argv = process.argv.slice(2);
const flagValue = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const vitestOnlyAt = argv.indexOf('--vitest-only');
const vitestOnly = vitestOnlyAt >= 0 ? argv.slice(vitestOnlyAt + 1) : undefined;

const bin = (name) => `./node_modules/.bin/${name}`;
mkdirSync('tmp', { recursive: true });

let database;
let current;
async function shutdown(code) {
  if (current) current.kill('SIGTERM');
  await database?.stop();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));

try {
  database = await ensureTestPostgres({ defaultUrl: flagValue('--default-database-url') ?? DEFAULT_TEST_DATABASE_URL });
} catch (e) {
  console.error(`\n${e.message}`);
  console.log('\nrampart: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
console.log(`PostgreSQL ${database.version} (${database.source === 'embedded' ? 'embedded, for this run only' : database.source === 'configured' ? 'TEST_DATABASE_URL' : 'default address'})`);
const testEnv = { TEST_DATABASE_URL: database.url };

const steps = [];
function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    current = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...testEnv, ...env } });
    current.on('error', () => undefined);
    current.on('close', (status) => {
      current = undefined;
      const ok = status === 0;
      steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
      resolve(ok);
    });
  });
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

const typecheckOk = vitestOnly ? true : await run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
const lintOk = vitestOnly ? true : await run('lint', bin('eslint'), ['.', '--max-warnings=0']);
if (!vitestOnly)
  for (const ok of [typecheckOk, lintOk]) {
    if (ok) passed++;
    else failed++;
  }

rmSync('tmp/vitest.json', { force: true });
const vitestOk = await run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=tmp/vitest.json', ...(vitestOnly ?? [])]);
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

const chromium = findChromium();
const buildOk = vitestOnly ? false : await run('build (next build)', bin('next'), ['build']);
if (!vitestOnly) {
  if (buildOk) passed++;
  else failed++;
}
if (!vitestOnly && !chromium) {
  console.log(`\n=== browser (playwright): no Chromium found. Install one with:\n\n    ${INSTALL_CHROMIUM_COMMAND}\n\n(or a system Chromium, e.g. apt-get install chromium; RAMPART_CHROMIUM=/path/to/chrome picks one)`);
  steps.push({ name: 'browser (playwright): no Chromium', ok: false, seconds: 0 });
  failed++;
}

if (buildOk && chromium) {
  rmSync('tmp/playwright.json', { force: true });
  const e2eOk = await run('browser (playwright)', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'tmp/playwright.json', RAMPART_CHROMIUM: chromium });
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
await database.stop();
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
