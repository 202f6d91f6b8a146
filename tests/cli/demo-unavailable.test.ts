/**
 * `rampart demo` and `rampart bench` need parts of a source checkout (the demo estate, bench/,
 * development dependencies). The container image ships none (Dockerfile: lib/, bin/ and
 * production dependencies only), so there they refuse with a message instead of failing on an import.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchUnavailable } from '@/bin/commands/bench';
import { demoUnavailable } from '@/bin/commands/demo';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'rampart-demo-image-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('rampart demo outside a source checkout', () => {
  it('runs from the source checkout', () => {
    expect(demoUnavailable(ROOT)).toBeUndefined();
    expect(benchUnavailable(ROOT)).toBeUndefined();
  });

  it('refuses, naming what is missing and what to do, where the image has neither the estate nor the dev dependency', () => {
    writeFileSync(path.join(tmp, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
    const reason = demoUnavailable(tmp);
    expect(reason).toMatch(/fixtures\/demo-cluster/);
    expect(reason).toMatch(/container image/);
    expect(reason).toMatch(/rampart serve/);
    expect(benchUnavailable(tmp)).toMatch(/lacks bench, selfsigned \(a development dependency\) and autocannon \(a development dependency\)/);
  });

  it('refuses when only the estate is there', () => {
    cpSync(path.join(ROOT, 'fixtures/demo-cluster'), path.join(tmp, 'fixtures/demo-cluster'), { recursive: true });
    expect(demoUnavailable(tmp)).toBeDefined();
  });

  it('the CLI laid out as in the image (bin, lib, production files; no fixtures, no bench/) exits 1 with the message for demo and bench', () => {
    const image = path.join(tmp, 'image');
    mkdirSync(image);
    cpSync(path.join(ROOT, 'bin'), path.join(image, 'bin'), { recursive: true });
    for (const dir of ['lib', 'node_modules']) symlinkSync(path.join(ROOT, dir), path.join(image, dir));
    for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(ROOT, file), path.join(image, file));
    const rampart = (command: string) => spawnSync(process.execPath, ['bin/rampart.mjs', command], { cwd: image, encoding: 'utf8', env: { ...process.env, RAMPART_DATA_DIR: path.join(tmp, 'data') } });
    const demo = rampart('demo');
    expect(demo.status).toBe(1);
    expect(demo.stderr).toMatch(/rampart demo: this installation lacks fixtures\/demo-cluster/);
    const bench = rampart('bench');
    expect(bench.status).toBe(1);
    expect(bench.stderr).toMatch(/rampart bench: this installation lacks bench: the container image leaves it out/);
  });

  it('the Dockerfile still leaves both out (if it ships them, this refusal is stale)', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/COPY[^\n]*fixtures/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies.selfsigned).toBeDefined();
  });
});
