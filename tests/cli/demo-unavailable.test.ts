/**
 * `rampart demo` needs the demo estate and the simulator's development dependency. The container
 * image ships neither (Dockerfile: lib/, bin/ and production dependencies only), so there it
 * refuses with a message instead of failing on an import.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoUnavailable } from '@/bin/commands/demo';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'rampart-demo-image-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('rampart demo outside a source checkout', () => {
  it('runs from the source checkout', () => {
    expect(demoUnavailable(ROOT)).toBeUndefined();
  });

  it('refuses, naming what is missing and what to do, where the image has neither the estate nor the dev dependency', () => {
    writeFileSync(path.join(tmp, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
    const reason = demoUnavailable(tmp);
    expect(reason).toMatch(/fixtures\/demo-cluster/);
    expect(reason).toMatch(/container image/);
    expect(reason).toMatch(/rampart serve/);
  });

  it('refuses when only the estate is there', () => {
    cpSync(path.join(ROOT, 'fixtures/demo-cluster'), path.join(tmp, 'fixtures/demo-cluster'), { recursive: true });
    expect(demoUnavailable(tmp)).toBeDefined();
  });

  it('the CLI laid out as in the image (bin, lib, production files; no fixtures) exits 1 with the message', () => {
    const image = path.join(tmp, 'image');
    mkdirSync(image);
    cpSync(path.join(ROOT, 'bin'), path.join(image, 'bin'), { recursive: true });
    for (const dir of ['lib', 'node_modules']) symlinkSync(path.join(ROOT, dir), path.join(image, dir));
    for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(ROOT, file), path.join(image, file));
    const run = spawnSync(process.execPath, ['bin/rampart.mjs', 'demo'], { cwd: image, encoding: 'utf8', env: { ...process.env, RAMPART_DATA_DIR: path.join(tmp, 'data') } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/rampart demo: the demo needs the demo cluster \(fixtures\/demo-cluster\)/);
  });

  it('the Dockerfile still leaves both out (if it ships them, this refusal is stale)', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/COPY[^\n]*fixtures/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies.selfsigned).toBeDefined();
  });
});
